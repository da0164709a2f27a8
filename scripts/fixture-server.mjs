import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** @param {string} urlPath */
async function resolve(urlPath) {
  const clean = path.posix.normalize(decodeURIComponent(urlPath)).replace(/^(\.\.\/)+/, '');
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

/** Serves tests/fixtures/ (and dist/harness/ under /harness/) on 127.0.0.1. */
/**
 * @param {number} [port] 0 picks a free one
 * @returns {Promise<FixtureServer>}
 */
export async function startServer(port = 0) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    resolve(url.pathname).then(
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
