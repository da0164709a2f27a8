// The PDF reader with a long book (npm run bench:pdf): Moby Dick set by pdfkit into a PDF of
// 400+ pages, served on 127.0.0.1 and opened in the built reader (dist/chrome) in headless
// Chromium. Measures, from the reader page's start: the first page drawn with its text
// layer; with 300 stored highlights spread over the book, the time until they are placed
// and the first page's are drawn, and the long tasks (over 50 ms) while they come back and
// while the reader scrolls through the whole book; the JS heap along the way.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../scripts/browser-paths.mjs';
import { startServer } from '../scripts/fixture-server.mjs';
import { replaceSection } from './sections.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 5;
const HIGHLIGHTS = 300;
const bookPath = [
  path.join(root, '../shared/books/moby_dick.txt'),
  path.join(root, '../../shared/books/moby_dick.txt'),
  path.join(root, 'bench/moby_dick.txt'),
].find((p) => {
  try {
    readFileSync(p);
    return true;
  } catch {
    return false;
  }
});
if (!bookPath) throw new Error('Moby Dick not found: put it at ../shared/books/moby_dick.txt or bench/moby_dick.txt');

/** @param {number[]} values */
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

/** The whole book, 12 pt Times on 500 × 700 pt pages (about 400 of them). */
function makeBook() {
  const doc = new PDFDocument({ size: [500, 700], margin: 60, info: { Title: 'Moby Dick (benchmark)' } });
  /** @type {Buffer[]} */
  const chunks = [];
  doc.on('data', (c) => chunks.push(c));
  const done = new Promise((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  const text = readFileSync(/** @type {string} */ (bookPath), 'utf8').replace(/\r/g, '');
  const start = text.indexOf('CHAPTER 1. Loomings.', text.indexOf('CHAPTER 1. Loomings.') + 1);
  const paragraphs = text
    .slice(start)
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
  doc.font('Times-Roman').fontSize(12);
  for (const p of paragraphs) doc.text(p, { align: 'justify' }).moveDown(0.4);
  doc.end();
  return done;
}

const book = await makeBook();
const server = await startServer(0, { '/book.pdf': { body: book, type: 'application/pdf' } });
const pdfUrl = `${server.origin}/book.pdf`;
const browser = await puppeteer.launch({
  executablePath: chromiumPath(),
  headless: true,
  pipe: true,
  enableExtensions: [path.join(root, 'dist/chrome')],
  args: ['--disable-gpu', '--no-sandbox', ...CHROMIUM_FLAGS, '--window-size=1280,900'],
  defaultViewport: { width: 1280, height: 900 },
});
const worker = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'));
const origin = `chrome-extension://${new URL(worker.url()).host}/`;

/** Opens the book in a new tab (through the redirect rule) with a long-task observer from the start. */
async function open() {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(() => {
    const w = /** @type {any} */ (window);
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(pdfUrl);
  await page.waitForFunction((o) => location.href.startsWith(`${o}pdf.html`), {}, origin);
  return page;
}

const firstPage = (/** @type {import('puppeteer-core').Page} */ page) =>
  page
    .waitForFunction(
      () =>
        document.querySelector('.page[data-page-number="1"] canvas') &&
        document.querySelector('.page[data-page-number="1"] .textLayer span') &&
        performance.now(),
      { polling: 'raf', timeout: 30_000 },
    )
    .then((h) => h.jsonValue());

// 1. First page readable.
const firsts = [];
let pages = 0;
for (let run = 0; run < RUNS; run++) {
  const page = await open();
  firsts.push(/** @type {number} */ (await firstPage(page)));
  await page.waitForSelector('#viewerContainer[data-ready="true"]', { timeout: 60_000 });
  pages = await page.$$eval('.page', (els) => els.length);
  await page.close();
}

// 2. 300 highlights over the book, stored as the reader stores them.
const seeder = await open();
await seeder.waitForSelector('#viewerContainer[data-ready="true"]', { timeout: 60_000 });
const seeded = await seeder.evaluate(
  async (count, pdfUrl) => {
    const w = /** @type {any} */ (globalThis);
    const key = /** @type {HTMLElement} */ (document.getElementById('viewerContainer')).dataset.fingerprint;
    // The document text as src/anchoring/pdf-text.ts makes it (items, '\n' after a line, pages joined by '\n').
    const pdf = await w.pdfjsLib.getDocument({ url: pdfUrl, isEvalSupported: false }).promise;
    const texts = [];
    const starts = [];
    let at = 0;
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent({
        includeMarkedContent: true,
        disableNormalization: true,
      });
      let t = n > 1 ? '\n' : '';
      starts.push(at + t.length);
      for (const item of content.items) if ('str' in item) t += item.str + (item.hasEOL ? '\n' : '');
      texts.push(t);
      at += t.length;
    }
    const text = texts.join('');
    const jobs = [];
    for (let i = 0; i < count; i++) {
      // A tenth on the first three pages, the rest spread over the book.
      const page = i < count / 10 ? i % 3 : Math.floor(((i * 7919) % count) * (pdf.numPages / count));
      let start = (starts[page] ?? 0) + 40 + ((i * 131) % 1500);
      while (start < text.length && /\s/.test(text[start] ?? '')) start++;
      const end = Math.min(text.length, start + 40 + ((i * 37) % 160));
      const now = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
      const selector = [
        {
          type: 'TextQuoteSelector',
          exact: text.slice(start, end),
          prefix: text.slice(Math.max(0, start - 32), start),
          suffix: text.slice(end, end + 32),
        },
        { type: 'TextPositionSelector', start, end },
        { type: 'PageSelector', index: page },
      ];
      const annotation = {
        id: `bench-pdf-${String(i).padStart(4, '0')}`,
        url: key,
        target: { selector },
        color: ['yellow', 'green', 'blue', 'pink', 'purple'][i % 5],
        note: '',
        tags: [],
        createdAt: now,
        updatedAt: now,
      };
      jobs.push(
        w.chrome.runtime.sendMessage({
          marginalia: 1,
          name: 'annotations/save',
          req: { annotation, title: 'Moby Dick (benchmark)', source: pdfUrl },
        }),
      );
    }
    const replies = await Promise.all(jobs);
    return { saved: replies.filter((r) => r?.ok).length, firstPages: Math.ceil(count / 10) };
  },
  HIGHLIGHTS,
  pdfUrl,
);
await seeder.close();
if (seeded.saved !== HIGHLIGHTS) throw new Error(`only ${seeded.saved} of ${HIGHLIGHTS} saved`);

// 3. Reopened with 300 stored: ready (all placed) and the first page's drawn; long tasks.
const restores = [];
/** @type {{ start: number, duration: number }[]} */
let restoreTasks = [];
/** @type {[string, number][]} */
let restoreOwn = [];
let orphans = '';
for (let run = 0; run < RUNS; run++) {
  const page = await open();
  await page.waitForSelector('#viewerContainer[data-ready="true"]', { timeout: 60_000 });
  const drawnAt = await page
    .waitForFunction(
      () => {
        let n = 0;
        for (const [, h] of CSS.highlights) n += /** @type {any} */ (h).size;
        return n > 0 ? performance.now() : 0;
      },
      { polling: 'raf', timeout: 30_000 },
    )
    .then((h) => h.jsonValue());
  restores.push(/** @type {number} */ (drawnAt));
  await new Promise((r) => setTimeout(r, 1000));
  restoreTasks = await page.evaluate(() => /** @type {any} */ (window).__longTasks);
  restoreOwn = await page.evaluate(
    () =>
      /** @type {[string, number][]} */ (
        performance
          .getEntriesByType('measure')
          .filter((m) => m.name.startsWith('marginalia:'))
          .map((m) => [m.name, m.duration])
      ),
  );
  orphans = await page.$eval('#orphans', (el) => el.textContent ?? '');
  if (run < RUNS - 1) await page.close();
  else {
    // 4. Scroll through the whole book, a page at a time, as a reader paging down.
    const heap = [];
    const scrollStart = await page.evaluate(() => performance.now());
    for (let n = 1; n <= pages; n++) {
      await page.evaluate(async (n) => {
        document.querySelector(`.page[data-page-number="${n}"]`)?.scrollIntoView();
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }, n);
      if (n % 50 === 0 || n === pages) {
        const m = await page.metrics();
        heap.push({ page: n, mb: Math.round(((m.JSHeapUsedSize ?? 0) / 2 ** 20) * 10) / 10 });
      }
    }
    const scrollTasks = await page.evaluate(
      (from) => /** @type {any} */ (window).__longTasks.filter((/** @type {any} */ t) => t.start >= from),
      scrollStart,
    );
    const scrollOwn = await page.evaluate(
      (from) =>
        performance
          .getEntriesByType('measure')
          .filter((m) => m.name.startsWith('marginalia:') && m.startTime >= from)
          .map((m) => m.duration),
      scrollStart,
    );
    const drawnOnPages = await page.evaluate(() => {
      let n = 0;
      for (const [, h] of CSS.highlights) n += /** @type {any} */ (h).size;
      return n;
    });
    await page.close();
    const cpu = os.cpus();
    const result = {
      machine: `${cpu.length} × ${cpu[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${await browser.version()}, Node ${process.version}`,
      date: new Date().toISOString().slice(0, 10),
      pages,
      bytes: book.byteLength,
      firstPageMs: median(firsts),
      firstPageRuns: firsts.map(Math.round),
      restoreMs: median(restores),
      restoreTasks: restoreTasks.map((t) => Math.round(t.duration)),
      orphans,
      scrollTasks: scrollTasks.map((/** @type {any} */ t) => Math.round(t.duration)),
      heap,
      drawnOnPages,
      restoreOwn: restoreOwn.map(([n, d]) => `${n} ${d.toFixed(1)}`),
      scrollOwnMax: scrollOwn.length ? Math.max(...scrollOwn) : 0,
      scrollOwnCount: scrollOwn.length,
    };
    console.log(JSON.stringify(result, null, 2));
    const longest = (/** @type {number[]} */ l) => (l.length ? Math.max(...l) : 0);
    await replaceSection(
      path.join(root, 'docs/benchmarks.md'),
      'pdf',
      `## The PDF reader with a 400-page book

bench/pdf.mjs (\`npm run bench:pdf\`). Machine: ${result.machine}. Run on ${result.date}.

Moby Dick set by pdfkit in 12 pt Times on 500 × 700 pt pages: ${pages} pages, ${(book.byteLength / 2 ** 20).toFixed(1)} MB, served on 127.0.0.1 and opened through the redirect rule in the production build of the reader (headless Chromium). Times are from the reader page's start (its \`performance.timeOrigin\`), medians of ${RUNS} openings.

| measure | result | target |
|---|---|---|
| first page drawn with its text layer | ${Math.round(result.firstPageMs)} ms (runs: ${result.firstPageRuns.join(', ')}) | ≤ 1,000 ms |
| ${HIGHLIGHTS} stored highlights (${seeded.firstPages} on the first three pages): all placed in the book's text and the first drawn | ${Math.round(result.restoreMs)} ms | — |
| long tasks while they come back (page start + 1 s after) | ${restoreTasks.length} (longest ${longest(result.restoreTasks)} ms: ${result.restoreTasks.join(', ') || 'none'}) | none of Marginalia's over 50 ms |
| long tasks while scrolling all ${pages} pages, a page at a time | ${result.scrollTasks.length} (longest ${longest(result.scrollTasks)} ms) | none of Marginalia's over 50 ms |
| Marginalia's own work (User Timing \`marginalia:*\`) while they come back | ${result.restoreOwn.join(', ')} ms | each ≤ 50 ms |
| Marginalia's own work per page while scrolling | longest ${result.scrollOwnMax.toFixed(1)} ms over ${result.scrollOwnCount} pages rendered | each ≤ 50 ms |
| JS heap while scrolling (MB, every 50 pages) | ${heap.map((h) => h.mb).join(', ')} | bounded |
| not found | ${orphans || 'none'} | none |

Long tasks are the page's, whoever ran them: the browser's long-task API does not name the script, and PDF.js draws each page on the main thread. Marginalia's own share is timed apart with User Timing measures in the reader (\`marginalia:place\`: anchoring every highlight in the book's text, once, after the text of every page has come from PDF.js's worker; \`marginalia:draw\`: drawing them on the rendered pages; \`marginalia:page\`: mapping a newly rendered page's text layer and drawing its highlights). The text of the pages is asked for only after the first page is drawn, so it does not delay it.`,
    );
  }
}
await browser.close();
await server.close();
