import { escapeMarkdownText } from './markdown-escape';

/**
 * URLs written into Markdown so that the link goes exactly where the URL says. Page URLs are
 * normalized by the URL parser, so these encodings rarely change anything; they are here for
 * a URL that was stored some other way (an imported file) and must not break the document.
 */

const percent = (char: string) => encodeURIComponent(char);

/** Whitespace and controls end or break a link in every Markdown flavour. */
const BREAKS_LINK = /[\s\u0000-\u001F\u007F-\u009F<>]/gu;

/**
 * `url` as an autolink (`<https://…>`), which renders as the URL itself and links to it;
 * text, escaped, for a string with no scheme (autolinks need one).
 */
export function autolink(url: string): string {
  if (!/^[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s]/.test(url)) return escapeMarkdownText(url);
  return `<${url.replace(BREAKS_LINK, percent)}>`;
}

/**
 * `url` as a link destination in pointy brackets (so parentheses in it, as Wikipedia's have,
 * need no balancing). Inside them backslash escapes and entity references still count, so a
 * backslash and an '&' that could start a reference are escaped.
 */
export function linkDestination(url: string): string {
  const safe = url
    .replace(BREAKS_LINK, percent)
    .replace(/\\/g, '\\\\')
    .replace(/&(?=[A-Za-z0-9#])/g, '\\&');
  return `<${safe}>`;
}

/** `[text](<url>)`, the text escaped to read as written. */
export function markdownLink(text: string, url: string): string {
  return `[${escapeMarkdownText(text)}](${linkDestination(url)})`;
}
