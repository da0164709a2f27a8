import { anchoring } from './anchor';
import { anchorDomRange } from './dom-range';
import { type Selector, selectorOf } from './selectors';
import { TextIndex } from './text-index';

const positionOf = (selectors: readonly Selector[]) => selectorOf(selectors, 'TextPositionSelector')?.start ?? 0;

/**
 * Work done in one go before the page is let run (a long task is one over 50 ms). Short,
 * because a garbage collection landing in a slice adds 10-30 ms to it (more on a busy
 * machine); measured on Moby Dick, 5 ms slices restore as fast as 10 ms ones.
 */
const SLICE_MS = 5;

export interface AnchorRangesOptions {
  /** Lets the page run between slices of the work; without it, all is done in one task. */
  pause?: () => Promise<void>;
  /** Where in the text the reader is looking: highlights from there on are anchored first. */
  near?: (index: TextIndex) => number | undefined;
  /** Told each result as soon as it is known (again, undefined, if a neighbour takes its place). */
  found?: (i: number, range: Range | undefined) => void;
}

/**
 * Ranges for many annotations on the page under `root` (undefined where not found).
 * Those whose DOM range still checks out are taken as they are; the text index is built
 * (once) only if some are left, and they are anchored by quote, context and position.
 * With `pause`, the work is cut into slices of about SLICE_MS.
 */
export async function anchorRanges(
  list: readonly (readonly Selector[])[],
  root: Node,
  { pause, near, found }: AnchorRangesOptions = {},
): Promise<(Range | undefined)[]> {
  const doc = root.ownerDocument ?? (root as Document);
  const results: (Range | undefined)[] = new Array(list.length);
  let sliceStart = performance.now();
  const due = () => !!pause && performance.now() - sliceStart > SLICE_MS;
  const letPageRun = async () => {
    await pause!();
    sliceStart = performance.now();
  };
  const run = async <T>(steps: Generator<void, T>): Promise<T> => {
    // The step before may have used the slice up (the index's last one joins the whole text).
    if (due()) await letPageRun();
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await letPageRun();
    }
  };
  const settle = (i: number, range: Range | undefined) => {
    results[i] = range;
    found?.(i, range);
  };
  // In reading order, so each lookup of the n-th child walks on from the last one.
  const order = list.map((_, i) => i).sort((a, b) => positionOf(list[a]!) - positionOf(list[b]!));
  const rest: number[] = [];
  await run(
    (function* () {
      for (const i of order) {
        const dom = selectorOf(list[i]!, 'marginalia:DomRangeSelector');
        const quote = selectorOf(list[i]!, 'TextQuoteSelector');
        const range = dom && quote && anchorDomRange(dom, root, quote.exact);
        if (range) settle(i, range);
        else rest.push(i);
        if (due()) yield;
      }
    })(),
  );
  if (rest.length === 0) return results;
  // Whether the page changed while the index was made or used (only possible between slices).
  let changed = false;
  const watch = new MutationObserver(() => {
    changed = true;
  });
  watch.observe(root, { childList: true, subtree: true, characterData: true });
  const index = await run(TextIndex.building(root, due));
  await run(
    anchoring(
      rest.map((i) => list[i]!),
      index.text,
      {
        near: near?.(index),
        due,
        found: (k, span) => {
          let range = span && index.rangeOf(span.start, span.end, doc);
          // The page ran while the index was made or used: its nodes must still hold its text
          // at both ends (the range's own text has that of scripts and styles inside it too).
          if (range && (changed || watch.takeRecords().length > 0)) {
            changed = true;
            const squash = (s: string) => s.replace(/\s+/g, '');
            const drawn = squash(range.toString());
            const wanted = squash(index.text.slice(span!.start, span!.end));
            if (!drawn.startsWith(wanted.slice(0, 16)) || !drawn.endsWith(wanted.slice(-16))) range = undefined;
          }
          settle(rest[k]!, range);
        },
      },
    ),
  );
  watch.disconnect();
  return results;
}
