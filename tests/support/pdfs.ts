/**
 * PDFs made by the tests from real text, with pdfkit: a long single-column book (Moby Dick),
 * a two-column paper with headings and footnotes (an LWN article), a password-protected one,
 * a corrupt one and one with no text (a scan has none). Made in memory; the same bytes each
 * time a test asks within one run (pdfkit writes a fresh file ID each time, so the
 * fingerprint of a PDF is that of the bytes served, as it is on the web).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function collect(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.end();
  });
}

/** Chapters of Moby Dick as paragraphs (Gutenberg's hard line breaks joined). */
export function mobyDickParagraphs(file = path.join(root, 'tests/fixtures/books/moby-dick-1-9.txt')): string[] {
  return readFileSync(file, 'utf8')
    .replace(/\r/g, '')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p.length > 0);
}

/**
 * The book, one column, Times 12 pt on Letter pages; `pages` at least (the text repeats,
 * each round numbered, until there are enough).
 */
export async function bookPdf({ minPages = 1, password }: { minPages?: number; password?: string } = {}) {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 72,
    info: { Title: 'Moby Dick; or The Whale' },
    ...(password ? { userPassword: password, ownerPassword: `${password}-owner`, pdfVersion: '1.7' } : {}),
  });
  const paragraphs = mobyDickParagraphs();
  let pages = 1;
  doc.on('pageAdded', () => {
    pages++;
  });
  doc.font('Times-Roman').fontSize(12);
  for (let round = 1; pages < minPages || round === 1; round++) {
    if (round > 1) doc.addPage().fontSize(16).text(`Round ${round}`).fontSize(12).moveDown();
    for (const paragraph of paragraphs) {
      if (/^CHAPTER \d+\./.test(paragraph)) doc.moveDown().fontSize(16).text(paragraph).fontSize(12).moveDown(0.5);
      else doc.text(paragraph, { align: 'justify' }).moveDown(0.5);
    }
  }
  return collect(doc);
}

/** The paragraphs and headings of the LWN article, as plain text. */
export function articleBlocks(): { heading: boolean; text: string }[] {
  const html = readFileSync(path.join(root, 'tests/fixtures/pages/lwn-1.html'), 'utf8');
  const body = html.slice(html.indexOf('<div class="ArticleText">'));
  const blocks: { heading: boolean; text: string }[] = [];
  for (const match of body.matchAll(/<(h2|h3|p)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    const text = match[2]!
      .replace(/<[^>]+>/g, '')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;|&rsquo;/g, '’')
      .replace(/&[a-z]+;/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (text.length > 0) blocks.push({ heading: match[1] !== 'p', text });
  }
  return blocks.slice(0, 60);
}

/** A two-column paper: a title across both columns, headings, a footnote at the foot of page one. */
export async function paperPdf() {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    info: { Title: 'LWN.net Weekly Edition (two columns)' },
  });
  doc.font('Helvetica-Bold').fontSize(18).text('LWN.net Weekly Edition for March 26, 2015', { align: 'center' });
  doc.moveDown();
  const blocks = articleBlocks();
  // One flow in two columns (pdfkit moves to the next column, then the next page); headings
  // set apart by font and size within it.
  blocks.forEach((block, i) => {
    const last = i === blocks.length - 1;
    doc
      .font(block.heading ? 'Helvetica-Bold' : 'Times-Roman')
      .fontSize(block.heading ? 12 : 10)
      .text(`${block.text}\n`, { columns: 2, columnGap: 18, height: 680, continued: !last });
  });
  doc.switchToPage(0);
  doc
    .font('Times-Italic')
    .fontSize(8)
    .text('1. LWN.net is a reader-supported news site about Linux and free software.', 50, 790, {
      lineBreak: false,
    });
  return collect(doc);
}

/** A page of shapes only: what a scanned PDF is to a text layer. */
export async function noTextPdf() {
  const doc = new PDFDocument({ size: 'A4', info: { Title: 'A scan' } });
  for (let i = 0; i < 40; i++) doc.rect(50 + (i % 5) * 100, 50 + Math.floor(i / 5) * 90, 80, 60).fill('#444');
  return collect(doc);
}

/** Bytes that say they are a PDF and are not: the head of a real one, then garbage. */
export async function corruptPdf() {
  const real = await bookPdf();
  const bytes = real.slice(0, 2000);
  for (let i = 200; i < bytes.length; i += 7) bytes[i] = (bytes[i]! * 31 + 17) & 0xff;
  return bytes;
}
