import type { TextPositionSelector, TextQuoteSelector } from './selectors';
import type { TextIndex } from './text-index';

export const CONTEXT_LENGTH = 32;

/** Selectors for `range`, or undefined when it covers no indexed text. */
export function describe(range: Range, index: TextIndex): [TextQuoteSelector, TextPositionSelector] | undefined {
  const start = index.positionOf(range.startContainer, range.startOffset);
  const end = index.positionOf(range.endContainer, range.endOffset);
  return describePositions(index.text, start, end);
}

export function describePositions(
  text: string,
  rawStart: number,
  rawEnd: number,
): [TextQuoteSelector, TextPositionSelector] | undefined {
  let start = rawStart;
  let end = rawEnd;
  // A drag that starts or ends in the gap between paragraphs should not keep the break.
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (start >= end) return undefined;
  const exact = text.slice(start, end);
  // A passage found elsewhere on the page too keeps twice the context: more to tell its
  // twins apart by, and a sign to anchoring that partial agreement is not enough.
  const repeated = text.indexOf(exact) !== start || text.includes(exact, start + 1);
  const context = repeated ? 2 * CONTEXT_LENGTH : CONTEXT_LENGTH;
  return [
    {
      type: 'TextQuoteSelector',
      exact,
      prefix: text.slice(Math.max(0, start - context), start),
      suffix: text.slice(end, end + context),
    },
    { type: 'TextPositionSelector', start, end },
  ];
}
