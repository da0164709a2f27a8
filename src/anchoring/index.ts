export { TextIndex } from './text-index';
export { describe, describePositions, CONTEXT_LENGTH } from './describe';
export { anchor, anchorAll, type AnchorOptions, type TextSpan } from './anchor';
export type { Selector, TextPositionSelector, TextQuoteSelector } from './selectors';
