/**
 * Issue 7's size row: a page of more than 200,000 text nodes. What a reader would wait
 * for there: highlights coming back (unchanged, and after 1 % edits), and making one.
 */
import { anchorRanges, describe, TextIndex } from '../src/anchoring';
import { editText, highlightSpans, judge, type Span } from './model';
import { buildPage, countTextNodes, describeSpans } from './page';

export interface LargePageResult {
  textNodes: number;
  n: number;
  /** Median ms to build the text index once. */
  indexMs: number;
  /** Median ms to anchor all n highlights on the unchanged page, and after 1 % edits. */
  unchangedMs: number;
  editedMs: number;
  editedSurvival: number;
  editedWrong: number;
  /** Median ms to describe one new highlight (what the content script does on Highlight). */
  describeMs: number;
}

const DENSE = { emEvery: 2, aEvery: 7 };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

function timed<T>(runs: number, work: () => T): { ms: number; result: T } {
  const times: number[] = [];
  let result!: T;
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    result = work();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), result };
}

export function runLargePage(original: string, n: number, seed: number, runs: number): LargePageResult {
  buildPage(original, DENSE);
  const textNodes = countTextNodes();
  const index = TextIndex.build(document.body);
  if (index.text !== original) throw new Error('large page text differs from the model');
  const spans = highlightSpans(original, n, seed);
  const selectors = describeSpans(index, spans);
  const indexMs = timed(runs, () => TextIndex.build(document.body)).ms;
  const unchanged = timed(runs, () => anchorRanges(selectors, document.body));
  if (unchanged.result.some((r) => !r)) throw new Error('a highlight did not come back on the unchanged large page');
  const one = index.rangeOf(spans[0]!.start, spans[0]!.end, document)!;
  const describeMs = timed(runs, () => describe(one, TextIndex.build(document.body))).ms;

  const edited = editText(original, 0.01, seed + 1);
  buildPage(edited.text, DENSE);
  const after = timed(runs, () => anchorRanges(selectors, document.body));
  const page = TextIndex.build(document.body);
  let right = 0;
  let wrong = 0;
  after.result.forEach((range, i) => {
    const anchored: Span | undefined = range && {
      start: page.positionOf(range.startContainer, range.startOffset),
      end: page.positionOf(range.endContainer, range.endOffset),
    };
    const verdict = judge(spans[i]!, edited.map, anchored);
    if (verdict === 'right') right++;
    if (verdict === 'wrong') wrong++;
  });
  return {
    textNodes,
    n,
    indexMs,
    unchangedMs: unchanged.ms,
    editedMs: after.ms,
    editedSurvival: right / n,
    editedWrong: wrong,
    describeMs,
  };
}
