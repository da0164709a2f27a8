import {
  type DomRangeSelector,
  type PageSelector,
  type Selector,
  selectorOf,
  type TextPositionSelector,
  type TextQuoteSelector,
} from '../anchoring/selectors';

export type { DomRangeSelector, PageSelector, Selector, TextPositionSelector, TextQuoteSelector };

export const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type Color = (typeof COLORS)[number];

export function isColor(value: unknown): value is Color {
  return typeof value === 'string' && (COLORS as readonly string[]).includes(value);
}

export interface Annotation {
  /** Made by the client (crypto.randomUUID), so a retried save is harmless. */
  id: string;
  /** Normalized page URL (see url-key.ts). */
  url: string;
  target: { selector: Selector[] };
  color: Color;
  note: string;
  tags: string[];
  /** ISO 8601 timestamps. */
  createdAt: string;
  updatedAt: string;
}

/** What a page may change of an annotation it shows (see annotations/patch). */
export type AnnotationChange = Partial<Pick<Annotation, 'color' | 'note' | 'tags' | 'target'>>;

export interface PageRecord {
  url: string;
  title: string;
  /** The reader's note about the whole page (Markdown). */
  note: string;
  /** How many annotations the page has, kept with every write so the library needs no count query. */
  count: number;
  /** When the page or one of its annotations last changed (ISO 8601). */
  updatedAt: string;
  /**
   * A PDF's record (url `urn:x-pdf:…`): the address it was last read at, http(s) or file,
   * for links and for opening it again. Absent for web pages and for a PDF opened from disk.
   */
  source?: string;
}

/** Whether a page record is a PDF's (keyed by its fingerprint). */
export function isPdfPage(page: { url: string }): boolean {
  return page.url.startsWith('urn:x-pdf:');
}

export function quoteOf(annotation: Annotation): TextQuoteSelector | undefined {
  return selectorOf(annotation.target.selector, 'TextQuoteSelector');
}

export function positionOf(annotation: Annotation): TextPositionSelector | undefined {
  return selectorOf(annotation.target.selector, 'TextPositionSelector');
}

export function pageOf(annotation: Annotation): PageSelector | undefined {
  return selectorOf(annotation.target.selector, 'PageSelector');
}
