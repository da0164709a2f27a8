/**
 * Where in a PDF the reader opens: `#page=N` (1-based, the fragment every PDF viewer
 * reads, and what Markdown links carry) and, from Jump to, the highlight to show there
 * (`&annotation=<id>`). Read from the reader's own fragment, or from the PDF address's.
 */
export interface PdfPlace {
  /** 1-based, as in `#page=N`. */
  page?: number;
  annotation?: string;
}

const ID = /^[A-Za-z0-9-]{8,64}$/;

export function placeOf(hash: string): PdfPlace {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const place: PdfPlace = {};
  const page = params.get('page') ?? '';
  if (/^[1-9][0-9]{0,5}$/.test(page)) place.page = Number(page);
  const annotation = params.get('annotation') ?? '';
  if (ID.test(annotation)) place.annotation = annotation;
  return place;
}

/** The fragment for `place` ('' for nowhere in particular). */
export function placeHash(place: PdfPlace): string {
  const parts: string[] = [];
  if (place.page !== undefined) parts.push(`page=${place.page}`);
  if (place.annotation !== undefined) parts.push(`annotation=${encodeURIComponent(place.annotation)}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

/** The place asked for by the reader page's address: its own fragment first, then the PDF address's. */
export function placeIn(readerHash: string, file: string | undefined): PdfPlace {
  let fileHash = '';
  try {
    fileHash = file ? new URL(file).hash : '';
  } catch {
    // Not an address: no place in it.
  }
  return { ...placeOf(fileHash), ...placeOf(readerHash) };
}
