import { HtmlRenderer, Parser } from 'commonmark';
import MarkdownIt from 'markdown-it';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/**
 * Markdown renderers the exports are checked against, each as permissive as it gets: raw HTML
 * on (so a quote that slipped through as HTML would show as a tag), and links found in bare
 * text where the flavour does that. Rendering is the only way to know what a reader sees.
 */
const markdownIt = new MarkdownIt({ html: true, linkify: true });
// GFM links "www." and "http://" text but not bare domains ("example.com"); markdown-it's
// fuzzy linking does, which no escaping short of "example\.com" could prevent.
markdownIt.linkify.set({ fuzzyLink: false });

const commonmarkParser = new Parser();
const commonmarkRenderer = new HtmlRenderer();

export const renderers: Record<string, (markdown: string) => string> = {
  'markdown-it': (markdown) => markdownIt.render(markdown),
  commonmark: (markdown) => commonmarkRenderer.render(commonmarkParser.parse(markdown)),
  'micromark + GFM': (markdown) =>
    micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] }),
};

export { markdownIt };

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Text of rendered HTML as a browser would give it: tags gone, entities decoded. */
export function decodeHtmlText(html: string): string {
  return html.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!);
}

/**
 * The rendering of a blockquote as its paragraphs' text, or the HTML itself when it holds
 * anything but one blockquote of plain paragraphs (a link, emphasis, code, a heading, raw HTML):
 * then it is returned whole so that the failing comparison shows it.
 */
export function quoteParagraphs(html: string): string[] | string {
  if (html === '') return [];
  const match = /^<blockquote>\n((?:<p>[^<]*<\/p>\n)*)<\/blockquote>\n?$/.exec(html);
  if (!match) return html;
  return [...match[1]!.matchAll(/<p>([^<]*)<\/p>\n/g)].map((m) => decodeHtmlText(m[1]!));
}
