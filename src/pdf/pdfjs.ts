/**
 * PDF.js, as bundled with Marginalia: the library, its worker, character maps, standard
 * fonts and decoders all come from the extension (dist/<browser>/pdfjs/), so reading a
 * PDF contacts nothing but the PDF's own address. The viewer components read the
 * library from `globalThis.pdfjsLib`, so this module must be imported before them.
 */
import * as pdfjsLib from 'pdfjs-dist';

(globalThis as unknown as { pdfjsLib: typeof pdfjsLib }).pdfjsLib = pdfjsLib;
pdfjsLib.GlobalWorkerOptions.workerSrc = new URL('pdfjs/pdf.worker.mjs', location.href).href;

/** Where getDocument finds what it loads besides the PDF: all inside the extension. */
export const RESOURCES = {
  cMapUrl: new URL('pdfjs/cmaps/', location.href).href,
  cMapPacked: true,
  standardFontDataUrl: new URL('pdfjs/standard_fonts/', location.href).href,
  wasmUrl: new URL('pdfjs/wasm/', location.href).href,
  iccUrl: new URL('pdfjs/iccs/', location.href).href,
  // The extension pages' CSP forbids eval; PDF.js would try it for fonts first.
  isEvalSupported: false,
  enableXfa: false,
};

export { pdfjsLib };
