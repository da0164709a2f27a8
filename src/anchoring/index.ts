export { type AnchorOptions, anchor, anchorAll, type TextSpan } from './anchor';
export { CONTEXT_LENGTH, describe, describePositions } from './describe';
export type { Selector, TextPositionSelector, TextQuoteSelector } from './selectors';
export { TextIndex } from './text-index';
