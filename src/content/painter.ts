import type { Color } from '../shared/types';

/** Name under which each colour's Highlight is registered in `CSS.highlights`. */
export const highlightName = (color: Color): string => `marginalia-${color}`;

export interface Painter {
  draw(id: string, range: Range, color: Color): void;
  erase(id: string): void;
  /** The ranges currently drawn, for checks after the page changed. */
  drawn(): ReadonlyMap<string, { range: Range; color: Color }>;
  destroy(): void;
}

/**
 * Draws with the CSS Custom Highlight API: nothing is added to the page's DOM, and each
 * annotation is one Range however many elements it spans.
 */
class HighlightPainter implements Painter {
  readonly #entries = new Map<string, { range: Range; color: Color }>();
  readonly #byColor = new Map<Color, Highlight>();

  draw(id: string, range: Range, color: Color): void {
    this.erase(id);
    let highlight = this.#byColor.get(color);
    if (!highlight) {
      highlight = new Highlight();
      this.#byColor.set(color, highlight);
      CSS.highlights.set(highlightName(color), highlight);
    }
    highlight.add(range);
    this.#entries.set(id, { range, color });
  }

  erase(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#byColor.get(entry.color)?.delete(entry.range);
    this.#entries.delete(id);
  }

  drawn() {
    return this.#entries;
  }

  destroy(): void {
    for (const [color, highlight] of this.#byColor) {
      if (CSS.highlights.get(highlightName(color)) === highlight) CSS.highlights.delete(highlightName(color));
    }
    this.#byColor.clear();
    this.#entries.clear();
  }
}

/**
 * For browsers without `CSS.highlights`: wraps each text node of the range in a
 * <marginalia-highlight> element, the only DOM change we ever make, and undoes it on erase.
 */
class WrappingPainter implements Painter {
  readonly #entries = new Map<string, { range: Range; color: Color; wrappers: HTMLElement[] }>();

  draw(id: string, range: Range, color: Color): void {
    this.erase(id);
    const doc = range.startContainer.ownerDocument ?? document;
    const wrappers: HTMLElement[] = [];
    for (const node of textNodesIn(range)) {
      const start = node === range.startContainer ? range.startOffset : 0;
      const end = node === range.endContainer ? range.endOffset : node.data.length;
      if (start >= end || !/\S/.test(node.data.slice(start, end))) continue;
      let target = node;
      if (end < target.data.length) target.splitText(end);
      if (start > 0) target = target.splitText(start);
      const wrapper = doc.createElement('marginalia-highlight');
      wrapper.dataset.id = id;
      wrapper.dataset.color = color;
      target.replaceWith(wrapper);
      wrapper.append(target);
      wrappers.push(wrapper);
    }
    const drawnRange = doc.createRange();
    if (wrappers.length) {
      drawnRange.setStartBefore(wrappers[0]!);
      drawnRange.setEndAfter(wrappers[wrappers.length - 1]!);
    }
    this.#entries.set(id, { range: drawnRange, color, wrappers });
  }

  erase(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    for (const wrapper of entry.wrappers) {
      const parent = wrapper.parentNode;
      wrapper.replaceWith(...wrapper.childNodes);
      parent?.normalize();
    }
    this.#entries.delete(id);
  }

  drawn() {
    return this.#entries;
  }

  destroy(): void {
    for (const id of [...this.#entries.keys()]) this.erase(id);
  }
}

/** The text nodes the range touches, walking only from its start to its end. */
function textNodesIn(range: Range): Text[] {
  const root = range.commonAncestorContainer;
  if (root.nodeType === 3) return [root as Text];
  const walker = (root.ownerDocument ?? document).createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const start = range.startContainer;
  walker.currentNode = start.nodeType === 3 ? start : (start.childNodes[range.startOffset] ?? start);
  const nodes: Text[] = [];
  let node: Node | null = walker.currentNode.nodeType === 3 ? walker.currentNode : walker.nextNode();
  for (; node && range.comparePoint(node, 0) <= 0; node = walker.nextNode()) {
    if (range.intersectsNode(node)) nodes.push(node as Text);
  }
  return nodes;
}

/** The Highlight API where the browser has it; wrapping elements otherwise (or when asked, to compare). */
export function createPainter(wrap = false): Painter {
  const hasApi = typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';
  return hasApi && !wrap ? new HighlightPainter() : new WrappingPainter();
}
