import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Saved pages must not reach the network: their own scripts and styles are all we allow. */
const CSP = "default-src 'self' 'unsafe-inline' data: blob:; img-src 'self' data: blob:";

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/**
 * The article arrives late, as in a single-page app: the page loads with an empty body and
 * its content is inserted `delay` ms after `load`.
 */
/**
 * @param {string} html
 * @param {number} delayMs
 */
export function lateVersion(html, delayMs) {
  const open = html.search(/<body[^>]*>/i);
  const close = html.search(/<\/body>/i);
  if (open < 0 || close < 0) throw new Error('no <body> in fixture');
  const bodyTag = /** @type {RegExpMatchArray} */ (html.slice(open).match(/<body[^>]*>/i))[0];
  const inner = html.slice(open + bodyTag.length, close);
  return `${html.slice(0, open)}${bodyTag}<template id="late-article">${inner}</template>
<script>
addEventListener('load', () => setTimeout(() => {
  const template = document.getElementById('late-article');
  document.body.append(template.content.cloneNode(true));
  template.remove();
}, ${delayMs}));
</script>
</body></html>`;
}

/**
 * The essay as its author might revise it between two visits: a paragraph added at the
 * top, one removed further down, and a one-letter fix inside the third paragraph (the
 * cookie `marginalia-revised=1` asks for it, so the URL, and the notes' key, stay the same).
 * @param {string} html
 */
export function revisedEssay(html) {
  let paragraphs = 0;
  return html
    .replace('<h1>', '<p>Editor’s note: this essay was revised after publication.</p>\n      <h1>')
    .replace(/<p>[\s\S]*?<\/p>/g, (p) => {
      paragraphs++;
      if (paragraphs === 12) return '';
      return p;
    })
    .replace('amidst the hum of academic pursuit', 'amidst the hum of academic persuit');
}

const LARGE_WORDS = 'whale sea ship captain harpoon deck ocean voyage mast sail crew storm line boat wind'.split(' ');

/**
 * /large.html: a page of more than 200,000 text nodes (issue 7's size row): 2,100
 * paragraphs of 100 words, every second word in <em>. Each paragraph starts with its
 * number, so every passage is findable. Revised (the cookie below), a paragraph is added
 * at the top and paragraph 1800 is gone, as an edited article would have it.
 * @param {boolean} revised
 */
export function largePage(revised) {
  const paragraphs = [];
  if (revised) paragraphs.push('<p id="added">A paragraph added above everything else since the first visit.</p>');
  for (let p = 0; p < 2100; p++) {
    if (revised && p === 1800) continue;
    const words = [`Paragraph ${p}:`];
    for (let w = 0; w < 100; w++) {
      const word = LARGE_WORDS[(p * 7 + w * 3 + ((p * w) % 5)) % LARGE_WORDS.length];
      words.push(w % 2 ? `<em>${word}</em>` : `${word}`);
    }
    paragraphs.push(`<p id="p${p}">${words.join(' ')}.</p>`);
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A very large page</title></head><body><article>\n${paragraphs.join('\n')}\n</article></body></html>`;
}

/** @param {string} urlPath @param {boolean} revised */
async function resolve(urlPath, revised = false) {
  const clean = path.posix.normalize(decodeURIComponent(urlPath)).replace(/^(\.\.\/)+/, '');
  if (clean === '/large.html') return { body: largePage(revised), type: 'text/html; charset=utf-8' };
  if (revised && clean === '/essay.html') {
    const html = await readFile(path.join(root, 'tests/fixtures/essay.html'), 'utf8');
    return { body: revisedEssay(html), type: 'text/html; charset=utf-8' };
  }
  const late = clean.match(/^\/late\/(.+)$/);
  if (late) {
    const html = await readFile(path.join(root, 'tests/fixtures', late[1] ?? ''), 'utf8');
    return { body: lateVersion(html, 1500), type: 'text/html; charset=utf-8' };
  }
  const file = clean.startsWith('/harness/')
    ? path.join(root, 'dist', clean)
    : path.join(root, 'tests/fixtures', clean);
  if (!file.startsWith(root)) return undefined;
  try {
    return { body: await readFile(file), type: TYPES[path.extname(file)] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}

/** @typedef {{ origin: string, close(): Promise<void> }} FixtureServer */
/** @typedef {Record<string, { body: Uint8Array | string, type: string }>} ExtraFiles */

/** Serves tests/fixtures/ (and dist/harness/ under /harness/) on 127.0.0.1. */
/**
 * `extra`: more files by path, made by a test (the PDF tests' PDFs), served like the rest.
 * @param {number} [port] 0 picks a free one
 * @param {ExtraFiles} [extra]
 * @returns {Promise<FixtureServer>}
 */
export async function startServer(port = 0, extra = {}) {
  // Addresses of up to 1 MiB: Node's default (16 KiB for the request line and headers) is
  // far below what browsers send, and the tests of long addresses go past Marginalia's limit.
  const server = http.createServer({ maxHeaderSize: 1 << 20 }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // /moved/<path> (301) and /found/<path> (302) redirect to /<path>, query kept.
    const redirect = url.pathname.match(/^\/(moved|found)(\/.*)$/);
    if (redirect) {
      res.writeHead(redirect[1] === 'moved' ? 301 : 302, { location: `${redirect[2]}${url.search}` }).end();
      return;
    }
    const made = Object.hasOwn(extra, url.pathname) ? extra[url.pathname] : undefined;
    const found = made
      ? Promise.resolve(made)
      : resolve(url.pathname, /(?:^|;\s*)marginalia-revised=1/.test(req.headers.cookie ?? ''));
    found.then(
      (found) => {
        if (!found) {
          res.writeHead(404).end('not found');
          return;
        }
        res.writeHead(200, { 'content-type': found.type, 'content-security-policy': CSP, 'cache-control': 'no-store' });
        res.end(found.body);
      },
      (error) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise((done) => server.listen(port, '127.0.0.1', () => done(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done(undefined));
      }),
  };
}

// `npm run serve`: the fixture pages (the demo essay among them) on 127.0.0.1 until stopped.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { origin } = await startServer(Number(process.env.PORT ?? 8720));
  console.log(`Serving tests/fixtures on ${origin} (the demo essay: ${origin}/essay.html). Ctrl+C stops.`);
}
