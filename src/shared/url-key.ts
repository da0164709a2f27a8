import { isPdfKey } from './pdf-key';

/**
 * The one place where a page URL becomes the key its annotations are stored under.
 * The fragment is dropped (it names a place in the page, not another page), and so are
 * tracking parameters that differ between visits of the same article. Everything else
 * is kept: query strings often select the article itself (`?id=42`). Hosts are as the
 * URL parser writes them, so an IDN host has one key however it was typed (punycode).
 */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'igshid',
  'yclid',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'ref_src',
]);

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
}

export type UrlKey = string & { readonly __brand: 'UrlKey' };

/** Pages Marginalia annotates: the web, and local files where the reader allows it. */
const SCHEMES = ['http:', 'https:', 'file:'];

/** Returns the storage key for `url`, or undefined when it is not an http(s) or file URL. */
export function urlKey(url: string): UrlKey | undefined {
  // A PDF's notes are keyed by its fingerprint (pdf-key.ts): already a key.
  if (isPdfKey(url)) return url as UrlKey;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!SCHEMES.includes(parsed.protocol)) return undefined;
  parsed.hash = '';
  // Filter the raw query, so the parameters kept are byte for byte what the page had:
  // re-encoding them would give one page two keys (with and without a tracking link).
  const raw = parsed.search.slice(1);
  if (raw) {
    const kept = raw.split('&').filter((pair) => {
      const name = pair.split('=', 1)[0] ?? '';
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed escape is kept as it is.
      }
      return !isTrackingParam(decoded);
    });
    parsed.search = kept.length ? `?${kept.join('&')}` : '';
  }
  return parsed.href as UrlKey;
}

/**
 * Whose notes a page may reach: a web page's origin, or for a local file the file itself.
 * Every file: URL has the opaque origin "null", and one file must not read another's notes.
 */
export function siteOf(url: string): string {
  // A PDF's fingerprint is no web page's site: only our own pages reach its notes.
  if (isPdfKey(url)) return url;
  const parsed = new URL(url);
  return parsed.protocol === 'file:' ? (urlKey(url) ?? url) : parsed.origin;
}

/**
 * Whether `canonical` names something broader than the article at `page`: the site's home
 * or a section above it. Single-page apps often ship one fixed canonical (the home page)
 * on every route, and list pages point at their hub: taken as an alias, every article's
 * notes would pile up under one address.
 */
export function isBroaderThan(canonical: string, page: string): boolean {
  if (isPdfKey(canonical) || isPdfKey(page)) return false;
  const c = new URL(canonical);
  const p = new URL(page);
  if (c.pathname === p.pathname) return false;
  if (c.pathname === '/') return true;
  const section = c.pathname.endsWith('/') ? c.pathname : `${c.pathname}/`;
  return p.pathname.startsWith(section);
}
