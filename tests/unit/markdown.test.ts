import { describe, expect, it } from 'vitest';
import { blockquote, pageMarkdown } from '../../src/shared/markdown';
import { makeAnnotation } from './make-annotation';

const page = { title: 'My 2024 with vLLM', url: 'https://a.example/essay?id=7' };

describe('pageMarkdown: one page’s notes as Markdown', () => {
  it('starts with the title as a heading and the URL as an autolink', () => {
    expect(pageMarkdown(page, [])).toBe('# My 2024 with vLLM\n\n<https://a.example/essay?id=7>\n');
  });

  it('uses the URL as the heading when the page has no title', () => {
    expect(pageMarkdown({ title: '   ', url: 'https://a.example/untitled' }, [])).toBe(
      '# https://a.example/untitled\n\n<https://a.example/untitled>\n',
    );
  });

  it('quotes each passage verbatim, in the order it appears on the page', () => {
    const annotations = [
      makeAnnotation({ id: 'third', quote: 'Third passage, *not* emphasis.', start: 300 }),
      makeAnnotation({ id: 'first', quote: 'First passage.', start: 5 }),
      makeAnnotation({ id: 'second', quote: 'Second passage: 1 < 2 & "quotes".', start: 120 }),
    ];
    expect(pageMarkdown(page, annotations)).toBe(
      [
        '# My 2024 with vLLM',
        '<https://a.example/essay?id=7>',
        '> First passage.',
        '> Second passage: 1 < 2 & "quotes".',
        '> Third passage, *not* emphasis.',
      ].join('\n\n') + '\n',
    );
  });

  it('puts each note, trimmed, right after its quote; an empty note adds nothing', () => {
    const annotations = [
      makeAnnotation({ id: 'noted', quote: 'Noted passage.', start: 0, note: '  Worth re-reading.\n' }),
      makeAnnotation({ id: 'plain', quote: 'Plain passage.', start: 50, note: '   ' }),
    ];
    expect(pageMarkdown(page, annotations)).toBe(
      '# My 2024 with vLLM\n\n<https://a.example/essay?id=7>\n\n> Noted passage.\n\nWorth re-reading.\n\n> Plain passage.\n',
    );
  });

  it('keeps the paragraph breaks of a quote that spans paragraphs, inside one blockquote', () => {
    const annotations = [makeAnnotation({ quote: 'End of one paragraph.\nStart of the next.\nAnd a third.', start: 0 })];
    const markdown = pageMarkdown(page, annotations);
    expect(markdown).toContain('> End of one paragraph.\n>\n> Start of the next.\n>\n> And a third.\n');
  });

  it('skips an annotation that has no quote', () => {
    const positionOnly = makeAnnotation({ id: 'no-quote' });
    positionOnly.target.selector = [{ type: 'TextPositionSelector', start: 0, end: 4 }];
    expect(pageMarkdown(page, [positionOnly])).toBe('# My 2024 with vLLM\n\n<https://a.example/essay?id=7>\n');
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
    expect(blockquote('if (x) {\n  y();\n}')).toBe('> if (x) {\n>\n>   y();\n>\n> }');
  });
});
