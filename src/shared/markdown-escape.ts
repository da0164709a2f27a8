/**
 * Page text written into Markdown so that it reads back as exactly that text.
 *
 * A quote is the page's words, not ours: whatever Markdown, HTML or link syntax it happens to
 * contain must render literally (issue 6). Escaping every ASCII punctuation character would do
 * that, but a file full of `\.` and `\,` is hard to read and to diff, so only what can start
 * syntax is escaped, where it can. tests/unit/markdown-escape.test.ts proves the rules with
 * three renderers (markdown-it with HTML and linkify on, the CommonMark reference, and
 * micromark with GFM) on generated text.
 */

/** Always syntax somewhere in CommonMark, GFM or a common extension (Obsidian, GitHub math). */
const ALWAYS = new Set([
  '\\', // escapes; a trailing one is a hard line break
  '`', // code spans and fences
  '*', // emphasis, list items, thematic breaks
  '_', // emphasis, thematic breaks
  '[', // links, images, footnotes, wikilinks, task boxes, callouts
  ']',
  '#', // headings; Obsidian tags anywhere in a line
  '~', // GFM strikethrough (single or double), fences
  '|', // GFM tables
  '$', // math on GitHub and in Obsidian
  '^', // Obsidian block ids, superscript in some renderers
  '@', // GFM email autolinks
]);

/**
 * Characters that change how the text reads in the source without being visible: bidirectional
 * controls (U+202A–202E, U+2066–2069) and marks (U+200E, U+200F, U+061C) can make a line
 * display in another order than it is stored (the "Trojan Source" trick). They are kept,
 * because they are part of how RTL text displays, but written as numeric character references:
 * visible in the file, and turned back into the same character by any renderer.
 */
const INVISIBLE_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/**
 * NUL (which CommonMark replaces with U+FFFD), the other C0 controls but tab, DEL and the C1
 * controls: invisible, meaningless in page text, and able to drive a terminal that shows the
 * file. They are dropped. Line breaks are not here: they separate the lines of a quote.
 */
const DROPPED_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Whatever `String.prototype.trim` removes, which is what markdown-it strips from a paragraph. */
const EDGE_WHITESPACE = /^[\s\uFEFF]$/;

const reference = (char: string) => `&#x${char.codePointAt(0)!.toString(16).toUpperCase()};`;
const isAlnum = (char: string | undefined) => char !== undefined && /[A-Za-z0-9]/.test(char);

/**
 * The lines of a page's text as a quote keeps them: line breaks (LF, CRLF or CR) separate
 * paragraphs; blank lines carry no text and are left out; dropped controls are removed.
 */
export function quoteLines(text: string): string[] {
  return text
    .replace(DROPPED_CONTROLS, '')
    .split(/\r\n?|\n/)
    .filter((line) => line.trim() !== '');
}

/**
 * One line of page text as inline Markdown that renders as that same text, as one paragraph
 * (a heading, a table cell or a list item's text work too). It must not hold a line break:
 * use `quoteLines` first. Dropped controls are removed.
 */
export function escapeMarkdownText(line: string): string {
  const visible = line.replace(DROPPED_CONTROLS, '');
  const chars = [...visible];
  const leadingDigits = /^\d{1,9}/.exec(visible)?.[0].length ?? -1;
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    const next = chars[i + 1];
    const previous = chars[i - 1];
    const atStart = i === 0;
    const atEnd = i === chars.length - 1;
    if ((atStart || atEnd) && EDGE_WHITESPACE.test(char)) {
      // Leading and trailing spaces would be stripped from the paragraph, and four leading
      // ones would make a code block; a reference is not whitespace to the block parser.
      out += reference(char);
    } else if (INVISIBLE_CONTROL.test(char)) {
      out += reference(char);
    } else if (ALWAYS.has(char)) {
      out += `\\${char}`;
    } else if (char === '<' && next !== undefined && /[A-Za-z/!?]/.test(next)) {
      // Raw HTML, comments and autolinks all start this way; "1 < 2" stays as it is.
      out += '\\<';
    } else if (char === '&' && next !== undefined && /[A-Za-z0-9#]/.test(next)) {
      // Could start an entity reference; "Tom & Jerry" stays as it is.
      out += '\\&';
    } else if ((char === '=' || char === '%') && (next === char || previous === char)) {
      // Obsidian's ==highlight== and %%comment%%.
      out += `\\${char}`;
    } else if (char === '/' && previous === '/') {
      // Breaks "http://" and "//host", which GFM and linkify would turn into links.
      out += '\\/';
    } else if (
      char === '.' &&
      i >= 3 &&
      chars
        .slice(i - 3, i)
        .join('')
        .toLowerCase() === 'www' &&
      !isAlnum(chars[i - 4])
    ) {
      // Breaks a bare "www." link (GFM's extended autolinks).
      out += '\\.';
    } else if (atStart && (char === '>' || char === '-' || char === '+')) {
      // A block quote or a list item (or a thematic break) when first on the line.
      out += `\\${char}`;
    } else if ((char === '.' || char === ')') && i === leadingDigits) {
      // "1." or "1)" first on the line starts an ordered list.
      out += `\\${char}`;
    } else {
      out += char;
    }
  }
  return out;
}

/**
 * `text` as a blockquote: each line of the page text (a paragraph, list item or <br>) is a
 * paragraph of the quote, escaped to render literally. Empty when the text has no visible line.
 */
export function blockquote(text: string): string {
  return quoteLines(text)
    .map((line) => `> ${escapeMarkdownText(line)}`)
    .join('\n>\n');
}
