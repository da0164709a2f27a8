/**
 * The one place where a page URL becomes the key its annotations are stored under.
 * The fragment is dropped (it names a place in the page, not another page), and so are
 * tracking parameters that differ between visits of the same article. Everything else
 * is kept: query strings often select the article itself (`?id=42`).
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

/** Returns the storage key for `url`, or undefined when it is not an http(s) URL. */
export function urlKey(url: string): UrlKey | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  parsed.hash = '';
  const kept = [...parsed.searchParams].filter(([name]) => !isTrackingParam(name));
  if (kept.length !== [...parsed.searchParams].length) {
    const params = new URLSearchParams(kept);
    parsed.search = params.toString();
  }
  return parsed.href as UrlKey;
}
