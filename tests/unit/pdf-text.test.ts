/**
 * The PDF text model (src/anchoring/pdf-text.ts) on its own, and on real PDFs made by the
 * tests (tests/support/pdfs.ts) read by PDF.js as the reader reads them: the text layer's
 * items, marked content skipped, no normalization.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorAll } from '../../src/anchoring/anchor';
import { describePositions } from '../../src/anchoring/describe';
import { PdfText, type PdfTextItem } from '../../src/anchoring/pdf-text';
import { bookPdf, corruptPdf, noTextPdf, paperPdf } from '../support/pdfs';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
const standardFontDataUrl = `${path.resolve('node_modules/pdfjs-dist/standard_fonts')}/`;

async function itemsOf(bytes: Uint8Array, password?: string): Promise<PdfTextItem[][]> {
  const pdf = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, password, standardFontDataUrl })
    .promise;
  const pages: PdfTextItem[][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent({
      includeMarkedContent: true,
      disableNormalization: true,
    });
    pages.push(
      content.items
        .filter((item): item is typeof item & { str: string; hasEOL: boolean } => 'str' in item)
        .map((item) => ({ str: item.str, hasEOL: item.hasEOL })),
    );
  }
  await pdf.destroy();
  return pages;
}

describe('the text of a PDF', () => {
  const pages = [
    [
      { str: 'Call me', hasEOL: false },
      { str: ' ', hasEOL: false },
      { str: 'Ishmael.', hasEOL: true },
      { str: 'Some years ago', hasEOL: false },
    ],
    [
      { str: '', hasEOL: false },
      { str: 'never mind how long', hasEOL: true },
    ],
  ];
  const text = new PdfText(pages);

  it('is every item in order, a line break after a line, pages apart by a line break', () => {
    expect(text.text).toBe('Call me Ishmael.\nSome years ago\nnever mind how long\n');
    expect(text.pageStarts).toEqual([0, 32]);
    expect(text.pageText(0)).toBe('Call me Ishmael.\nSome years ago');
    expect(text.pageText(1)).toBe('never mind how long\n');
  });

  it('maps offsets to the item and character the text layer draws them in, and back', () => {
    const at = text.text.indexOf('Ishmael');
    expect(text.pointAt(at, true)).toEqual({ page: 0, item: 2, offset: 0 });
    expect(text.offsetOf(0, 2, 0)).toBe(at);
    // A break belongs to the end of the line before it, or the start of the next item.
    const eol = text.text.indexOf('\n');
    expect(text.pointAt(eol + 1, false)).toEqual({ page: 0, item: 3, offset: 0 });
    expect(text.pointAt(eol, false)).toEqual({ page: 0, item: 2, offset: 8 });
    const secondPage = text.text.indexOf('never');
    expect(text.pageOf(secondPage)).toBe(1);
    expect(text.pageOf(secondPage - 1)).toBe(0);
    expect(text.pointAt(secondPage, true)).toEqual({ page: 1, item: 1, offset: 0 });
  });

  it('says when there is no text to highlight', () => {
    expect(new PdfText([[{ str: ' ', hasEOL: true }], []]).hasText).toBe(false);
    expect(text.hasText).toBe(true);
  });
});

describe('PDFs made from real text, read by PDF.js', () => {
  it('a long book: every page has text, and a passage on page 5 anchors back to its words and page', async () => {
    const pages = await itemsOf(await bookPdf({ minPages: 12 }));
    expect(pages.length).toBeGreaterThanOrEqual(12);
    const text = new PdfText(pages);
    expect(text.text).toContain('Call me Ishmael.');
    const page = 4;
    const start = text.pageStarts[page]! + 200;
    const described = describePositions(text.text, start, start + 120)!;
    expect(described).toBeDefined();
    const [span] = anchorAll([described], text.text);
    expect(span).toEqual({ start: described[1].start, end: described[1].end });
    expect(text.pageOf(span!.start)).toBe(page);
  });

  it('the same book made again (another file, another fingerprint) anchors the same passage by its quote', async () => {
    const first = new PdfText(await itemsOf(await bookPdf()));
    const again = new PdfText(await itemsOf(await bookPdf()));
    const start = first.text.indexOf('There now is your insular city');
    const [quote, position] = describePositions(first.text, start, start + 80)!;
    // Without its position: the quote and its context alone.
    const [span] = anchorAll([[quote]], again.text);
    expect(again.text.slice(span!.start, span!.end)).toBe(quote.exact);
    expect(span!.start).toBe(position.start);
  });

  it('a two-column paper: the first column is read before the second, headings and the footnote included', async () => {
    const pages = await itemsOf(await paperPdf());
    const text = new PdfText(pages);
    expect(text.text).toContain('LWN.net Weekly Edition for March 26, 2015');
    expect(text.pageText(0)).toContain('reader-supported news site');
    // A paragraph split across the columns reads on: no words from elsewhere in between.
    const words = text.text.replace(/\s+/g, ' ');
    expect(words.length).toBeGreaterThan(2000);
  });

  it('a password-protected PDF needs its password; with it the text is there', async () => {
    const locked = await bookPdf({ password: 'marginalia' });
    await expect(itemsOf(locked)).rejects.toMatchObject({ name: 'PasswordException' });
    await expect(itemsOf(locked, 'wrong')).rejects.toMatchObject({ name: 'PasswordException' });
    const text = new PdfText(await itemsOf(locked, 'marginalia'));
    expect(text.text).toContain('Call me Ishmael.');
  });

  it('a PDF with no text has none to highlight; a corrupt one is refused', async () => {
    expect(new PdfText(await itemsOf(await noTextPdf())).hasText).toBe(false);
    await expect(itemsOf(await corruptPdf())).rejects.toMatchObject({ name: 'InvalidPDFException' });
  });
});
