/**
 * The PDF's bytes, fetched once by the reader itself: one request to the PDF's address and
 * no other (PDF.js's own loader may make several range requests), and the size limit
 * is enforced as the bytes arrive instead of after they fill memory.
 */

/** Larger PDFs are refused with a message (a 400-page book is a few MB; scans run to 100s). */
export const MAX_PDF_BYTES = 256 * 1024 * 1024;

export class TooLarge extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`PDF of ${bytes} bytes; the limit is ${limit}`);
    this.name = 'TooLarge';
  }
}

export class FetchFailed extends Error {
  override name = 'FetchFailed';
}

/** Reads `body` to the end, refusing more than `limit` bytes (a missing or false Content-Length is no defence). */
export async function readLimited(
  body: ReadableStream<Uint8Array>,
  declared: number | undefined,
  limit = MAX_PDF_BYTES,
): Promise<Uint8Array> {
  if (declared !== undefined && declared > limit) {
    // Not one byte more: the connection is let go at once.
    await body.cancel().catch(() => undefined);
    throw new TooLarge(declared, limit);
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge(total, limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * A file: address the extension may not read: Chromium's "Allow access to file URLs" is off
 * (the default for an extension from the store), or Firefox, where extensions never read
 * local files. The reader says how to get there: the switch, or "Open a PDF file…".
 */
export class NoFileAccess extends Error {
  override name = 'NoFileAccess';
}

/**
 * A local file: fetch() refuses file: in Chromium; XHR from an extension page with file
 * access does not. The file's size is known from the first progress event, so a file over
 * the limit is refused before it is read into memory.
 */
function readFileUrl(url: string, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.responseType = 'arraybuffer';
    xhr.onprogress = (event) => {
      const size = event.lengthComputable ? event.total : event.loaded;
      if (size <= limit) return;
      xhr.onload = xhr.onerror = null;
      xhr.abort();
      reject(new TooLarge(size, limit));
    };
    xhr.onload = () => {
      const buffer = xhr.response as ArrayBuffer | null;
      if (!buffer || (xhr.status !== 0 && xhr.status !== 200)) reject(new FetchFailed(`status ${xhr.status}`));
      else if (buffer.byteLength > limit) reject(new TooLarge(buffer.byteLength, limit));
      else resolve(new Uint8Array(buffer));
    };
    // With file access this is a file that is not there (moved, renamed, deleted).
    xhr.onerror = () => reject(new FetchFailed(decodeURIComponent(new URL(url).pathname)));
    xhr.send();
  });
}

/**
 * A PDF chosen with "Open a PDF file…" or dropped on the reader: read with the File API,
 * which needs no permission in either browser. Its size is known before it is read.
 */
export async function readPdfFile(file: Blob, limit = MAX_PDF_BYTES): Promise<Uint8Array> {
  if (file.size > limit) throw new TooLarge(file.size, limit);
  return new Uint8Array(await file.arrayBuffer());
}

/** `fileAccess`: asked only for a file: address (whether the extension may read it). */
export async function fetchPdf(
  url: string,
  fileAccess: () => Promise<boolean>,
  limit = MAX_PDF_BYTES,
): Promise<Uint8Array> {
  if (url.startsWith('file:')) {
    // Without access the read fails as a missing file would; asking first tells them apart.
    if (!(await fileAccess().catch(() => false))) throw new NoFileAccess(url);
    return readFileUrl(url, limit);
  }
  let response: Response;
  try {
    // The reader's own cookies for the site go along, as the browser's viewer would send them.
    response = await fetch(url, { credentials: 'include', cache: 'default' });
  } catch (error) {
    throw new FetchFailed(error instanceof Error ? error.message : String(error));
  }
  if (!response.ok || !response.body) throw new FetchFailed(`HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length'));
  return readLimited(response.body, Number.isFinite(length) && length > 0 ? length : undefined, limit);
}
