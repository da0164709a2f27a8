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
  /** The daily Review's schedule (src/shared/review-schedule.ts); absent until first reviewed. */
  review?: ReviewState;
}

/** Where a highlight stands in the daily Review. Days are the reader's calendar days, 'YYYY-MM-DD'. */
export interface ReviewState {
  /** The day it was last reviewed. */
  last: string;
  /** The day it is due again; null once the reader said Done (retired). */
  next: string | null;
  /** Days between the last review and the next: the step of the schedule it has reached. */
  interval: number;
}

/**
 * A change to some fields of an annotation. A page (annotations/patch) may change only
 * colour, note, tags and target (validate.ts PATCHABLE); `review` is written by the
 * background alone, for the Review page's verdicts (review/mark).
 */
export type AnnotationChange = Partial<Pick<Annotation, 'color' | 'note' | 'tags' | 'target' | 'review'>>;

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
