export { type AnchorOptions, anchor, anchorAll, type TextSpan } from './anchor';
export { anchorRanges } from './anchor-ranges';
export { CONTEXT_LENGTH, describe, describePositions } from './describe';
export { anchorDomRange, describeDomRange } from './dom-range';
export type { DomRangeSelector, Selector, TextPositionSelector, TextQuoteSelector } from './selectors';
export { TextIndex } from './text-index';
