/** W3C Web Annotation selectors (https://www.w3.org/TR/annotation-model/#selectors). */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

/**
 * The page of a PDF a passage is on, as Hypothesis stores it: `index` counts from 0,
 * `label` is the page's own label when the PDF has one ("iv", "12"). A hint for drawing
 * and for `#page=` links; the quote is what identifies the passage.
 */
export interface PageSelector {
  type: 'PageSelector';
  index: number;
  label?: string;
}

export type Selector = TextQuoteSelector | TextPositionSelector | DomRangeSelector | PageSelector;

/** The first selector of `type` in `selectors`, typed as such. */
export function selectorOf<T extends Selector['type']>(
  selectors: readonly Selector[],
  type: T,
): Extract<Selector, { type: T }> | undefined {
  return selectors.find((s): s is Extract<Selector, { type: T }> => s.type === type);
}

/**
 * Marginalia's own: where the passage's ends are in the DOM and a fingerprint of the raw
 * text there (see dom-range.ts). A hint only; the quote is what identifies the passage.
 */
export interface DomRangeSelector {
  type: 'marginalia:DomRangeSelector';
  /** Child indices from the anchoring root to the text node holding each end. */
  start: number[];
  startOffset: number;
  end: number[];
  endOffset: number;
  /** FNV-1a of the raw text: 32 characters before, the passage, 32 after. */
  check: number;
}

const isIndex = (v: unknown, max: number) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max;
const isPath = (v: unknown) => Array.isArray(v) && v.length <= 256 && v.every((i) => isIndex(i, 10_000_000));

/** Whether `value` (from storage, a message or a backup) is a well-formed DomRangeSelector. */
export function isDomRangeSelector(value: unknown): value is DomRangeSelector {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    s.type === 'marginalia:DomRangeSelector' &&
    isPath(s.start) &&
    isPath(s.end) &&
    isIndex(s.startOffset, 1_000_000_000) &&
    isIndex(s.endOffset, 1_000_000_000) &&
    isIndex(s.check, 0xffffffff)
  );
}

/** Whether `value` (from storage, a message or a backup) is a well-formed PageSelector. */
export function isPageSelector(value: unknown): value is PageSelector {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    s.type === 'PageSelector' &&
    isIndex(s.index, 1_000_000) &&
    (s.label === undefined || (typeof s.label === 'string' && s.label.length <= 100))
  );
}
