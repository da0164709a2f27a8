import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { libraryMarkdown, markdownTag, pageMarkdown, readerMarkdown } from '../../src/shared/markdown';
import { quoteLines } from '../../src/shared/markdown-escape';
import { textFragmentUrl } from '../../src/shared/text-fragment';
import type { Annotation, TextQuoteSelector } from '../../src/shared/types';
import { blockquotes } from '../support/downloads';
import { makeAnnotation } from './make-annotation';
import { markdownIt } from './markdown-render';

const page = { title: 'My 2024 with vLLM', url: 'https://a.example/essay?id=7' };
const plain = { frontMatter: false, links: false } as const;
const exportedAt = '2025-03-04T05:06:07.000Z';

/** The front matter of a Markdown file, read by a YAML parser. */
function frontMatterOf(markdown: string): unknown {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  if (!match) throw new Error(`no front matter in:\n${markdown}`);
  return parseYaml(match[1]!);
}

/** Rendered text of each blockquote, one entry per paragraph line, and each link's href. */
function rendered(markdown: string): { quotes: string[]; links: string[] } {
  // Front matter is not Markdown: a renderer that knows it (Obsidian, GitHub) leaves it out.
  const tokens = markdownIt.parse(markdown.replace(/^---\n[\s\S]*?\n---\n/, ''), {});
  const quotes: string[] = [];
  const links: string[] = [];
  let depth = 0;
  let current: string[] = [];
  for (const token of tokens) {
    if (token.type === 'blockquote_open' && depth++ === 0) current = [];
    else if (token.type === 'blockquote_close' && --depth === 0) quotes.push(current.join('\n'));
    else if (token.type === 'inline') {
      if (depth > 0)
        current.push(
          token.children!.map((child) => (child.type === 'text' ? child.content : `<${child.type}>`)).join(''),
        );
      for (const child of token.children ?? [])
        if (child.type === 'link_open') links.push(String(child.attrGet('href')));
    }
  }
  return { quotes, links };
}

describe('pageMarkdown: one page’s notes as Markdown', () => {
  it('without front matter, starts with the title as a heading and the URL as an autolink', () => {
    expect(pageMarkdown(page, [], plain)).toBe('# My 2024 with vLLM\n\n<https://a.example/essay?id=7>\n');
  });

  it('uses the URL as the heading when the page has no title', () => {
    expect(pageMarkdown({ title: '   ', url: 'https://a.example/untitled' }, [], plain)).toBe(
      '# https:/\\/a.example/untitled\n\n<https://a.example/untitled>\n',
    );
  });

  it('writes front matter, page note, each passage with its block id, note, tags and link', () => {
    const annotations = [
      makeAnnotation({
        id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
        quote: 'Second passage: 1 < 2 & "quotes".',
        start: 120,
        note: 'Check *this* claim.',
        tags: ['to read', 'claims'],
      }),
      makeAnnotation({ id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', quote: 'First *passage*.', start: 5 }),
    ];
    annotations[1]!.target.selector[0] = {
      type: 'TextQuoteSelector',
      exact: 'First *passage*.',
      prefix: 'Intro\nSome words before the ',
      suffix: ' and after it',
    };
    const markdown = pageMarkdown({ ...page, note: 'Read for the **benchmarks**.' }, annotations, { exportedAt });
    expect(markdown).toBe(
      [
        '---',
        'title: "My 2024 with vLLM"',
        'url: "https://a.example/essay?id=7"',
        'site: "a.example"',
        'exported: "2025-03-04T05:06:07.000Z"',
        'tags:',
        '  - "claims"',
        '  - "to read"',
        '---',
        '',
        '# My 2024 with vLLM',
        '',
        '<https://a.example/essay?id=7>',
        '',
        'Read for the **benchmarks**.',
        '',
        '> First \\*passage\\*.',
        '',
        '^f47ac10b',
        '',
        '[Open passage](<https://a.example/essay?id=7#:~:text=words%20before%20the-,First%20*passage*.,-and%20after%20it>)'.replace(
          '*passage*',
          '%2Apassage%2A',
        ),
        '',
        '> Second passage: 1 < 2 & "quotes".',
        '',
        '^7c9e6679',
        '',
        'Check *this* claim.',
        '',
        '#to-read #claims [Open passage](<https://a.example/essay?id=7#:~:text=Second%20passage%3A%201%20%3C%202%20%26%20%22quotes%22.>)',
        '',
      ].join('\n'),
    );
  });

  it('passes the reader’s note through as their Markdown, without blank lines around it', () => {
    const note = '\n\n  Worth **re-reading**:\n\n- one\n- two\n\n';
    const markdown = pageMarkdown(page, [makeAnnotation({ quote: 'Noted passage.', start: 0, note })], plain);
    expect(markdown).toContain('\n\n  Worth **re-reading**:\n\n- one\n- two\n');
  });

  it('adds nothing for an empty note, and no link line when links are off and there are no tags', () => {
    const annotations = [makeAnnotation({ id: 'plain-passage', quote: 'Plain passage.', start: 50, note: '   ' })];
    expect(pageMarkdown(page, annotations, plain)).toBe(
      '# My 2024 with vLLM\n\n<https://a.example/essay?id=7>\n\n> Plain passage.\n\n^plainpas\n',
    );
  });

  it('keeps the paragraph breaks of a quote that spans paragraphs, inside one blockquote', () => {
    const annotations = [
      makeAnnotation({ quote: 'End of one paragraph.\nStart of the next.\nAnd a third.', start: 0 }),
    ];
    expect(pageMarkdown(page, annotations, plain)).toContain(
      '> End of one paragraph.\n>\n> Start of the next.\n>\n> And a third.\n',
    );
  });

  it('skips an annotation that has no quote', () => {
    const positionOnly = makeAnnotation({ id: 'no-quote' });
    positionOnly.target.selector = [{ type: 'TextPositionSelector', start: 0, end: 4 }];
    expect(pageMarkdown(page, [positionOnly], plain)).toBe('# My 2024 with vLLM\n\n<https://a.example/essay?id=7>\n');
  });

  it('shows a passage full of Markdown and HTML as the page’s text, not as formatting', () => {
    const quote =
      '# Not a heading\n<script>alert(1)</script> [link](javascript:alert(1)) `code` **bold**\n1. not a list';
    const { quotes, links } = rendered(pageMarkdown(page, [makeAnnotation({ quote, start: 0 })], { exportedAt }));
    expect(quotes).toEqual([quote]);
    expect(links).toEqual([
      'https://a.example/essay?id=7',
      'https://a.example/essay?id=7#:~:text=%23%20Not%20a%20heading,1.%20not%20a%20list',
    ]);
  });

  it('groups passages by colour when asked, in reading order within each colour', () => {
    const annotations = [
      makeAnnotation({ id: 'blue-late-0', quote: 'Blue late.', start: 90, color: 'blue' }),
      makeAnnotation({ id: 'yellow-000', quote: 'Yellow.', start: 50, color: 'yellow' }),
      makeAnnotation({ id: 'blue-early', quote: 'Blue early.', start: 10, color: 'blue' }),
    ];
    const markdown = pageMarkdown(page, annotations, { ...plain, groupBy: 'color' });
    expect(markdown.split('\n').filter((line) => /^(#|>)/.test(line))).toEqual([
      '# My 2024 with vLLM',
      '## Yellow',
      '> Yellow.',
      '## Blue',
      '> Blue early.',
      '> Blue late.',
    ]);
  });

  it('gives each passage a block id that stays the same whatever order the notes are loaded in', () => {
    const a = makeAnnotation({ id: 'abcdef01-1111-4000-8000-000000000000', quote: 'A.', start: 1 });
    const b = makeAnnotation({ id: 'abcdef01-2222-4000-8000-000000000000', quote: 'B.', start: 2 });
    const c = makeAnnotation({ id: '12345678-9999-4000-8000-000000000000', quote: 'C.', start: 3 });
    const ids = (markdown: string) => markdown.split('\n').filter((line) => line.startsWith('^'));
    // Two ids share their first 8 hex digits, so theirs are made longer until they differ.
    expect(ids(pageMarkdown(page, [a, b, c], plain))).toEqual(['^abcdef011', '^abcdef012', '^12345678']);
    expect(pageMarkdown(page, [c, b, a], { exportedAt })).toBe(pageMarkdown(page, [a, b, c], { exportedAt }));
  });

  it('lists the union of the page’s tags in the front matter, each once, and each passage’s own tags after it', () => {
    const annotations = [
      makeAnnotation({ id: 'first-tagged', quote: 'One.', start: 1, tags: ['b', 'a b'] }),
      makeAnnotation({ id: 'second-tagged', quote: 'Two.', start: 2, tags: ['b', 'C#'] }),
    ];
    const markdown = pageMarkdown(page, annotations, { exportedAt, links: false });
    expect(frontMatterOf(markdown)).toMatchObject({ tags: ['C#', 'a b', 'b'] });
    expect(markdown).toContain('\n#b #a-b\n');
    expect(markdown).toContain('\n#b #C\\#\n');
  });

  it('the export’s blockquotes, read back as the end-to-end tests read them, are the highlighted text', () => {
    const quotes = ['Plain.', '*Stars* and <b>tags</b>\n  indented line', '\u202Ebidi\u200F and 1. lists'];
    const annotations = quotes.map((quote, i) => makeAnnotation({ id: `passage-${i}-0000`, quote, start: i }));
    expect(blockquotes(pageMarkdown(page, annotations))).toEqual(quotes);
  });
});

describe('front matter', () => {
  const text = fc.string({ unit: 'binary', maxLength: 40 });
  const weird = fc.constantFrom(
    '',
    ' ',
    '"',
    "'",
    '\\',
    '#',
    ': ',
    '- x',
    '---',
    '...',
    'null',
    'true',
    '0x1F',
    '1e3',
    '2025-01-01',
    '~',
    '@',
    '`',
    '|',
    '>',
    '*a',
    '&a',
    '!tag',
    '%YAML',
    '{a: 1}',
    '[1]',
    '\n',
    '\t',
    '\r\n',
    '\u0000',
    '\u0085',
    '\u2028',
    '\u2029',
    '\uFEFF',
    '\u202E',
    '\uD800',
    '\uDC00x',
    'ü',
    '😀',
  );
  const value = fc.oneof(
    text,
    weird,
    fc.array(weird, { maxLength: 5 }).map((parts) => parts.join('')),
  );

  it('reads back in a YAML parser as exactly the title, URL and tags stored, whatever they hold', () => {
    fc.assert(
      fc.property(
        value,
        value,
        fc.array(
          value.filter((tag) => tag.length > 0),
          { maxLength: 4 },
        ),
        (title, url, tags) => {
          const markdown = pageMarkdown({ title, url }, [makeAnnotation({ tags })], { exportedAt });
          expect(frontMatterOf(markdown)).toEqual({
            title,
            url,
            site: URL.canParse(url) ? new URL(url).hostname : '',
            exported: exportedAt,
            tags: [...new Set(tags)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
          });
        },
      ),
      { numRuns: 3_000 },
    );
  });
});

describe('the reader’s note', () => {
  it('is closed off when it leaves a code fence open, so the next passage is still a quote', () => {
    const annotations = [
      makeAnnotation({ id: 'opens-fence', quote: 'First.', start: 1, note: 'Some code:\n```js\nlet x = 1;' }),
      makeAnnotation({ id: 'next-passage', quote: 'Second.', start: 2 }),
    ];
    const markdown = pageMarkdown(page, annotations, plain);
    expect(markdown).toContain('```js\nlet x = 1;\n```\n');
    expect(rendered(markdown).quotes).toEqual(['First.', 'Second.']);
  });

  it('is left as written when its fences are closed, or when the fence is inside a list item', () => {
    expect(readerMarkdown('~~~~\ncode\n~~~~~\nafter')).toBe('~~~~\ncode\n~~~~~\nafter');
    expect(readerMarkdown('- item\n\n  ```\n  code')).toBe('- item\n\n  ```\n  code');
    expect(readerMarkdown('``` not a fence ` here')).toBe('``` not a fence ` here');
  });
});

describe('markdownTag', () => {
  it('makes a tag one word that reads as written', () => {
    expect(markdownTag('to read')).toBe('#to-read');
    expect(markdownTag('snake_case')).toBe('#snake_case');
    expect(markdownTag('_private_')).toBe('#\\_private\\_');
    expect(markdownTag('*star*')).toBe('#\\*star\\*');
  });
});

describe('libraryMarkdown: several pages in one document', () => {
  const other = { title: 'Second page', url: 'https://b.example/two', note: 'Page-level thoughts.' };
  const entries = [
    { page, annotations: [makeAnnotation({ id: 'aaaaaaaa-1111', quote: 'From the first.', start: 1, tags: ['x'] })] },
    {
      page: other,
      annotations: [makeAnnotation({ id: 'aaaaaaaa-2222', quote: 'From the second.', start: 1, tags: ['y'] })],
    },
  ];

  it('has a section per page, in the order given, each with its URL, page note and passages', () => {
    const markdown = libraryMarkdown(entries, { exportedAt, links: false });
    expect(frontMatterOf(markdown)).toEqual({ title: 'Marginalia', exported: exportedAt, tags: ['x', 'y'] });
    const body = markdown.slice(markdown.indexOf('\n---\n') + 5);
    expect(body).toBe(
      '\n' +
        [
          '# Marginalia',
          '## My 2024 with vLLM',
          '<https://a.example/essay?id=7>',
          '> From the first.',
          '^aaaaaaaa1',
          '#x',
          '## Second page',
          '<https://b.example/two>',
          'Page-level thoughts.',
          '> From the second.',
          '^aaaaaaaa2',
          '#y',
        ].join('\n\n') +
        '\n',
    );
  });

  it('links each passage to its own page', () => {
    expect(rendered(libraryMarkdown(entries, { exportedAt })).links).toEqual([
      'https://a.example/essay?id=7',
      'https://a.example/essay?id=7#:~:text=From%20the%20first.',
      'https://b.example/two',
      'https://b.example/two#:~:text=From%20the%20second.',
    ]);
  });
});

describe('a whole export, rendered', () => {
  const quoteText = fc
    .array(
      fc.oneof(
        fc.constantFrom('*', '_', '#', '> ', '- ', '1. ', '<b>', '`', '[', ']', '(x)', '\n', ' ', '  ', 'a', 'é', '😀'),
        fc.constantFrom('&amp;', '|', '~~', 'http://x.y', '\\'),
        fc.string({ unit: 'binary', maxLength: 3 }),
      ),
      { minLength: 1, maxLength: 12 },
    )
    .map((parts) => parts.join(''))
    .filter((text) => quoteLines(text).length > 0);
  const context = fc.string({ unit: 'binary', maxLength: 40 });

  it('shows every passage as its text and links each back to that passage, for 1,000 generated pages', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(quoteText, context, context), { minLength: 1, maxLength: 4 }), (passages) => {
        const annotations: Annotation[] = passages.map(([exact, prefix, suffix], i) => {
          const quote: TextQuoteSelector = { type: 'TextQuoteSelector', exact, prefix, suffix };
          return makeAnnotation({
            id: `passage-${i}-0000`,
            target: { selector: [quote, { type: 'TextPositionSelector', start: i, end: i + 1 }] },
          });
        });
        const { quotes, links } = rendered(pageMarkdown(page, annotations, { exportedAt }));
        expect(quotes).toEqual(passages.map(([exact]) => quoteLines(exact).join('\n')));
        expect(links.slice(1)).toEqual(
          annotations.map((a) => textFragmentUrl(page.url, a.target.selector[0] as TextQuoteSelector)),
        );
      }),
      { numRuns: 1_000 },
    );
  });
});
