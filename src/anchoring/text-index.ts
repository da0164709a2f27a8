/**
 * The text that selectors are computed over: text nodes under `root` in document order,
 * skipping script, style, noscript, template, form controls' contents, frames and our own
 * UI; whitespace collapsed the way a reader sees it (except inside <pre>), and one "\n"
 * wherever a block element starts or ends or a <br> stands. Describe and anchor both use
 * this text, so a quote reads as the reader saw it and survives re-indented HTML.
 *
 * One index is built per page state and reused for every annotation.
 */
const SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'textarea', 'select', 'iframe', 'object', 'embed',
  'canvas', 'video', 'audio', 'marginalia-toolbar',
]);

const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'dialog', 'div', 'dl',
  'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'body', 'html', 'center', 'menu', 'listing',
]);

const PRESERVING = new Set(['pre', 'listing', 'plaintext', 'xmp']);

/** One text node's share of the text. `len` may be 0 (whitespace swallowed by a neighbour). */
interface Segment {
  node: Text;
  start: number;
  len: number;
  pre: boolean;
  /** Leading whitespace is swallowed because the text already ends with a space or break. */
  dropLeading: boolean;
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12;
}

/** Raw offset in the node where normalized character `k` starts (or, with `after`, ends). */
function rawOffsetOf(seg: Segment, k: number, after: boolean): number {
  const data = seg.node.data;
  if (seg.pre) return Math.min(k, data.length);
  let emitted = 0;
  let prevSpace = seg.dropLeading;
  for (let i = 0; i < data.length; i++) {
    const ws = isWhitespace(data.charCodeAt(i));
    if (ws && prevSpace) continue;
    if (!after && emitted === k) return i;
    emitted++;
    prevSpace = ws;
    if (after && emitted === k) return i + 1;
  }
  return data.length;
}

/** Number of normalized characters the node emits before raw offset `raw`. */
function normalizedOffsetOf(seg: Segment, raw: number): number {
  if (seg.pre) return Math.min(raw, seg.len);
  const data = seg.node.data;
  let emitted = 0;
  let prevSpace = seg.dropLeading;
  for (let i = 0; i < raw && i < data.length; i++) {
    const ws = isWhitespace(data.charCodeAt(i));
    if (ws && prevSpace) continue;
    emitted++;
    prevSpace = ws;
  }
  return Math.min(emitted, seg.len);
}

export class TextIndex {
  readonly text: string;
  private readonly segments: Segment[];
  /** Segments that emit at least one character, in order, for position lookups. */
  private readonly filled: Segment[];
  private readonly byNode: Map<Text, Segment>;

  private constructor(text: string, segments: Segment[]) {
    this.text = text;
    this.segments = segments;
    this.filled = segments.filter((s) => s.len > 0);
    this.byNode = new Map(segments.map((s) => [s.node, s]));
  }

  static build(root: Node): TextIndex {
    const chunks: string[] = [];
    const segments: Segment[] = [];
    let length = 0;
    let endsWithSpace = true; // at the start, leading whitespace is swallowed
    let pendingBreak = false;
    let preDepth = 0;
    let last: Segment | undefined;

    const emitText = (node: Text) => {
      const data = node.data;
      const pre = preDepth > 0;
      if (pendingBreak && length > 0 && (pre || /\S/.test(data))) {
        if (last && !last.pre && endsWithSpace && last.len > 0 && chunks[chunks.length - 1]?.endsWith(' ')) {
          // A block ends with a space: drop it so the break stands alone, as a reader sees it.
          chunks[chunks.length - 1] = chunks[chunks.length - 1]!.slice(0, -1);
          last.len--;
          length--;
        }
        chunks.push('\n');
        length++;
        endsWithSpace = true;
        pendingBreak = false;
      } else if (pendingBreak && length === 0) {
        pendingBreak = false;
      }
      const seg: Segment = { node, start: length, len: 0, pre, dropLeading: endsWithSpace };
      let out: string;
      if (pre) {
        out = data;
      } else {
        out = data.replace(/[ \t\n\r\f]+/g, ' ');
        if (endsWithSpace && out.startsWith(' ')) out = out.slice(1);
      }
      if (out.length > 0) {
        chunks.push(out);
        length += out.length;
        seg.len = out.length;
        endsWithSpace = pre ? false : out.endsWith(' ');
        last = seg;
      }
      segments.push(seg);
    };

    const enter = (el: Element) => {
      const name = el.localName;
      if (BLOCKS.has(name)) pendingBreak = true;
      if (PRESERVING.has(name)) preDepth++;
    };
    const leave = (el: Element) => {
      const name = el.localName;
      if (BLOCKS.has(name)) pendingBreak = true;
      if (PRESERVING.has(name)) preDepth--;
    };

    let node: Node | null = root.firstChild;
    while (node) {
      let descend = false;
      if (node.nodeType === 3) {
        emitText(node as Text);
      } else if (node.nodeType === 1) {
        const el = node as Element;
        if (!SKIPPED.has(el.localName)) {
          enter(el);
          if (el.firstChild) descend = true;
          else leave(el);
        }
      }
      if (descend) {
        node = node.firstChild;
        continue;
      }
      while (node && node !== root && !node.nextSibling) {
        node = node.parentNode;
        if (node && node !== root && node.nodeType === 1) leave(node as Element);
      }
      if (!node || node === root) break;
      node = node.nextSibling;
    }
    return new TextIndex(chunks.join(''), segments);
  }

  /** Text position of a DOM boundary point. */
  positionOf(container: Node, offset: number): number {
    if (container.nodeType === 3) {
      const seg = this.byNode.get(container as Text);
      if (seg) return seg.start + normalizedOffsetOf(seg, offset);
      return this.positionAfter(container, true);
    }
    const child = container.childNodes[offset];
    if (child) return this.positionAfter(child, true);
    return this.positionAfter(container, false);
  }

  /** Position of the first indexed text at or after `node` (inclusive) or after its subtree. */
  private positionAfter(node: Node, inclusive: boolean): number {
    const doc = node.ownerDocument ?? (node as Document);
    const walker = doc.createTreeWalker(doc, 4 /* SHOW_TEXT */);
    let current: Node | null;
    if (inclusive && node.nodeType === 3) {
      current = node;
    } else {
      let from = node;
      if (!inclusive) while (from.lastChild) from = from.lastChild;
      walker.currentNode = from;
      // From an element, nextNode() descends into it first: its first text comes next.
      current = walker.nextNode();
    }
    for (; current; current = walker.nextNode()) {
      const seg = this.byNode.get(current as Text);
      if (seg) return seg.start;
    }
    return this.text.length;
  }

  /** DOM range for text positions [start, end), or undefined when it lies outside the text. */
  rangeOf(start: number, end: number, doc: Document): Range | undefined {
    if (start < 0 || end > this.text.length || start >= end) return undefined;
    const first = this.segmentAt(start, false);
    const lastSeg = this.segmentAt(end, true);
    if (!first || !lastSeg) return undefined;
    const range = doc.createRange();
    const s = Math.max(0, start - first.start);
    const e = Math.min(lastSeg.len, end - lastSeg.start);
    range.setStart(first.node, rawOffsetOf(first, s, false));
    range.setEnd(lastSeg.node, rawOffsetOf(lastSeg, e, true));
    return range;
  }

  /** Are all the nodes this index was built from still in the document? */
  isConnected(): boolean {
    return this.segments.every((s) => s.node.isConnected);
  }

  /**
   * The segment holding character `pos` (or, with `end`, the one whose text ends at or
   * after `pos`). Positions on a synthetic break move to the neighbouring text.
   */
  private segmentAt(pos: number, end: boolean): Segment | undefined {
    const list = this.filled;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const seg = list[mid]!;
      if (end ? seg.start < pos : seg.start <= pos) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (end) return found >= 0 ? list[found] : undefined;
    if (found >= 0) {
      const seg = list[found]!;
      if (pos < seg.start + seg.len) return seg;
    }
    return list[found + 1];
  }
}
