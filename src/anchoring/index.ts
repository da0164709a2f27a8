export { type AnchorOptions, anchor, anchorAll, type TextSpan } from './anchor';
export { anchorRanges } from './anchor-ranges';
export { CONTEXT_LENGTH, describe, describePositions } from './describe';
export { anchorDomRange, describeDomRange } from './dom-range';
export { type PdfPoint, PdfText, type PdfTextItem } from './pdf-text';
export type { DomRangeSelector, PageSelector, Selector, TextPositionSelector, TextQuoteSelector } from './selectors';
export { TextIndex } from './text-index';
