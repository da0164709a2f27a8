// What the content script costs a page that has no highlights: its production bytes, and
// the time Chromium spends compiling and running it there, read from a performance trace
// (V8's compile and run events for content.js). Runs on the built dist/chrome:
//   node build.mjs --production && node bench/content-cost.mjs [--runs 9] [--dist dist/chrome]
// Prints the median and the fastest of the runs (on a busy machine the fastest is the
// better estimate of the work itself); each run is a fresh page load in one browser. Parse +
// eval is what the page waits for: the work it starts later (reading the page's
// annotations, here none) is not counted.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../scripts/browser-paths.mjs';
import { startServer } from '../scripts/fixture-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** @param {string} name @param {string} fallback */
const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
// --dist: another build of the Chromium extension, to compare (e.g. one built from an older commit).
const dist = path.resolve(option('--dist', path.join(root, 'dist/chrome')));
const runs = Number(option('--runs', '9'));

const bytes = (await stat(path.join(dist, 'content.js'))).size;
const server = await startServer();
const browser = await puppeteer.launch({
  executablePath: chromiumPath(),
  headless: true,
  pipe: true,
  enableExtensions: [dist],
  args: ['--no-sandbox', '--disable-gpu', ...CHROMIUM_FLAGS],
});
await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'));

/** @typedef {{ name: string, ph: string, dur?: number, args?: { fileName?: string, data?: { url?: string, fileName?: string } } }} TraceEvent */

/**
 * Sums, in ms, the trace's compile and run events of a script whose URL ends in content.js.
 * @param {Uint8Array} trace
 */
function contentScriptTime(trace) {
  /** @type {TraceEvent[]} */
  const events = JSON.parse(Buffer.from(trace).toString('utf8')).traceEvents;
  /** @param {TraceEvent} e */
  const ofContent = (e) => {
    const url = e.args?.data?.url ?? e.args?.fileName ?? e.args?.data?.fileName ?? '';
    return typeof url === 'string' && url.endsWith('/content.js');
  };
  const compile = events.filter((e) => e.ph === 'X' && /^v8\.compile$/.test(e.name) && ofContent(e));
  const run = events.filter((e) => e.ph === 'X' && e.name === 'v8.run' && ofContent(e));
  const evaluate = events.filter((e) => e.ph === 'X' && e.name === 'EvaluateScript' && ofContent(e));
  /** @param {TraceEvent[]} list */
  const sum = (list) => list.reduce((total, e) => total + (e.dur ?? 0), 0) / 1000;
  // EvaluateScript (devtools.timeline) spans compile and run where Chromium emits it for
  // content scripts; else the V8 events are added up.
  const total = evaluate.length > 0 ? sum(evaluate) : sum(compile) + sum(run);
  return { total, compile: sum(compile), run: sum(run), found: evaluate.length + compile.length + run.length };
}

const totals = [];
const compiles = [];
for (let i = 0; i < runs; i++) {
  const page = await browser.newPage();
  await page.tracing.start({ categories: ['devtools.timeline', 'v8', 'disabled-by-default-devtools.timeline'] });
  // A page with no highlights: the content script starts, asks for none, finds none.
  await page.goto(`${server.origin}/essay.html?cost=${i}`, { waitUntil: 'load' });
  // document_idle: wait until our content script has run (its stylesheet comes with it).
  await page.waitForFunction(() => document.readyState === 'complete');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const trace = await page.tracing.stop();
  if (!trace) throw new Error('No trace');
  const { total, compile, found } = contentScriptTime(trace);
  if (found === 0) throw new Error('No trace event for content.js: did the content script run?');
  if (i > 0) {
    // The first load warms V8's code cache for the extension; a reader's pages after the first are these.
    totals.push(total);
    compiles.push(compile);
  }
  await page.close();
}
await browser.close();
await server.close();

/** @param {number[]} list */
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN;
console.log(
  `content.js ${bytes} bytes (${(bytes / 1024).toFixed(1)} kB); parse+eval on a page without highlights: median ${median(totals).toFixed(2)} ms, fastest ${Math.min(...totals).toFixed(2)} ms (compile ${median(compiles).toFixed(2)} ms) over ${totals.length} loads [${totals.map((t) => t.toFixed(2)).join(', ')}]`,
);
