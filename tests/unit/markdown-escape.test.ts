import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockquote, escapeMarkdownText, quoteLines } from '../../src/shared/markdown-escape';
import { decodeHtmlText, markdownIt, quoteParagraphs, renderers } from './markdown-render';

/** Pieces of text that are syntax somewhere: Markdown, GFM, HTML, Obsidian, entities, links. */
const SYNTAX = [
  '#',
  '# ',
  '##',
  '>',
  '> ',
  '-',
  '- ',
  '+',
  '*',
  '**',
  '_',
  '__',
  '[',
  ']',
  '(',
  ')',
  '![',
  '[[',
  ']]',
  '[^1]',
  '[x](y)',
  '[!note]',
  '|',
  '| --- |',
  '~',
  '~~',
  '=',
  '==',
  '===',
  '---',
  '***',
  '___',
  '<',
  '>',
  '`',
  '```',
  '~~~',
  '\\',
  '!',
  '&',
  ';',
  '&amp;',
  '&#65;',
  '&#x41;',
  '&copy',
  '&nbsp;',
  ':',
  '/',
  '//',
  'http://',
  'https://a.b',
  'www.',
  'www.example.com',
  'mailto:',
  'x@y.com',
  '@',
  'javascript:alert(1)',
  '<script>alert(1)</script>',
  '<b>',
  '</b>',
  '<!--',
  '-->',
  '<?',
  '<!X',
  '<![CDATA[',
  '<div>',
  '<a href="x">',
  '<https://e.com>',
  '1.',
  '1)',
  '10. ',
  '123456789.',
  '1234567890)',
  '$',
  '$$',
  '^',
  '^abc',
  '%',
  '%%',
  '{',
  '}',
  '"',
  "'",
  '.',
  ',',
  '?',
  ' ',
  '  ',
  '    ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\n\n',
  'a',
  'b',
  'Z',
  '0',
  '9',
  'x',
  'www',
  'W',
  'é',
  'e\u0301',
  '\u0301',
  '😀',
  '👨‍👩‍👧',
  'שלום',
  'مرحبا',
  '\u00A0',
  '\u2003',
  '\u3000',
  '\u2028',
  '\u2029',
  '\uFEFF',
  '\u000B',
  '\u000C',
  '\u0085',
  '\u0000',
  '\u0007',
  '\u001B[31m',
  '\u007F',
  '\u202E',
  '\u202A',
  '\u2066',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
  '\u200B',
  '\u200D',
  '\uFFFD',
];

/** Mostly syntax, with arbitrary Unicode mixed in. */
const pageText = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...SYNTAX) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 6 }) },
    ),
    { maxLength: 24 },
  )
  .map((pieces) => pieces.join(''));

/**
 * How rendered text is compared with the page's: the text split at each line break (LF, CRLF
 * or CR), with NUL and the other dropped controls removed and blank (whitespace-only) lines
 * left out, must come back as one paragraph per line whose text is exactly that line: every
 * space, tab and character in place, and no element but <blockquote> and <p>.
 */
const expectedLines = (text: string) => quoteLines(text);

describe('a quote renders as exactly the page’s text', () => {
  it.each(Object.entries(renderers))('in %s, for 10,000 generated texts, one paragraph per line', (_name, render) => {
    fc.assert(
      fc.property(pageText, (text) => {
        expect(quoteParagraphs(render(blockquote(text)))).toEqual(expectedLines(text));
      }),
      { numRuns: 10_000 },
    );
  });

  it('as a heading too (markdown-it), so a page title with syntax in it is shown as written', () => {
    fc.assert(
      fc.property(
        pageText.filter((text) => !/[\r\n]/.test(text) && quoteLines(text).length === 1),
        (text) => {
          const html = markdownIt.render(`# ${escapeMarkdownText(text)}`);
          expect(html).toMatch(/^<h1>[^<]*<\/h1>\n$/);
          expect(decodeHtmlText(html.slice(4, -6))).toBe(quoteLines(text)[0]);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('the escaping a reader sees in the file', () => {
  it('leaves ordinary prose alone', () => {
    expect(escapeMarkdownText('Tom & Jerry: 1 < 2, said "she" (twice) - and left!')).toBe(
      'Tom & Jerry: 1 < 2, said "she" (twice) - and left!',
    );
  });

  it('escapes what would start emphasis, code, links, HTML, entities or tags', () => {
    expect(escapeMarkdownText('*a* _b_ `c` [d](e) <b>f</b> &amp; #g ~~h~~ | $5 ^id x@y ==hi== %%no%%')).toBe(
      '\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\<b>f\\</b> \\&amp; \\#g \\~\\~h\\~\\~ \\| \\$5 \\^id x\\@y \\=\\=hi\\=\\= \\%\\%no\\%\\%',
    );
  });

  it('escapes a block marker only where it starts the line', () => {
    expect(escapeMarkdownText('> quoted')).toBe('\\> quoted');
    expect(escapeMarkdownText('- item - not an item')).toBe('\\- item - not an item');
    expect(escapeMarkdownText('+ item')).toBe('\\+ item');
    expect(escapeMarkdownText('1. first, 2. second')).toBe('1\\. first, 2. second');
    expect(escapeMarkdownText('2024) was a year')).toBe('2024\\) was a year');
  });

  it('breaks bare links so the quote is text, not a link', () => {
    expect(escapeMarkdownText('see https://example.com and www.example.com')).toBe(
      'see https:/\\/example.com and www\\.example.com',
    );
  });

  it('keeps leading and trailing spaces as character references (indented code stays aligned)', () => {
    expect(escapeMarkdownText('    return x;  ')).toBe('&#x20;   return x; &#x20;');
    expect(escapeMarkdownText('\tindented')).toBe('&#x9;indented');
  });

  it('shows bidirectional controls as references and drops NUL and other controls', () => {
    expect(escapeMarkdownText('abc\u202Edef\u2066g\u200Fh')).toBe('abc&#x202E;def&#x2066;g&#x200F;h');
    expect(escapeMarkdownText('a\u0000b\u001B[31mc\u007Fd\u0085e')).toBe('ab\\[31mcde');
  });

  it('leaves emoji, combining marks and right-to-left text as they are', () => {
    expect(escapeMarkdownText('שלום 👨‍👩‍👧 cafe\u0301 مرحبا')).toBe('שלום 👨‍👩‍👧 cafe\u0301 مرحبا');
  });
});

describe('blockquote', () => {
  it('prefixes every line and keeps blank lines inside the quote', () => {
    expect(blockquote('one\n\ntwo')).toBe('> one\n>\n> two');
  });

  it('treats Windows and old Mac line endings as line breaks', () => {
    expect(blockquote('one\r\ntwo\rthree')).toBe('> one\n>\n> two\n>\n> three');
  });

  it('keeps a line’s leading indentation (code in a <pre> stays aligned)', () => {
    expect(blockquote('if (x) {\n  y();\n}')).toBe('> if (x) {\n>\n> &#x20; y();\n>\n> }');
  });

  it('is empty for text with no visible line', () => {
    expect(blockquote(' \n\t\n\u0000')).toBe('');
  });
});
