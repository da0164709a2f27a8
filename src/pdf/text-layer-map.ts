import type { PdfText } from '../anchoring/pdf-text';

/**
 * Between a rendered page's text layer (PDF.js draws one span per text item, its text the
 * item's string) and the document text (anchoring/pdf-text.ts). The layer's text nodes,
 * in order, are the page's non-empty items, in order; a layer that does not agree with
 * the items is not mapped at all, so nothing is ever drawn on the wrong words.
 */
export class PageTextMap {
  /** Per item of the page: its text node (none for an empty string). */
  readonly nodes: (Text | undefined)[];
  private readonly itemOf = new Map<Text, number>();

  private constructor(
    readonly page: number,
    readonly layer: HTMLElement,
    nodes: (Text | undefined)[],
  ) {
    this.nodes = nodes;
    nodes.forEach((node, item) => {
      if (node) this.itemOf.set(node, item);
    });
  }

  /** The map of `layer` for page `page`, or undefined when the layer's text is not the page's items. */
  static build(page: number, layer: HTMLElement, items: readonly { str: string }[]): PageTextMap | undefined {
    const walker = layer.ownerDocument.createTreeWalker(layer, NodeFilter.SHOW_TEXT);
    const nodes: (Text | undefined)[] = [];
    let node = walker.nextNode() as Text | null;
    for (const item of items) {
      if (item.str === '') {
        nodes.push(undefined);
        continue;
      }
      if (!node || node.data !== item.str) return undefined;
      nodes.push(node);
      node = walker.nextNode() as Text | null;
    }
    return new PageTextMap(page, layer, nodes);
  }

  /** The item index of a text node of this layer. */
  item(node: Node): number | undefined {
    return node.nodeType === Node.TEXT_NODE ? this.itemOf.get(node as Text) : undefined;
  }

  /**
   * A DOM range over document offsets [start, end) clipped to this page, or undefined when
   * nothing of it is on this page.
   */
  rangeOf(text: PdfText, start: number, end: number): Range | undefined {
    const pageStart = text.pageStarts[this.page]!;
    const pageEnd = this.page + 1 < text.pageCount ? text.pageStarts[this.page + 1]! - 1 : text.text.length;
    const from = Math.max(start, pageStart);
    const to = Math.min(end, pageEnd);
    if (from >= to) return undefined;
    const a = text.pointAt(from, true);
    const b = text.pointAt(to, false);
    if (!a || !b || a.page !== this.page || b.page !== this.page) return undefined;
    const startNode = this.nodeAtOrAfter(a.item);
    const endNode = this.nodeAtOrBefore(b.item);
    if (!startNode || !endNode) return undefined;
    const range = this.layer.ownerDocument.createRange();
    range.setStart(startNode.node, startNode.item === a.item ? a.offset : 0);
    range.setEnd(endNode.node, endNode.item === b.item ? b.offset : endNode.node.length);
    return range.collapsed ? undefined : range;
  }

  private nodeAtOrAfter(item: number): { node: Text; item: number } | undefined {
    for (let i = item; i < this.nodes.length; i++) if (this.nodes[i]) return { node: this.nodes[i]!, item: i };
    return undefined;
  }

  private nodeAtOrBefore(item: number): { node: Text; item: number } | undefined {
    for (let i = Math.min(item, this.nodes.length - 1); i >= 0; i--)
      if (this.nodes[i]) return { node: this.nodes[i]!, item: i };
    return undefined;
  }
}

/**
 * The document offset of a DOM boundary point inside a mapped text layer. A point between
 * nodes (in a span, at a line break) counts as the start of the next text (`end`: the end
 * of the one before), as a reader's selection means it.
 */
export function offsetOfPoint(
  maps: Iterable<PageTextMap>,
  text: PdfText,
  container: Node,
  offset: number,
  end: boolean,
): number | undefined {
  const all = [...maps];
  const owner = all.find((map) => map.layer.contains(container));
  if (!owner) return undefined;
  const direct = owner.item(container);
  if (direct !== undefined) return text.offsetOf(owner.page, direct, offset);
  // An element boundary: the nearest text of the layer after it (for an end: before it).
  const point = owner.layer.ownerDocument.createRange();
  point.setStart(container, offset);
  if (end) {
    for (let item = owner.nodes.length - 1; item >= 0; item--) {
      const node = owner.nodes[item];
      if (node && point.comparePoint(node, node.length) <= 0) return text.offsetOf(owner.page, item, node.length);
    }
    return text.pageStarts[owner.page];
  }
  for (let item = 0; item < owner.nodes.length; item++) {
    const node = owner.nodes[item];
    if (node && point.comparePoint(node, 0) >= 0) return text.offsetOf(owner.page, item, 0);
  }
  return owner.page + 1 < text.pageCount ? text.pageStarts[owner.page + 1]! - 1 : text.text.length;
}
