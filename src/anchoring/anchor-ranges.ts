import { anchorAll } from './anchor';
import { anchorDomRange } from './dom-range';
import { type Selector, selectorOf } from './selectors';
import { TextIndex } from './text-index';

const positionOf = (selectors: readonly Selector[]) => selectorOf(selectors, 'TextPositionSelector')?.start ?? 0;

/**
 * Ranges for many annotations on the page under `root` (undefined where not found).
 * Those whose DOM range still checks out are taken as they are; the text index is built
 * (once) only if some are left, and they are anchored by quote, context and position.
 */
export function anchorRanges(list: readonly (readonly Selector[])[], root: Node): (Range | undefined)[] {
  const doc = root.ownerDocument ?? (root as Document);
  const results: (Range | undefined)[] = new Array(list.length);
  // In reading order, so each lookup of the n-th child walks on from the last one.
  const order = list.map((_, i) => i).sort((a, b) => positionOf(list[a]!) - positionOf(list[b]!));
  const rest: number[] = [];
  for (const i of order) {
    const dom = selectorOf(list[i]!, 'marginalia:DomRangeSelector');
    const quote = selectorOf(list[i]!, 'TextQuoteSelector');
    const range = dom && quote && anchorDomRange(dom, root, quote.exact);
    if (range) results[i] = range;
    else rest.push(i);
  }
  if (rest.length === 0) return results;
  const index = TextIndex.build(root);
  const spans = anchorAll(
    rest.map((i) => list[i]!),
    index.text,
  );
  rest.forEach((i, k) => {
    const span = spans[k];
    results[i] = span && index.rangeOf(span.start, span.end, doc);
  });
  return results;
}
