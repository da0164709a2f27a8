/**
 * A PDF's notes are stored under its fingerprint, not its address: `urn:x-pdf:<fingerprint>`
 * as Hypothesis writes it (PDF.js's first fingerprint: the file's ID, or a hash of its
 * first kilobyte). The same paper from a journal, a preprint mirror or the downloads
 * folder is one document, with one set of notes. Where it was read is kept beside it
 * (the page record's `source`), for links and for "Open".
 */
const PREFIX = 'urn:x-pdf:';
const PDF_KEY = /^urn:x-pdf:[0-9a-z]{1,128}$/;

export function pdfKey(fingerprint: string): string {
  return `${PREFIX}${fingerprint.toLowerCase()}`;
}

export function isPdfKey(value: string): boolean {
  return PDF_KEY.test(value);
}

/** The reader page for the PDF at `url` (the address is encoded; see readerFile). */
export function readerUrl(readerPage: string, url: string): string {
  return `${readerPage}?file=${encodeURIComponent(url)}`;
}

/**
 * The PDF's address from the reader's query. Our own links encode it; the browser's
 * redirect rule (pdf-open.ts in the background) cannot, and puts it there as it was, so
 * everything after `file=` is the address, '&' and all.
 */
export function readerFile(search: string): string | undefined {
  const at = search.indexOf('file=');
  if (at < 0) return undefined;
  const raw = search.slice(at + 'file='.length);
  if (!raw) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** A link to page `page` (0-based) of the PDF at `url`: the `#page=` fragment every PDF viewer reads. */
export function pageLink(url: string, page: number | undefined): string {
  const base = url.replace(/#.*$/s, '');
  return page === undefined ? base : `${base}#page=${page + 1}`;
}

/**
 * An address whose path names a PDF, as the context menu's patterns match it (`*.pdf`,
 * `*.pdf?*`): what "Open in Marginalia" opens. The browsers show the menu item only there;
 * the click is checked again all the same. The popup offers the button there at once.
 */
export function namesPdf(url: string): boolean {
  try {
    const { protocol, pathname } = new URL(url);
    return /^(https?|file):$/.test(protocol) && /\.pdf$/i.test(pathname);
  } catch {
    return false;
  }
}
