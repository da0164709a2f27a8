/**
 * Runs inside the browser (bundled by bench/run.mjs): builds each page, places
 * highlights, edits the page in place (words, and a paragraph inserted and one removed),
 * and times Marginalia and the real Hypothesis client anchoring them again.
 */
import { anchorRanges, describe, describeDomRange, TextIndex } from '../src/anchoring';
import { createPainter } from '../src/content/painter';
import { pause } from '../src/content/pause';
import { editPage } from './edit-dom';
import { highlightSpans, judge, paragraphsOf, type Span } from './model';
import { buildPage, countTextNodes, describeSpans } from './page';
import { anchorHypothesis, describeHypothesis, type HypothesisSelectors } from './peers/hypothesis';

export interface Row {
  page: string;
  impl: 'marginalia' | 'hypothesis';
  n: number;
  editRate: number;
  runs: number;
  /** Median wall time from the start until every highlight is anchored. */
  medianMs: number;
  /** Longest task seen by PerformanceObserver('longtask') in any run (0: none over 50 ms); null where unsupported. */
  longestTaskMs: number | null;
  longTasks: number | null;
  /** Right anchors over the highlights whose text mostly (≥ half) survives the edits. */
  survival: number;
  right: number;
  survivable: number;
  wrong: number;
  orphans: number;
}

export interface PageInfo {
  page: string;
  textLength: number;
  textNodes: number;
  indexMs: number;
}

export interface BenchConfig {
  book: string;
  /** The real articles' HTML, to be made one long page. */
  articles: string[];
  pages: ('moby' | 'articles')[];
  rates: number[];
  n: number;
  runs: number;
  /** Highlights and runs for the rows against Hypothesis (the same for both). */
  peerN: number;
  /** Per page, where it differs from peerN (the real client takes minutes on the articles page). */
  peerNFor?: Partial<Record<'moby' | 'articles', number>>;
  peerRuns: number;
  /** A row against Hypothesis stops after the run in which Hypothesis took longer than this (both sides then have the same fewer runs). */
  peerRowBudgetMs: number;
  drawN: number[];
  large: boolean;
  seed: number;
  log(message: string): void;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const longTaskSupport = PerformanceObserver.supportedEntryTypes?.includes('longtask') ?? false;
const longTasks: PerformanceEntry[] = [];
const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
if (longTaskSupport) observer.observe({ type: 'longtask' });

const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Until the next frame has been painted (style, layout, paint): a macrotask queued from requestAnimationFrame runs after it. */
const painted = () =>
  new Promise<void>((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    }),
  );

export interface Timed<T> {
  ms: number;
  longest: number | null;
  count: number | null;
  result: T;
}

/** Wall time of `work`, and the long tasks that started meanwhile. */
export async function timed<T>(work: () => Promise<T> | T): Promise<Timed<T>> {
  // The bench's own garbage (a page of 66,000 text nodes rebuilt and edited between runs)
  // is collected before the run, so that no collection of it lands in the run's tasks;
  // gc is there when the browser was started with --js-flags=--expose-gc (run.mjs does).
  (globalThis as { gc?: () => void }).gc?.();
  // ...and the style, layout and paint of the page the bench just rebuilt or edited are
  // done before the run (in a Chromium trace, 300-500 ms of layout on Moby Dick).
  await painted();
  longTasks.push(...observer.takeRecords());
  const from = longTasks.length;
  const t0 = performance.now();
  const result = await work();
  const ms = performance.now() - t0;
  await macrotask();
  longTasks.push(...observer.takeRecords());
  const tasks = longTasks.slice(from).filter((e) => e.startTime >= t0 - 1);
  return {
    ms,
    longest: longTaskSupport ? Math.max(0, ...tasks.map((e) => e.duration)) : null,
    count: longTaskSupport ? tasks.length : null,
    result,
  };
}

/** Where anchored ranges lie in the page's text now, for judging (not timed). */
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

export function score(spans: Span[], map: Int32Array, anchored: (Span | undefined)[]) {
  let right = 0;
  let wrong = 0;
  let orphans = 0;
  let survivable = 0;
  let rightOfSurvivable = 0;
  spans.forEach((span, i) => {
    let kept = 0;
    for (let p = span.start; p < span.end; p++) if (map[p]! >= 0) kept++;
    const mostly = kept >= 0.5 * (span.end - span.start);
    const verdict = judge(span, map, anchored[i]);
    if (mostly) survivable++;
    if (verdict === 'right') {
      right++;
      if (mostly) rightOfSurvivable++;
    } else if (verdict === 'wrong') wrong++;
    else orphans++;
  });
  return { survival: survivable ? rightOfSurvivable / survivable : 1, right, survivable, wrong, orphans };
}

/** The articles in one document: each in an <article>, its styles kept, its scripts inert but left in place. */
function buildArticles(sources: string[]): string {
  const body = document.body;
  body.replaceChildren();
  for (const html of sources) {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    for (const script of doc.querySelectorAll('script')) script.setAttribute('type', 'text/inert');
    // Inline handlers are scripts too (an image's onerror would run, offline, and change the page).
    for (const element of doc.querySelectorAll('*')) {
      for (const name of element.getAttributeNames()) if (name.startsWith('on')) element.removeAttribute(name);
    }
    const article = document.createElement('article');
    article.append(...doc.head.querySelectorAll('style'), ...doc.body.childNodes);
    body.append(article);
  }
  return body.innerHTML;
}

const hypothesisRuns = async (selectors: HypothesisSelectors[]) => {
  const out: (Range | undefined)[] = [];
  for (const list of selectors) out.push(await anchorHypothesis(document.body, list));
  return out;
};

async function runPage(
  page: 'moby' | 'articles',
  config: BenchConfig,
  rows: Row[],
): Promise<PageInfo & { wrongExamples: string[] }> {
  let saved = '';
  const original = page === 'moby' ? paragraphsOf(config.book).join('\n') : '';
  const setup = () => {
    if (page === 'moby') buildPage(original);
    else document.body.innerHTML = saved;
  };
  if (page === 'articles') saved = buildArticles(config.articles);
  setup();
  const index = TextIndex.build(document.body);
  const indexTimes: number[] = [];
  for (let run = 0; run < config.runs; run++) indexTimes.push((await timed(() => TextIndex.build(document.body))).ms);
  const spans = highlightSpans(index.text, config.n, config.seed);
  const ours = describeSpans(index, spans);
  const peerN = config.peerNFor?.[page] ?? config.peerN;
  const peerSpans = spans.slice(0, peerN);
  const theirs = peerSpans.map((s) => describeHypothesis(document.body, index.rangeOf(s.start, s.end, document)!));
  const info = {
    page,
    textLength: index.text.length,
    textNodes: countTextNodes(),
    indexMs: median(indexTimes),
    wrongExamples: [] as string[],
  };
  config.log(
    `${page}: ${info.textLength} characters, ${info.textNodes} text nodes, index ${info.indexMs.toFixed(1)} ms`,
  );

  const row = (
    impl: Row['impl'],
    n: number,
    rate: number,
    runs: Timed<(Range | undefined)[]>[],
    verdict: ReturnType<typeof score>,
  ) => {
    const longest = runs.map((r) => r.longest);
    const r: Row = {
      page,
      impl,
      n,
      editRate: rate,
      runs: runs.length,
      medianMs: median(runs.map((t) => t.ms)),
      longestTaskMs: longest.includes(null) ? null : Math.max(...(longest as number[])),
      longTasks: longest.includes(null) ? null : Math.max(...runs.map((t) => t.count!)),
      ...verdict,
    };
    rows.push(r);
    config.log(
      `${page} ${impl} n=${n} edits=${rate * 100}%: ${r.medianMs.toFixed(1)} ms, longest task ${r.longestTaskMs?.toFixed(0)} ms (${r.longTasks} long), survival ${(r.survival * 100).toFixed(1)}% (${Math.round(r.survival * r.survivable)}/${r.survivable}), wrong ${r.wrong}, orphans ${r.orphans}`,
    );
  };

  for (const rate of config.rates) {
    setup();
    const edited = editPage(document.body, rate, config.seed + Math.round(rate * 1000));
    // Marginalia as the content script runs it: all highlights, in slices that yield to the page.
    const full: Timed<(Range | undefined)[]>[] = [];
    for (let run = 0; run < config.runs; run++)
      full.push(await timed(() => anchorRanges(ours, document.body, { pause })));
    const anchored = spansOf(full[0]!.result);
    row('marginalia', config.n, rate, full, score(spans, edited.map, anchored));
    spans.forEach((span, i) => {
      const verdict = judge(span, edited.map, anchored[i]);
      if (rate === 0 && verdict === 'orphan' && info.wrongExamples.length < 20) {
        info.wrongExamples.push(`${page}: missing on the unchanged page: ${JSON.stringify(ours[i]![0])}`);
        config.log(info.wrongExamples.at(-1)!);
      }
      if (verdict !== 'wrong' || info.wrongExamples.length >= 20) return;
      const a = anchored[i]!;
      info.wrongExamples.push(
        `${page} ${rate * 100}%: quote ${JSON.stringify(index.text.slice(span.start, span.end).slice(0, 80))} drawn on ${JSON.stringify(edited.text.slice(a.start, a.end).slice(0, 80))}`,
      );
      config.log(info.wrongExamples.at(-1)!);
    });
    // Against Hypothesis: the same highlights and the same number of runs, order alternated.
    if (peerN <= 0) continue;
    const subset = ours.slice(0, peerN);
    const mine: Timed<(Range | undefined)[]>[] = [];
    const peer: Timed<(Range | undefined)[]>[] = [];
    for (let run = 0; run < config.peerRuns; run++) {
      const a = () => timed(() => anchorRanges(subset, document.body, { pause }));
      const b = () => timed(() => hypothesisRuns(theirs));
      if (run % 2 === 0) {
        mine.push(await a());
        peer.push(await b());
      } else {
        peer.push(await b());
        mine.push(await a());
      }
      if (peer.at(-1)!.ms > config.peerRowBudgetMs) break;
    }
    row('marginalia', peerN, rate, mine, score(peerSpans, edited.map, spansOf(mine[0]!.result)));
    row('hypothesis', peerN, rate, peer, score(peerSpans, edited.map, spansOf(peer[0]!.result)));
  }
  return info;
}

export interface LargePageResult {
  textNodes: number;
  n: number;
  indexMs: number;
  unchanged: { ms: number; longest: number | null };
  edited: { ms: number; longest: number | null; survival: number; wrong: number };
  /** Making one highlight with the page's index already kept (what the content script does), and with a fresh walk. */
  describeWarmMs: number;
  describeColdMs: number;
}

const DENSE = { emEvery: 2, aEvery: 7 };

async function runLarge(original: string, config: BenchConfig): Promise<LargePageResult> {
  const setup = () => buildPage(original, DENSE);
  setup();
  const textNodes = countTextNodes();
  const index = TextIndex.build(document.body);
  const spans = highlightSpans(original, config.n, config.seed + 3);
  const selectors = describeSpans(index, spans);
  const times = async (work: () => Promise<unknown> | unknown) => {
    const all: Timed<unknown>[] = [];
    for (let run = 0; run < config.runs; run++) all.push(await timed(work));
    return {
      ms: median(all.map((t) => t.ms)),
      longest: all[0]!.longest === null ? null : Math.max(...all.map((t) => t.longest!)),
      last: all.at(-1)!.result,
    };
  };
  const indexMs = (await times(() => TextIndex.build(document.body))).ms;
  const unchanged = await times(() => anchorRanges(selectors, document.body, { pause }));
  // Making a highlight: the selectors (quote, context, position) and the DOM range, for a
  // range in the middle of the page.
  const one = index.rangeOf(spans[500]!.start, spans[500]!.end, document)!;
  const make = (i: TextIndex) => [...describe(one, i)!, describeDomRange(one, document.body)];
  const warm = await times(() => make(index));
  const cold = await times(() => make(TextIndex.build(document.body)));
  const edited = editPage(document.body, 0.01, config.seed + 4);
  const after = await times(() => anchorRanges(selectors, document.body, { pause }));
  const verdict = score(spans, edited.map, spansOf(after.last as (Range | undefined)[]));
  return {
    textNodes,
    n: config.n,
    indexMs,
    unchanged: { ms: unchanged.ms, longest: unchanged.longest },
    edited: { ms: after.ms, longest: after.longest, survival: verdict.survival, wrong: verdict.wrong },
    describeWarmMs: warm.ms,
    describeColdMs: cold.ms,
  };
}

export async function runBench(config: BenchConfig) {
  const rows: Row[] = [];
  const pages: (PageInfo & { wrongExamples: string[] })[] = [];
  for (const page of config.pages) pages.push(await runPage(page, config, rows));

  const original = paragraphsOf(config.book).join('\n');
  const draw: { n: number; ms: number }[] = [];
  for (const n of config.drawN) {
    buildPage(original);
    const page = TextIndex.build(document.body);
    const ranges = highlightSpans(original, n, config.seed + 7).map((s) => page.rangeOf(s.start, s.end, document)!);
    const painter = createPainter(false);
    await painted();
    const t0 = performance.now();
    ranges.forEach((range, i) => {
      painter.draw(`h${i}`, range, 'yellow');
    });
    await painted();
    draw.push({ n, ms: performance.now() - t0 });
    painter.destroy();
    config.log(`draw ${n}: ${draw.at(-1)!.ms.toFixed(1)} ms to the painted frame`);
  }
  const large = config.large ? await runLarge(original, config) : undefined;
  if (large) config.log(`large page: ${JSON.stringify(large)}`);
  return { rows, pages, draw, large, longTaskSupport };
}

(globalThis as unknown as { runBench: typeof runBench }).runBench = runBench;
