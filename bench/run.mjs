// npm run bench: anchoring and drawing benchmarks in headless Chromium, Marginalia against
// Hypothesis's approach and @apache-annotator/dom in the same run, on Moby Dick.
// Writes bench/results.json and docs/benchmarks.md. Options: --quick (fewer highlights).

import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../scripts/browser-paths.mjs';
import { replaceSection } from './sections.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');

const bookPath = [path.join(root, '../shared/books/moby_dick.txt'), path.join(root, 'bench/moby_dick.txt')].find((p) =>
  existsSync(p),
);
if (!bookPath) throw new Error('Moby Dick not found: put it at ../shared/books/moby_dick.txt or bench/moby_dick.txt');

const bundle = await build({
  entryPoints: [path.join(root, 'bench/in-page.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  target: 'chrome120',
  minify: true,
  logLevel: 'warning',
});
const book = await readFile(bookPath, 'utf8');

const browser = await puppeteer.launch({
  executablePath: chromiumPath(),
  headless: true,
  pipe: true,
  protocolTimeout: 900_000,
  args: ['--disable-gpu', ...CHROMIUM_FLAGS],
});
const page = await browser.newPage();
await page.exposeFunction('benchLog', (/** @type {string} */ message) => console.log(message));
await page.setContent(
  '<!doctype html><html><head><meta charset="utf-8"><title>Moby Dick</title></head><body></body></html>',
);
await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });

const config = {
  book,
  rates: process.argv.includes('--rate0') ? [0] : [0, 0.01, 0.05, 0.15],
  n: 1000,
  runs: 5,
  hypothesisN: quick ? { unchanged: 100, edited: 10 } : { unchanged: 1000, edited: 100 },
  apacheN: quick ? 2 : 10,
  drawN: process.argv.includes('--rate0') ? 0 : quick ? 1000 : 10000,
  large: !process.argv.includes('--rate0'),
  seed: 20261126,
};
const result = await page.evaluate(
  (config) =>
    // @ts-expect-error: set by bench/in-page.ts
    window.runBench({ ...config, log: (/** @type {string} */ m) => window.benchLog(m) }),
  config,
);
const chromeVersion = await browser.version();
await browser.close();

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${chromeVersion}, Node ${process.version}`;
await writeFile(
  path.join(root, 'bench/results.json'),
  `${JSON.stringify({ machine, date: new Date().toISOString(), textLength: result.textLength, textNodes: result.textNodes, cases: result.cases, draw: result.draw, large: result.large }, null, 2)}\n`,
);

const pct = (/** @type {number} */ x) => `${(x * 100).toFixed(1)} %`;
const rows = result.cases.map(
  (/** @type {any} */ c) =>
    `| ${c.impl} | ${c.n} | ${c.editRate * 100} % | ${c.runs} | ${c.medianMs.toFixed(1)} | ${c.byDomRange ?? ''} | ${c.indexMs === undefined ? '' : c.indexMs.toFixed(1)} | ${(c.perHighlightMs * 1000).toFixed(1)} | ${pct(c.survival)} | ${c.wrong} | ${c.orphans} |`,
);
const ratios = config.rates.map((rate) => {
  const ours = result.cases.find((/** @type {any} */ c) => c.impl === 'marginalia' && c.editRate === rate);
  const theirs = result.cases.find((/** @type {any} */ c) => c.impl === 'hypothesis' && c.editRate === rate);
  return `| ${rate * 100} % | ${(theirs.perHighlightMs / ours.perHighlightMs).toFixed(0)}× |`;
});
const table = [
  '| implementation | highlights | edits | runs | median ms | back by DOM range | text index ms | µs per highlight | survival | wrong | orphans |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
].join('\n');
/** @param {any} large */
function largeSection(large) {
  if (!large) return '';
  return `
### A page of ${large.textNodes.toLocaleString('en')} text nodes

The same text with every second word in \`<em>\` and every seventh in \`<a>\` (issue 7's size row), ${large.n.toLocaleString('en')} highlights, medians of ${config.runs} runs:

| what the reader waits for | ms |
|---|---:|
| highlights come back, page unchanged | ${large.unchangedMs.toFixed(1)} |
| highlights come back after 1 % edits (survival ${pct(large.editedSurvival)}, wrong ${large.editedWrong}) | ${large.editedMs.toFixed(1)} |
| building the text index once (part of the row above) | ${large.indexMs.toFixed(1)} |
| making one highlight (index and selectors) | ${large.describeMs.toFixed(1)} |
`;
}

const markdown = `## Anchoring

bench/run.mjs, raw figures in \`bench/results.json\`. Machine: ${machine}. Run on ${new Date().toISOString().slice(0, 10)}.

Page: Moby Dick (${result.textLength.toLocaleString('en')} characters of text, ${result.textNodes.toLocaleString('en')} text nodes; one \`<p>\` per paragraph, every 9th word in \`<em>\`, every 23rd in \`<a>\`). Highlights of 20 to 300 characters at seeded random positions, then the text edited at seeded random words (a third each insertions, deletions and substitutions) plus one sentence moved to another paragraph. Times are for anchoring all highlights of a row and making a DOM Range for each. Marginalia runs what the content script runs (\`anchorRanges\`): a highlight whose DOM range still checks out (its nodes, and a fingerprint of its text and 32 characters either side) is taken as it is; if any are left, the page's text index is built once (its cost is shown apart, and is part of the time only when it was built) and they are anchored by quote, context and position. Hypothesis's approach walks the DOM and reads \`textContent\` for each highlight. "marginalia (same as hypothesis)" is Marginalia's result on exactly the highlights Hypothesis anchored (its time prorated from the full run). A highlight is *right* when the anchor and the surviving highlighted characters mostly coincide, *wrong* when drawn elsewhere, an *orphan* when reported missing.

${table}

Speed-up per highlight over Hypothesis's approach, same run:

| edits | Marginalia vs Hypothesis |
|---:|---:|
${ratios.join('\n')}

### Drawing

${result.draw.map((/** @type {any} */ d) => `- ${d.impl}: ${d.n.toLocaleString('en')} highlights in ${d.ms.toFixed(1)} ms (until the next frame)`).join('\n')}
${largeSection(result.large)}`;
await replaceSection(path.join(root, 'docs/benchmarks.md'), 'anchoring', markdown);
console.log(`\n${table}\n\n${ratios.join('\n')}\n\nWrote bench/results.json and docs/benchmarks.md`);
