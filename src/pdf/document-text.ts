import { PdfText, type PdfTextItem } from '../anchoring/pdf-text';
import type { pdfjsLib } from './pdfjs';

type PDFDocumentProxy = Awaited<ReturnType<typeof pdfjsLib.getDocument>['promise']>;

/** Pages read at once: the worker does the work; the page keeps answering meanwhile. */
const BATCH = 8;

/**
 * Every page's text items, with the options PDF.js's text layer uses itself (marked
 * content included and skipped, no Unicode normalization), so the document text and the
 * drawn text layers agree item for item.
 */
export async function documentText(pdf: PDFDocumentProxy): Promise<{ text: PdfText; items: PdfTextItem[][] }> {
  const items: PdfTextItem[][] = new Array(pdf.numPages);
  for (let first = 1; first <= pdf.numPages; first += BATCH) {
    const numbers = Array.from({ length: Math.min(BATCH, pdf.numPages - first + 1) }, (_, i) => first + i);
    await Promise.all(
      numbers.map(async (n) => {
        const page = await pdf.getPage(n);
        const content = await page.getTextContent({ includeMarkedContent: true, disableNormalization: true });
        items[n - 1] = content.items
          .filter((item): item is typeof item & { str: string; hasEOL: boolean } => 'str' in item)
          .map((item) => ({ str: item.str, hasEOL: item.hasEOL }));
      }),
    );
  }
  return { text: new PdfText(items), items };
}
