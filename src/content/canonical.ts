import { MAX_URL } from '../shared/limits';
import { isBroaderThan, siteOf, urlKey } from '../shared/url-key';

/**
 * The page's `<link rel=canonical>` as a key, when it names another address on the page's
 * own site (origin): that address's notes are this page's too, and new ones are saved
 * there, so every copy of an article (print view, AMP, ?page=all) shares one set.
 * Another site's address is ignored (the background refuses it as well), and so is the
 * site's home or a section above the page (see isBroaderThan). Several links that disagree
 * say nothing reliable, so they are ignored too.
 */
export function canonicalKey(pageKey: string): string | undefined {
  const keys = new Set<string | undefined>();
  for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel~="canonical" i][href]')) {
    keys.add(urlKey(link.href));
  }
  const [key] = keys;
  return keys.size === 1 &&
    key &&
    key !== pageKey &&
    key.length <= MAX_URL &&
    siteOf(key) === siteOf(pageKey) &&
    !isBroaderThan(key, pageKey)
    ? key
    : undefined;
}
