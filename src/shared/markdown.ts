import { blockquote, escapeMarkdownText } from './markdown-escape';
import { frontMatter } from './markdown-front-matter';
import { autolink, markdownLink } from './markdown-links';
import { isPdfKey, pageLink } from './pdf-key';
import { inReadingOrder } from './reading-order';
import { textFragmentUrl } from './text-fragment';
import { type Annotation, COLORS, type Color, pageOf, quoteOf } from './types';

export { blockquote, escapeMarkdownText } from './markdown-escape';

/**
 * Notes as Markdown, to be read and kept elsewhere (Obsidian, a repository, a plain editor).
 * Page text is escaped to read exactly as on the page (markdown-escape.ts); the reader's own
 * notes are their Markdown and pass through. Nothing depends on the clock but `exported`, and
 * nothing on the order annotations were loaded in, so two exports of the same notes diff
 * only where the notes changed.
 */

export interface MarkdownOptions {
  /** YAML front matter first (title, url, site, exported, tags). Default: on. */
  frontMatter?: boolean;
  /** After each passage, a link that opens the page at that passage. Default: on. */
  links?: boolean;
  /** As on the page (default), or a section per colour, each in reading order. */
  groupBy?: 'reading-order' | 'color';
  /** When the export was made, ISO 8601 (written to the front matter). Default: now. */
  exportedAt?: string;
}

export interface LibraryOptions extends MarkdownOptions {
  /** The document's title. Default: "Marginalia". */
  title?: string;
}

/** What is needed of a page record; a page note, when there is one, comes before the passages. */
export interface PageLike {
  url: string;
  title: string;
  note?: string;
  /** A PDF's (url `urn:x-pdf:…`): where it was read; links go there, with `#page=N`. */
  source?: string;
}

export interface PageNotes {
  page: PageLike;
  annotations: readonly Annotation[];
}

const COLOR_NAMES: Record<Color, string> = {
  yellow: 'Yellow',
  green: 'Green',
  blue: 'Blue',
  pink: 'Pink',
  purple: 'Purple',
};

const SHORT_ID = 8;

/**
 * A block id for each annotation (`^` + this): the first 8 letters and digits of its id, more
 * where two annotations in the same document would share them. Obsidian links to a block by
 * it, and it stays the same from one export to the next.
 */
function blockIds(annotations: readonly Annotation[]): Map<string, string> {
  const compact = [...new Set(annotations.map((a) => a.id))]
    .map((id) => ({ id, key: id.replace(/[^A-Za-z0-9]/g, '') || id }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1));
  const common = (a: string | undefined, b: string | undefined) => {
    if (a === undefined || b === undefined) return 0;
    let n = 0;
    while (n < a.length && a[n] === b[n]) n++;
    return n;
  };
  const ids = new Map<string, string>();
  compact.forEach(({ id, key }, i) => {
    const shared = Math.max(common(key, compact[i - 1]?.key), common(key, compact[i + 1]?.key));
    // Ids that differ only in their dashes share every letter and digit: keep the dashes.
    ids.set(id, shared >= key.length ? id : key.slice(0, Math.max(SHORT_ID, shared + 1)));
  });
  return ids;
}

/** Every tag of these annotations once, in code-point order (stable across exports). */
function tagUnion(annotations: readonly Annotation[]): string[] {
  return [...new Set(annotations.flatMap((a) => a.tags))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A tag as `#tag`: whitespace becomes '-', so the tag stays one word, and Markdown syntax is
 * escaped, except an '_' inside a word, which CommonMark never reads as emphasis and which
 * tag syntaxes (Obsidian's) allow.
 */
export function markdownTag(tag: string): string {
  const word = escapeMarkdownText(tag.trim().replace(/\s+/g, '-'));
  return `#${word.replace(/(?<=[\p{L}\p{N}])\\_(?=[\p{L}\p{N}])/gu, '_')}`;
}

/**
 * The reader's note as they wrote it, without blank lines around it. One repair: a code fence
 * left open at the start of a line would turn the rest of the export into code, so it is
 * closed. (A fence inside a list item or a quote closes with it, and is left alone.)
 */
export function readerMarkdown(note: string): string {
  const text = note.replace(/^(?:[ \t]*\r?\n)+/, '').trimEnd();
  let open: string | undefined;
  for (const line of text.split(/\r\n?|\n/)) {
    if (open === undefined) {
      const fence = /^(`{3,}|~{3,})(.*)$/.exec(line);
      // A backtick fence's info string cannot hold a backtick: "```a`" is inline code.
      if (fence && !(fence[1]!.startsWith('`') && fence[2]!.includes('`'))) open = fence[1];
    } else if (new RegExp(`^ {0,3}\\${open[0]}{${open.length},}[ \\t]*$`).test(line)) {
      open = undefined;
    }
  }
  return open === undefined ? text : `${text}\n${open}`;
}

function site(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

const headingText = (page: PageLike) => page.title.replace(/\s+/g, ' ').trim() || linkBase(page) || 'PDF';

/** Where a page's links go: a PDF's address (none for a PDF read from disk), else the page. */
function linkBase(page: PageLike): string | undefined {
  return isPdfKey(page.url) ? page.source : page.url;
}

/** The link back to a passage: the page at the passage (a text fragment), or the PDF at its page. */
function passageLink(page: PageLike, annotation: Annotation): string | undefined {
  const base = linkBase(page);
  const quote = quoteOf(annotation);
  if (!base || !quote) return undefined;
  return isPdfKey(page.url) ? pageLink(base, pageOf(annotation)?.index) : textFragmentUrl(base, quote);
}

function highlightMarkdown(
  annotation: Annotation,
  page: PageLike,
  blockId: string,
  options: MarkdownOptions,
): string[] {
  const quote = quoteOf(annotation);
  if (!quote) return [];
  const parts: string[] = [];
  const quoted = blockquote(quote.exact);
  // Obsidian takes a block id on its own line after a quote as the quote's id.
  if (quoted) parts.push(quoted, `^${blockId}`);
  const note = readerMarkdown(annotation.note);
  if (note) parts.push(note);
  const meta = annotation.tags.filter((tag) => tag.trim()).map(markdownTag);
  const link = options.links !== false && quoted ? passageLink(page, annotation) : undefined;
  if (link) meta.push(markdownLink(isPdfKey(page.url) ? 'Open page' : 'Open passage', link));
  if (meta.length) parts.push(meta.join(' '));
  return parts;
}

function highlightsMarkdown(
  annotations: readonly Annotation[],
  page: PageLike,
  ids: Map<string, string>,
  level: number,
  options: MarkdownOptions,
): string[] {
  const ordered = inReadingOrder(annotations);
  const each = (list: Annotation[]) => list.flatMap((a) => highlightMarkdown(a, page, ids.get(a.id) ?? a.id, options));
  if (options.groupBy !== 'color') return each(ordered);
  return COLORS.flatMap((color) => {
    const ofColor = ordered.filter((a) => a.color === color);
    return ofColor.length ? [`${'#'.repeat(level + 1)} ${COLOR_NAMES[color]}`, ...each(ofColor)] : [];
  });
}

function pageSection(entry: PageNotes, ids: Map<string, string>, level: number, options: MarkdownOptions): string[] {
  const { page, annotations } = entry;
  const parts = [`${'#'.repeat(level)} ${escapeMarkdownText(headingText(page))}`];
  const base = linkBase(page);
  if (base) parts.push(autolink(base));
  const note = readerMarkdown(page.note ?? '');
  if (note) parts.push(note);
  parts.push(...highlightsMarkdown(annotations, page, ids, level, options));
  return parts;
}

const finish = (parts: string[]) => `${parts.join('\n\n')}\n`;

/**
 * One page's notes: front matter, the title as a heading, the URL, the page note, then each
 * passage as a blockquote with its note, its tags and a link back to it.
 */
export function pageMarkdown(
  page: PageLike,
  annotations: readonly Annotation[],
  options: MarkdownOptions = {},
): string {
  const parts: string[] = [];
  if (options.frontMatter !== false) {
    parts.push(
      frontMatter([
        ['title', page.title],
        ['url', linkBase(page) ?? ''],
        ['site', site(linkBase(page) ?? '')],
        ['exported', options.exportedAt ?? new Date().toISOString()],
        ['tags', tagUnion(annotations)],
      ]),
    );
  }
  parts.push(...pageSection({ page, annotations }, blockIds(annotations), 1, options));
  return finish(parts);
}

/** Several pages (or all of them) in one document: a `##` section per page, in the order given. */
export function libraryMarkdown(pages: readonly PageNotes[], options: LibraryOptions = {}): string {
  const title = options.title ?? 'Marginalia';
  const all = pages.flatMap((entry) => entry.annotations);
  const parts: string[] = [];
  if (options.frontMatter !== false) {
    parts.push(
      frontMatter([
        ['title', title],
        ['exported', options.exportedAt ?? new Date().toISOString()],
        ['tags', tagUnion(all)],
      ]),
    );
  }
  parts.push(`# ${escapeMarkdownText(title.replace(/\s+/g, ' ').trim() || 'Marginalia')}`);
  const ids = blockIds(all);
  for (const entry of pages) parts.push(...pageSection(entry, ids, 2, options));
  return finish(parts);
}
