import { inReadingOrder } from './reading-order';
import { type Annotation, quoteOf } from './types';

/**
 * `text` as a blockquote: each line prefixed, and each line break of the page text (a new
 * paragraph, list item or <br>) kept as its own paragraph inside the quote.
 */
export function blockquote(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => `> ${line}`)
    .join('\n>\n');
}

/** One page's notes: title, URL, then each quote verbatim as a blockquote, in reading order. */
export function pageMarkdown(page: { title: string; url: string }, annotations: readonly Annotation[]): string {
  const parts = [`# ${page.title.trim() || page.url}`, `<${page.url}>`];
  for (const annotation of inReadingOrder(annotations)) {
    const quote = quoteOf(annotation);
    if (!quote) continue;
    parts.push(blockquote(quote.exact));
    if (annotation.note.trim()) parts.push(annotation.note.trim());
  }
  return `${parts.join('\n\n')}\n`;
}
