import type { PdfText } from '../anchoring/pdf-text';
import { COLORS, type Color } from '../shared/types';
import type { PageTextMap } from './text-layer-map';

export interface Placed {
  id: string;
  color: Color;
  start: number;
  end: number;
}

/**
 * Draws placed highlights on the pages whose text layer is rendered, with the CSS Custom
 * Highlight API (the same `marginalia-<colour>` highlights and colours as on web pages,
 * content.css). A page's ranges are made again whenever its text layer is rendered
 * (first render, zoom, a page rendered again after it was scrolled far away).
 */
export class Painter {
  private readonly highlights = new Map<Color, Highlight>();
  /** Per page: each highlight's ranges there. */
  private readonly drawn = new Map<number, Map<string, { color: Color; ranges: Range[] }>>();
  private readonly maps = new Map<number, PageTextMap>();

  constructor(
    private readonly text: PdfText,
    private readonly placed: () => Iterable<Placed>,
  ) {
    for (const color of COLORS) {
      const highlight = new Highlight();
      this.highlights.set(color, highlight);
      CSS.highlights.set(`marginalia-${color}`, highlight);
    }
  }

  pageMaps(): Iterable<PageTextMap> {
    return this.maps.values();
  }

  /** Page `map.page`'s text layer is (again) rendered: draw its highlights on it. */
  pageRendered(map: PageTextMap): void {
    this.maps.set(map.page, map);
    this.redrawPage(map.page);
  }

  /** Draws every rendered page again (highlights were added, changed or removed). */
  redrawAll(): void {
    for (const page of this.maps.keys()) this.redrawPage(page);
  }

  private redrawPage(page: number): void {
    this.clearPage(page);
    const map = this.maps.get(page);
    if (!map?.layer.isConnected) return;
    const pageStart = this.text.pageStarts[page]!;
    const pageEnd = page + 1 < this.text.pageCount ? this.text.pageStarts[page + 1]! : this.text.text.length + 1;
    const onPage = new Map<string, { color: Color; ranges: Range[] }>();
    for (const placed of this.placed()) {
      if (placed.end <= pageStart || placed.start >= pageEnd) continue;
      const range = map.rangeOf(this.text, placed.start, placed.end);
      if (!range) continue;
      this.highlights.get(placed.color)!.add(range);
      onPage.set(placed.id, { color: placed.color, ranges: [range] });
    }
    this.drawn.set(page, onPage);
  }

  private clearPage(page: number): void {
    for (const { color, ranges } of this.drawn.get(page)?.values() ?? []) {
      for (const range of ranges) this.highlights.get(color)!.delete(range);
    }
    this.drawn.delete(page);
  }

  /** The drawn highlight under the point (x, y) in the viewport, if any. */
  hit(x: number, y: number): string | undefined {
    for (const onPage of this.drawn.values()) {
      for (const [id, { ranges }] of onPage) {
        for (const range of ranges) {
          for (const rect of range.getClientRects()) {
            if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) return id;
          }
        }
      }
    }
    return undefined;
  }

  /** The first drawn range of highlight `id` (to place the toolbar by it). */
  rangeOf(id: string): Range | undefined {
    for (const onPage of this.drawn.values()) {
      const found = onPage.get(id);
      if (found) return found.ranges[0];
    }
    return undefined;
  }

  destroy(): void {
    for (const color of COLORS) CSS.highlights.delete(`marginalia-${color}`);
  }
}
