import type { Color } from '../shared/types';

interface Drawn {
  range: Range;
  color: Color;
}

function caretAt(x: number, y: number): { node: Node; offset: number } | undefined {
  const doc = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  const position = doc.caretPositionFromPoint?.(x, y);
  if (position) return { node: position.offsetNode, offset: position.offset };
  const range = doc.caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : undefined;
}

function covers(range: Range, x: number, y: number): boolean {
  for (const rect of range.getClientRects()) {
    if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) return true;
  }
  return false;
}

/**
 * The drawn highlight under the point, innermost first when they nest. Cheap filters
 * come first (the Highlight API's own hit test where the browser has it, else the caret
 * position), then the ranges' boxes decide, so a click in the margin hits nothing.
 */
export function highlightAt(x: number, y: number, drawn: ReadonlyMap<string, Drawn>): string | undefined {
  if (drawn.size === 0) return undefined;
  // The Highlight API's own hit test, where the browser has it, rules out most points
  // cheaply. Only as a filter: the objects it returns are not always the ones a content
  // script's isolated world registered (seen in Chromium), so identity cannot be trusted.
  const registry = CSS.highlights as HighlightRegistry & { highlightsFromPoint?: (x: number, y: number) => unknown[] };
  if (typeof registry.highlightsFromPoint === 'function' && registry.highlightsFromPoint(x, y).length === 0)
    return undefined;
  const caret = caretAt(x, y);
  let best: { id: string; length: number } | undefined;
  for (const [id, { range }] of drawn) {
    if (caret && !safeIsPointInRange(range, caret.node, caret.offset)) continue;
    if (!covers(range, x, y)) continue;
    const length = range.toString().length;
    if (!best || length < best.length) best = { id, length };
  }
  return best?.id;
}

function safeIsPointInRange(range: Range, node: Node, offset: number): boolean {
  try {
    return range.isPointInRange(node, offset);
  } catch {
    return false;
  }
}
