import { inReadingOrder } from './reading-order';
import { type Annotation, quoteOf } from './types';

/** Each line of `text` prefixed for a blockquote; blank lines stay inside the quote. */
export function blockquote(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (line.trim() ? `> ${line}` : '>'))
    .join('\n');
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
