import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textDirective, textFragmentUrl } from '../../src/shared/text-fragment';
import type { TextQuoteSelector } from '../../src/shared/types';

const quote = (exact: string, prefix = '', suffix = ''): TextQuoteSelector => ({
  type: 'TextQuoteSelector',
  exact,
  prefix,
  suffix,
});

/** 32 characters, as the anchoring code stores context. */
const context32 = (text: string) => {
  expect(text.length).toBe(32);
  return text;
};

/** The terms of a directive, decoded: [prefix?, start, end?, suffix?] with their markers. */
function terms(directive: string) {
  const parts = directive.split(',');
  const prefix = parts[0]!.endsWith('-') ? decodeURIComponent(parts.shift()!.slice(0, -1)) : undefined;
  const suffix = parts[parts.length - 1]!.startsWith('-') ? decodeURIComponent(parts.pop()!.slice(1)) : undefined;
  const [start, end] = parts.map(decodeURIComponent);
  return { prefix, start, end, suffix };
}

describe('textFragmentUrl: a link to the passage itself', () => {
  it('links a short passage in full, with the words around it to pick this occurrence', () => {
    const selector = quote(
      'the model',
      context32('s fast. So then we loaded again '),
      context32(' and it ran out of memory, on th'),
    );
    expect(textFragmentUrl('https://a.example/post', selector)).toBe(
      'https://a.example/post#:~:text=we%20loaded%20again-,the%20model,-and%20it%20ran',
    );
  });

  it('encodes the characters that are syntax in a text directive: - , & and spaces', () => {
    const url = textFragmentUrl('https://a.example/', quote('well-known, tried & true'));
    expect(url).toBe('https://a.example/#:~:text=well%2Dknown%2C%20tried%20%26%20true');
    expect(decodeURIComponent(url.split('text=')[1]!)).toBe('well-known, tried & true');
  });

  it('replaces the page URL’s own fragment', () => {
    expect(textFragmentUrl('https://a.example/doc#section-2', quote('Word'))).toBe(
      'https://a.example/doc#:~:text=Word',
    );
  });

  it('links a passage across paragraphs by the first words of the first and the last words of the last', () => {
    const selector = quote(
      'It began in spring, with a small grant.\nMore text here.\nAnd it ended with a book that sold well.',
    );
    expect(terms(textDirective(selector)!)).toEqual({
      prefix: undefined,
      start: 'It began in spring,',
      end: 'book that sold well.',
      suffix: undefined,
    });
  });

  it('links a long one-paragraph passage by its first and last words', () => {
    const long = `Alpha beta gamma delta epsilon ${'filler '.repeat(20)}zeta eta theta iota.`;
    expect(terms(textDirective(quote(long))!)).toMatchObject({
      start: 'Alpha beta gamma delta',
      end: 'zeta eta theta iota.',
    });
  });

  it('cuts a long run without spaces (Chinese, Japanese) by characters', () => {
    const long = '人工智能'.repeat(30);
    const { start, end } = terms(textDirective(quote(long))!);
    expect([start!.length, end!.length]).toEqual([40, 40]);
  });

  it('takes context only from the passage’s own paragraph (a directive term cannot cross blocks)', () => {
    const selector = quote(
      'Passage',
      'last words of the paragraph.\nTitle ',
      ' ends here.\nNext paragraph text goes on',
    );
    expect(terms(textDirective(selector)!)).toMatchObject({ prefix: 'Title', suffix: 'ends here.' });
  });

  it('leaves out a word of context the stored 32 characters may have cut in half', () => {
    const selector = quote(
      'passage',
      context32('practically nothing came before '),
      context32(' and much came after it, unendin'),
    );
    expect(terms(textDirective(selector)!)).toMatchObject({ prefix: 'nothing came before', suffix: 'and much came' });
    const fewWords = quote('passage', context32('ncomprehensibilities abound here'), '');
    expect(terms(textDirective(fewWords)!)).toMatchObject({ prefix: 'abound here' });
  });

  it('keeps the first word of context that starts the page (shorter than 32 characters)', () => {
    expect(terms(textDirective(quote('passage', 'Opening words then ', ''))!)).toMatchObject({
      prefix: 'Opening words then',
    });
  });

  it('collapses runs of whitespace as the browser does when it searches', () => {
    expect(textDirective(quote('  spaced \t  out  '))).toBe('spaced%20out');
  });

  it('gives no directive for a passage of only whitespace', () => {
    expect(textDirective(quote(' \n\t'))).toBeUndefined();
    expect(textFragmentUrl('https://a.example/x#y', quote(' '))).toBe('https://a.example/x');
  });

  it('never leaves - , or & unencoded, and each term is a piece of the stored text, for any text', () => {
    const text = fc.string({ unit: 'binary', maxLength: 120 });
    const withSyntax = fc
      .array(fc.constantFrom('-', ',', '&', ' ', '\n', 'word', 'x', '人工', '#', ':~:', '%', '\uD800'), {
        maxLength: 30,
      })
      .map((parts) => parts.join(''));
    const any = fc.oneof(text, withSyntax);
    fc.assert(
      fc.property(any, any, any, (exact, prefix, suffix) => {
        const directive = textDirective(quote(exact, prefix, suffix));
        if (directive === undefined) {
          expect(exact.trim()).toBe('');
          return;
        }
        expect(directive).toMatch(/^[A-Za-z0-9%._]+(?:-?,-?[A-Za-z0-9%._]+)*-?$/);
        const flat = (s: string) =>
          s
            .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
            .replace(/[ \t\n\r\f]+/g, ' ');
        const found = terms(directive);
        for (const term of [found.start, found.end, found.prefix, found.suffix]) {
          if (term !== undefined) expect(term.length).toBeGreaterThan(0);
        }
        expect(flat(exact)).toContain(found.start);
        if (found.end !== undefined) expect(flat(exact)).toContain(found.end);
        if (found.prefix !== undefined) expect(flat(prefix).trimEnd().endsWith(found.prefix)).toBe(true);
        if (found.suffix !== undefined) expect(flat(suffix).trimStart().startsWith(found.suffix)).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
});
