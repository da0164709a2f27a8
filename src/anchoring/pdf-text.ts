/**
 * The text of a PDF as Marginalia anchors in it: every page's text items (what PDF.js's
 * `getTextContent` gives and its text layer draws, one span per item) in order, an item
 * that ends a line followed by '\n', and pages joined by '\n'. Offsets in this text are
 * what TextPositionSelectors over a PDF count, and the same text is what TextQuote
 * contexts come from, so a PDF's notes anchor whether or not its pages are rendered.
 * Pure: it knows nothing of the DOM or of PDF.js.
 */

export interface PdfTextItem {
  str: string;
  hasEOL: boolean;
}

/** Where a document offset falls: a page (0-based), an item of that page, an offset in its string. */
export interface PdfPoint {
  page: number;
  item: number;
  offset: number;
}

export class PdfText {
  /** The whole document's text. */
  readonly text: string;
  /** Where each page's text starts in `text` (one entry per page). */
  readonly pageStarts: readonly number[];
  /** Per page, where each item's string starts in `text`. */
  private readonly itemStarts: readonly (readonly number[])[];
  private readonly items: readonly (readonly PdfTextItem[])[];

  constructor(pages: readonly (readonly PdfTextItem[])[]) {
    const parts: string[] = [];
    const pageStarts: number[] = [];
    const itemStarts: number[][] = [];
    let at = 0;
    pages.forEach((items, p) => {
      if (p > 0) {
        parts.push('\n');
        at += 1;
      }
      pageStarts.push(at);
      const starts: number[] = [];
      for (const item of items) {
        starts.push(at);
        parts.push(item.str);
        at += item.str.length;
        if (item.hasEOL) {
          parts.push('\n');
          at += 1;
        }
      }
      itemStarts.push(starts);
    });
    this.text = parts.join('');
    this.pageStarts = pageStarts;
    this.itemStarts = itemStarts;
    this.items = pages;
  }

  get pageCount(): number {
    return this.pageStarts.length;
  }

  /** The page (0-based) holding document offset `at`. */
  pageOf(at: number): number {
    return Math.max(0, upperBound(this.pageStarts, at) - 1);
  }

  /** The text of one page (0-based). */
  pageText(page: number): string {
    const end = page + 1 < this.pageStarts.length ? this.pageStarts[page + 1]! - 1 : this.text.length;
    return this.text.slice(this.pageStarts[page] ?? 0, end);
  }

  /** Document offset of `offset` characters into item `item` of page `page`. */
  offsetOf(page: number, item: number, offset: number): number {
    const start = this.itemStarts[page]?.[item];
    if (start === undefined) return this.pageStarts[page] ?? this.text.length;
    return start + Math.min(offset, this.items[page]![item]!.str.length);
  }

  /**
   * The item that holds document offset `at`. An offset on a line or page break belongs to
   * the end of the item before it (`preferNext`: to the start of the next one), so a range
   * never starts or ends on text the text layer does not draw.
   */
  pointAt(at: number, preferNext = false): PdfPoint | undefined {
    const page = this.pageOf(at);
    const starts = this.itemStarts[page];
    if (!starts || starts.length === 0) return undefined;
    let item = Math.max(0, upperBound(starts, at) - 1);
    const within = at - starts[item]!;
    const length = this.items[page]![item]!.str.length;
    if (within > length) {
      // On a break after the item: its end, or the next item's start.
      if (preferNext && item + 1 < starts.length) return { page, item: item + 1, offset: 0 };
      return { page, item, offset: length };
    }
    // An offset at an item's start may as well be the end of the one before, for an end.
    if (!preferNext && within === 0 && item > 0 && at > this.pageStarts[page]!) {
      const before = this.items[page]![item - 1]!;
      if (!before.hasEOL && starts[item - 1]! + before.str.length === at) {
        item -= 1;
        return { page, item, offset: before.str.length };
      }
    }
    return { page, item, offset: within };
  }

  /** Whether the document has any text to highlight (a scanned PDF has none). */
  get hasText(): boolean {
    return /\S/.test(this.text);
  }
}

/** The first index whose value is greater than `value` (values ascending). */
function upperBound(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
