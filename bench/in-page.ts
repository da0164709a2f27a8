/**
 * Runs inside headless Chromium (bundled by bench/run.mjs): builds the long page, places
 * highlights, edits the page, and times each implementation anchoring them again.
 */
import { createTextQuoteSelectorMatcher } from '@apache-annotator/dom';
import { anchorDomRange, anchorRanges, TextIndex } from '../src/anchoring';
import { type Selector, selectorOf } from '../src/anchoring/selectors';
import { createPainter } from '../src/content/painter';
import { type LargePageResult, runLargePage } from './large-page';
import { editText, highlightSpans, judge, paragraphsOf, type Span } from './model';
import { buildPage, countTextNodes, describeSpans } from './page';
import { anchorHypothesis } from './peers/hypothesis';

export interface CaseResult {
  impl: string;
  n: number;
  editRate: number;
  runs: number;
  medianMs: number;
  /**
   * Marginalia only: the median time to build the page's text index, which the run
   * includes only when some highlight did not come back by its DOM range...
   */
  indexMs?: number;
  /** ...and how many did. */
  byDomRange?: number;
  perHighlightMs: number;
  survival: number;
  wrong: number;
  orphans: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function score(spans: Span[], map: Int32Array, anchored: (Span | undefined)[]) {
  let right = 0;
  let wrong = 0;
  let orphans = 0;
  spans.forEach((span, i) => {
    const verdict = judge(span, map, anchored[i]);
    if (verdict === 'right') right++;
    else if (verdict === 'wrong') wrong++;
    else orphans++;
  });
  return { survival: right / spans.length, wrong, orphans };
}

/** Anchors all highlights as the content script does: DOM ranges first, the text index only if needed. */
function marginalia(selectors: Selector[][]): (Range | undefined)[] {
  return anchorRanges(selectors, document.body);
}

/** Where the anchored ranges lie in the page's text, for judging (not timed). */
function spansOf(ranges: (Range | undefined)[]): (Span | undefined)[] {
  const index = TextIndex.build(document.body);
  return ranges.map(
    (r) =>
      r && {
        start: index.positionOf(r.startContainer, r.startOffset),
        end: index.positionOf(r.endContainer, r.endOffset),
      },
  );
}

async function apache(selectors: Selector[][]): Promise<(Span | undefined)[]> {
  const index = TextIndex.build(document.body);
  const scope = document.createRange();
  scope.selectNodeContents(document.body);
  const out: (Span | undefined)[] = [];
  for (const list of selectors) {
    const quote = list.find((s) => s.type === 'TextQuoteSelector');
    let found: Span | undefined;
    if (quote && quote.type === 'TextQuoteSelector') {
      for await (const range of createTextQuoteSelectorMatcher(quote)(scope)) {
        const r = range as Range;
        found = {
          start: index.positionOf(r.startContainer, r.startOffset),
          end: index.positionOf(r.endContainer, r.endOffset),
        };
        break;
      }
    }
    out.push(found);
  }
  return out;
}

export interface BenchConfig {
  book: string;
  rates: number[];
  n: number;
  runs: number;
  hypothesisN: { unchanged: number; edited: number };
  apacheN: number;
  drawN: number;
  /** Also the page of more than 200,000 text nodes. */
  large: boolean;
  seed: number;
  log(message: string): void;
}

export async function runBench(config: BenchConfig): Promise<{
  cases: CaseResult[];
  draw: { impl: string; n: number; ms: number }[];
  large?: LargePageResult;
  textLength: number;
  textNodes: number;
}> {
  const original = paragraphsOf(config.book).join('\n');
  buildPage(original);
  const index = TextIndex.build(document.body);
  if (index.text !== original || document.body.textContent !== original)
    throw new Error('page text differs from the model');
  const textNodes = countTextNodes();
  const spans = highlightSpans(original, config.n, config.seed);
  const selectors = describeSpans(index, spans);
  const cases: CaseResult[] = [];
  const record = (
    impl: string,
    n: number,
    editRate: number,
    times: number[],
    verdict: ReturnType<typeof score>,
    indexMs?: number,
    byDom?: number,
  ) => {
    const medianMs = median(times);
    const row: CaseResult = {
      impl,
      n,
      editRate,
      runs: times.length,
      medianMs,
      perHighlightMs: medianMs / n,
      ...verdict,
    };
    if (indexMs !== undefined) row.indexMs = indexMs;
    if (byDom !== undefined) row.byDomRange = byDom;
    cases.push(row);
    const index =
      indexMs === undefined
        ? ''
        : ` (${byDom} by DOM range; text index, built when any is left: ${indexMs.toFixed(1)} ms)`;
    config.log(
      `${impl} n=${n} edits=${editRate * 100}%: ${medianMs.toFixed(1)} ms${index}, survival ${(verdict.survival * 100).toFixed(1)}%, wrong ${verdict.wrong}`,
    );
  };

  for (const rate of config.rates) {
    const edited = editText(original, rate, config.seed + Math.round(rate * 1000));
    buildPage(edited.text);

    const times: number[] = [];
    let ranges: (Range | undefined)[] = [];
    for (let run = 0; run < config.runs; run++) {
      const t0 = performance.now();
      ranges = marginalia(selectors);
      times.push(performance.now() - t0);
    }
    const anchored = spansOf(ranges);
    // Apart from the timed runs: how many came back by their DOM range alone, and what
    // building the text index costs on this page when some do not.
    const byDom = selectors.filter((list) => {
      const dom = selectorOf(list, 'marginalia:DomRangeSelector');
      const quote = selectorOf(list, 'TextQuoteSelector');
      return dom && quote && anchorDomRange(dom, document.body, quote.exact);
    }).length;
    const indexTimes: number[] = [];
    for (let run = 0; run < config.runs; run++) {
      const t0 = performance.now();
      TextIndex.build(document.body);
      indexTimes.push(performance.now() - t0);
    }
    record('marginalia', config.n, rate, times, score(spans, edited.map, anchored), median(indexTimes), byDom);
    spans.forEach((span, i) => {
      if (judge(span, edited.map, anchored[i]) !== 'wrong') return;
      const a = anchored[i]!;
      config.log(
        `  wrong: quote ${JSON.stringify(original.slice(span.start, span.end))}\n  drawn on ${JSON.stringify(edited.text.slice(a.start, a.end))}\n  context ${JSON.stringify(edited.text.slice(a.start - 40, a.end + 40))}`,
      );
    });

    const hn = rate === 0 ? config.hypothesisN.unchanged : config.hypothesisN.edited;
    const subset = selectors.slice(0, hn);
    // Marginalia on the very same highlights, for a like-for-like survival figure.
    record(
      'marginalia (same as hypothesis)',
      hn,
      rate,
      times.map((t) => (t * hn) / config.n),
      score(spans.slice(0, hn), edited.map, anchored.slice(0, hn)),
    );
    const t1 = performance.now();
    const hyp = subset.map((list) => anchorHypothesis(document.body, list));
    record('hypothesis', hn, rate, [performance.now() - t1], score(spans.slice(0, hn), edited.map, hyp));

    if (config.apacheN > 0) {
      const t2 = performance.now();
      const ap = await apache(selectors.slice(0, config.apacheN));
      record(
        '@apache-annotator/dom',
        config.apacheN,
        rate,
        [performance.now() - t2],
        score(spans.slice(0, config.apacheN), edited.map, ap),
      );
    }
  }

  let large: LargePageResult | undefined;
  if (config.large) {
    large = runLargePage(original, config.n, config.seed + 3, config.runs);
    config.log(`large page (${large.textNodes} text nodes): ${JSON.stringify(large)}`);
  }

  // Drawing: the same ranges through the Highlight API and through wrapping elements.
  const draw: { impl: string; n: number; ms: number }[] = [];
  for (const [impl, n] of config.drawN
    ? ([
        ['css-highlight-api', config.drawN],
        ['wrapping-elements', config.drawN],
      ] as const)
    : []) {
    buildPage(original);
    const page = TextIndex.build(document.body);
    const ranges = highlightSpans(original, n, config.seed + 7).map((s) => page.rangeOf(s.start, s.end, document)!);
    const painter = createPainter(impl === 'wrapping-elements');
    const t0 = performance.now();
    for (const [i, range] of ranges.entries()) painter.draw(`h${i}`, range, 'yellow');
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
    const ms = performance.now() - t0;
    draw.push({ impl, n, ms });
    config.log(`draw ${impl} n=${n}: ${ms.toFixed(1)} ms (to the next frame)`);
    painter.destroy();
  }
  return { cases, draw, ...(large ? { large } : {}), textLength: original.length, textNodes };
}

(window as unknown as { runBench: typeof runBench }).runBench = runBench;
