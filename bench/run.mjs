// npm run bench: anchoring and drawing in headless Chromium (and the 5 % row in Firefox
// ESR), Marginalia against the real Hypothesis client in the same run, on Moby Dick and on
// one long page made of every saved article. Writes bench/results.json and the anchoring
// section of docs/benchmarks.md. Options: --quick (fewer highlights and runs, for
// development), --no-firefox, --no-large, --pages=moby,articles, --rates=0.05,0.15, --n=1000,
// --runs=3, --peer-n=0 (highlights against Hypothesis, every page; 0 leaves it out), --seed=N
// (another random draw of highlights and edits than the default 20261206),
// --profile=file.cpuprofile (unminified, a CPU profile of the Chromium part), --trace=file.json
// (a Chromium trace of it), --no-gc (no forced collection before each timed run).

import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_FLAGS, chromiumPath, firefoxPath } from '../scripts/browser-paths.mjs';
import { renderAnchoring } from './report.mjs';
import { replaceSection } from './sections.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const withFirefox = !process.argv.includes('--no-firefox');
/** --profile=file.cpuprofile: a CPU profile of the Chromium run (open it in DevTools' Performance panel). */
const profile = process.argv.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);
/** --trace=file.json: a Chromium trace (tasks, garbage collections, scripts) of the Chromium run. */
const trace = process.argv.find((a) => a.startsWith('--trace='))?.slice('--trace='.length);
/** --no-gc: no forced garbage collection before each timed run (see in-page.ts). */
const forceGc = !process.argv.includes('--no-gc');

/** The shared folder sits beside the checkout (../shared) or beside the worktrees' folder. */
const shared = [path.join(root, '../shared'), path.join(root, '../../shared')].find((p) => existsSync(p));
if (!shared) throw new Error('../shared not found: it holds books/moby_dick.txt and pages/*/source.html');
const book = await readFile(path.join(shared, 'books/moby_dick.txt'), 'utf8');
const pagesDir = path.join(shared, 'pages');
const articles = await Promise.all(
  readdirSync(pagesDir)
    .filter((name) => existsSync(path.join(pagesDir, name, 'source.html')))
    .sort()
    .map((name) => readFile(path.join(pagesDir, name, 'source.html'), 'utf8')),
);

const bundle = async (/** @type {import('esbuild').BuildOptions} */ options) =>
  (
    await build({
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2022',
      minify: !profile,
      logLevel: 'warning',
      ...options,
    })
  ).outputFiles?.[0]?.text ?? '';
const ours = await bundle({ entryPoints: [path.join(root, 'bench/in-page.ts')] });
// The real Hypothesis code, unmodified, bundled apart (see bench/peers/hypothesis.ts).
const peer = await bundle({
  stdin: {
    contents:
      "import { anchor, describe } from './bench/peers/hypothesis-anchoring/html'; globalThis.hypothesis = { anchor, describe };",
    resolveDir: root,
    loader: 'ts',
  },
});

const base = {
  book,
  articles,
  n: 1000,
  seed: 20261206,
};
const chromiumConfig = {
  ...base,
  pages: ['moby', 'articles'],
  rates: [0, 0.01, 0.05, 0.15],
  runs: quick ? 1 : 3,
  peerN: quick ? 20 : 100,
  // The real Hypothesis client takes 1-3 s per edited highlight on the articles page (over
  // 4 minutes a run in Firefox for 100): half as many there keeps npm run bench to minutes.
  /** @type {Record<string, number>} */
  peerNFor: quick ? {} : { articles: 50 },
  peerRuns: quick ? 1 : 2,
  // ...and a row stops after a run in which Hypothesis took over a minute (both sides then
  // have one run, reported as such).
  peerRowBudgetMs: 60_000,
  drawN: quick ? [1000] : [1000, 10000],
  large: true,
};
const only = (/** @type {string} */ name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? '';
if (only('pages')) chromiumConfig.pages = only('pages').split(',');
if (only('rates')) chromiumConfig.rates = only('rates').split(',').map(Number);
if (only('n')) chromiumConfig.n = Number(only('n'));
if (only('runs')) chromiumConfig.runs = Number(only('runs'));
// --seed=N: other highlights and edits, to find failures the default seed does not draw.
if (only('seed')) chromiumConfig.seed = Number(only('seed'));
// --peer-n=0 leaves the Hypothesis peer out (for quick checks of Marginalia's own counts).
if (only('peer-n')) {
  chromiumConfig.peerN = Number(only('peer-n'));
  chromiumConfig.peerNFor = {};
}
if (process.argv.includes('--no-large')) chromiumConfig.large = false;
const firefoxConfig = { ...chromiumConfig, rates: [0.05], drawN: [], large: false };

/** @param {import('puppeteer-core').Browser} browser @param {object} config */
async function runIn(browser, config) {
  const page = await browser.newPage();
  await page.exposeFunction('benchLog', (/** @type {string} */ message) => console.log(message));
  await page.setContent(
    '<!doctype html><html><head><meta charset="utf-8"><title>Bench</title></head><body></body></html>',
  );
  await page.addScriptTag({ content: peer });
  await page.addScriptTag({ content: ours });
  const cdp = profile && config === chromiumConfig ? await page.createCDPSession() : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  if (trace && config === chromiumConfig) {
    await page.tracing.start({
      path: trace,
      categories: [
        'devtools.timeline',
        'v8',
        'v8.execute',
        'disabled-by-default-devtools.timeline',
        'blink.user_timing',
      ],
    });
  }
  const result = await page.evaluate(
    (config) =>
      // @ts-expect-error: set by bench/in-page.ts
      window.runBench({ ...config, log: (/** @type {string} */ m) => window.benchLog(m) }),
    config,
  );
  if (trace && config === chromiumConfig) await page.tracing.stop();
  if (cdp && profile) {
    const { profile: cpu } = await cdp.send('Profiler.stop');
    await writeFile(profile, JSON.stringify(cpu));
    console.log(`CPU profile written to ${profile}`);
  }
  const version = await browser.version();
  await browser.close();
  return { ...result, version };
}

const started = Date.now();
const chromium = await runIn(
  await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    pipe: true,
    protocolTimeout: 1_800_000,
    // gc(), so that each timed run starts with the bench's own garbage collected (in-page.ts).
    args: ['--disable-gpu', ...(forceGc ? ['--js-flags=--expose-gc'] : []), ...CHROMIUM_FLAGS],
  }),
  chromiumConfig,
);
let firefox;
if (withFirefox) {
  try {
    firefox = await runIn(
      await puppeteer.launch({
        browser: 'firefox',
        executablePath: firefoxPath(),
        headless: true,
        protocolTimeout: 1_800_000,
      }),
      firefoxConfig,
    );
  } catch (error) {
    console.warn(`Firefox row not run: ${error instanceof Error ? error.message : error}`);
  }
}
const minutes = (Date.now() - started) / 60_000;

const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const load = os.loadavg()[0]?.toFixed(1);
const results = {
  machine,
  loadAverage: load,
  date: new Date().toISOString(),
  minutes,
  config: { ...chromiumConfig, book: undefined, articles: articles.length },
  chromium: { ...chromium },
  firefox: firefox && { ...firefox },
};
await writeFile(
  path.join(root, quick ? 'bench/results-quick.json' : 'bench/results.json'),
  `${JSON.stringify(results, null, 2)}\n`,
);
if (!quick) await replaceSection(path.join(root, 'docs/benchmarks.md'), 'anchoring', renderAnchoring(results));
console.log(
  `\nDone in ${minutes.toFixed(1)} min; wrote bench/${quick ? 'results-quick' : 'results'}.json${quick ? '' : ' and docs/benchmarks.md'}`,
);
