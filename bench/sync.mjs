// npm run bench:sync: the sync engine through a CouchDB-protocol server on the loopback
// (express-pouchdb, in this process), two "devices" with their own IndexedDB
// (fake-indexeddb: Node has none, so this is slower than a browser's).
//   - first sync of N annotations (default 10,000) from A to an empty B;
//   - a new highlight saved on A: time until it is on the server (debounce included);
//   - --large: the background's heap while B takes 100,000 documents (batches, not all at once).
// Run with --expose-gc for the heap figures.
// Writes bench/sync-results.json and the "Sync" section of docs/benchmarks.md.

import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import 'fake-indexeddb/auto';
import { build } from 'esbuild';
import { replaceSection } from './sections.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** @param {string} name @param {number} fallback */
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('--count', 10_000);
const LARGE = process.argv.includes('--large') ? arg('--large-count', 100_000) : 0;

// Each device its own bundle, so each has its own db.ts bound to its own IndexedDB.
/** @param {string} entry @param {string} name @returns {Promise<any>} */
async function bundle(entry, name) {
  // Inside node_modules/.cache: the bundles require PouchDB from this project's node_modules.
  const outfile = path.join(root, 'node_modules/.cache/marginalia-bench', `${name}.mjs`);
  await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

// The seam's i18n, for the reader-facing messages (English keys are enough here).
/** @type {any} */ (globalThis).chrome = {
  i18n: { getMessage: (/** @type {string} */ key) => key },
  runtime: { id: 'bench' },
};
const { startCouch } = await bundle('tests/support/couch-server.ts', 'couch');
const USER = { username: 'reader', password: 'bench' };
const server = await startCouch(USER);
const auth = { authorization: `Basic ${Buffer.from('reader:bench').toString('base64')}` };
const setupFor = (/** @type {string} */ database) => ({
  server: server.url,
  database,
  ...USER,
  passphrase: 'a bench passphrase',
});

/** @param {number} i @param {string} url */
function annotation(i, url) {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)).toISOString();
  const id = `bench-${String(i).padStart(8, '0')}`;
  return {
    id,
    url,
    target: {
      selector: [
        {
          type: 'TextQuoteSelector',
          exact: `passage number ${i} of the book, a sentence of ordinary length`,
          prefix: 'before ',
          suffix: ' after',
        },
        { type: 'TextPositionSelector', start: i * 100, end: i * 100 + 60 },
      ],
    },
    color: ['yellow', 'green', 'blue'][i % 3],
    note: i % 4 === 0 ? `A note on passage ${i}, a few words long.` : '',
    tags: i % 10 === 0 ? ['bench'] : [],
    createdAt: at,
    updatedAt: at,
  };
}

/** @param {any} device @param {number} n */
async function fill(device, n) {
  const pages = 100;
  for (let start = 0; start < n; start += 1000) {
    const batch = [];
    for (let i = start; i < Math.min(n, start + 1000); i++)
      batch.push(annotation(i, `https://books.example/page-${i % pages}`));
    await device.db.importRecords([], batch);
  }
}

/** @param {number} n @param {string} database */
async function firstSync(n, database) {
  await fetch(`${server.url}/${database}`, { method: 'PUT', headers: auth });
  const A = (await bundle('bench/sync-device.ts', `${database}-a`)).makeDevice(`${database}-a`);
  await A.open();
  await fill(A, n);
  const B = (await bundle('bench/sync-device.ts', `${database}-b`)).makeDevice(`${database}-b`);
  await B.open();
  let t = performance.now();
  await A.enable(setupFor(database));
  const upload = performance.now() - t;
  // In Node every store (both devices' IndexedDB, the replicas, the server) is in this heap,
  // so the data B receives stays in it: what the engine itself holds at most is the peak
  // during the sync above the heap after it (garbage collected before and after).
  const gc = /** @type {any} */ (globalThis).gc ?? (() => undefined);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  // Sampled right after each of V8's own garbage collections: the live heap, not garbage
  // V8 has not collected yet, and without slowing the sync down.
  const sampler = new PerformanceObserver(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  });
  sampler.observe({ entryTypes: ['gc'] });
  t = performance.now();
  await B.enable(setupFor(database));
  const download = performance.now() - t;
  sampler.disconnect();
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const onB = (await B.db.allAnnotations()).length;
  if (onB !== n) throw new Error(`B has ${onB} of ${n} annotations`);
  const progress = B.statuses.filter(
    (/** @type {{ state: string; pending: number }} */ s) => s.state === 'syncing' && s.pending > 0,
  ).length;
  return { A, B, upload, download, progress, heapBefore, peakHeap, heapAfter };
}

const first = await firstSync(N, 'bench-first');
console.log(
  `first sync of ${N}: A -> server ${(first.upload / 1000).toFixed(1)} s, server -> empty B ${(first.download / 1000).toFixed(1)} s (${first.progress} progress updates)`,
);

// A new highlight: saved on A (sync on, idle), until the server has its document.
const latencies = [];
for (let k = 0; k < 5; k++) {
  const before = (await (await fetch(`${server.url}/bench-first`, { headers: auth })).json()).doc_count;
  const t = performance.now();
  await first.A.db.saveAnnotation(annotation(N + k, 'https://books.example/new'), 'New');
  first.A.service.localChange();
  for (;;) {
    const count = (await (await fetch(`${server.url}/bench-first`, { headers: auth })).json()).doc_count;
    if (count > before) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  latencies.push(performance.now() - t);
  await new Promise((r) => setTimeout(r, 300));
}
latencies.sort((a, b) => a - b);
const median = latencies[Math.floor(latencies.length / 2)] ?? Number.NaN;
console.log(
  `new highlight -> server: median ${median.toFixed(0)} ms (of ${latencies.map((l) => l.toFixed(0)).join(', ')}; 1 s debounce included)`,
);

let large;
if (LARGE) {
  const run = await firstSync(LARGE, 'bench-large');
  const MB = 1024 * 1024;
  large = {
    count: LARGE,
    upload: run.upload,
    download: run.download,
    dataMB: (run.heapAfter - run.heapBefore) / MB,
    transientMB: Math.max(0, run.peakHeap - run.heapAfter) / MB,
  };
  console.log(
    `${LARGE} documents to an empty B: ${(run.download / 1000).toFixed(1)} s; heap: ${large.dataMB.toFixed(0)} MB of received data kept, at most ${large.transientMB.toFixed(0)} MB more while syncing`,
  );
}
await server.close();

const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}`;
const results = {
  date: new Date().toISOString(),
  machine,
  count: N,
  upload: first.upload,
  download: first.download,
  newHighlightMs: latencies,
  large,
};
const resultsFile = path.join(root, 'bench/sync-results.json');
await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
// In the layout `npm run lint` checks (short arrays on one line).
execFileSync(path.join(root, 'node_modules/.bin/biome'), ['format', '--write', resultsFile], { stdio: 'ignore' });
const section = [
  '## Sync',
  '',
  `\`node bench/sync.mjs\` (${results.date.slice(0, 10)}, ${machine}): the sync engine (src/background/sync) with two`,
  'devices in one Node process, each with its own IndexedDB (fake-indexeddb, slower than a',
  "browser's) and PouchDB replica, through express-pouchdb on the loopback.",
  '',
  '| what | target | measured |',
  '|---|---|---|',
  `| first sync of ${N.toLocaleString('en')} annotations, A → server | — | ${(first.upload / 1000).toFixed(1)} s |`,
  `| first sync of ${N.toLocaleString('en')} annotations, server → empty B (progress shown: ${first.progress} updates) | ≤ 30 s | ${(first.download / 1000).toFixed(1)} s |`,
  `| a new highlight saved → on the server (1 s debounce included), median of 5 | ≤ 2 s | ${(median / 1000).toFixed(2)} s |`,
  large
    ? `| ${large.count.toLocaleString('en')} documents → empty B: time; heap after (collected) and highest above that during the sync | bounded | ${(large.download / 1000).toFixed(0)} s; ${large.dataMB.toFixed(0)} MB after, peak ${large.transientMB.toFixed(0)} MB above it |`
    : '| 100,000 documents → empty B: heap | bounded | not run (`--large`) |',
  '',
  'In Node all five stores (two IndexedDBs, two replicas, the server) live in the heap: after the',
  'sync it holds the data they keep and nothing more, but the peak includes garbage V8 had not',
  "collected, so it does not isolate the engine's working memory (batches of 100 documents); a",
  'measurement of the background in a browser is still to do.',
  '',
].join('\n');
await replaceSection(path.join(root, 'docs/benchmarks.md'), 'sync', section);
console.log('wrote bench/sync-results.json and docs/benchmarks.md');
process.exit(0);
