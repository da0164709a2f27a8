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
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'select',
  'iframe',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'marginalia-toolbar',
]);

const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'body',
  'html',
  'center',
  'menu',
  'listing',
]);

const PRESERVING = new Set(['pre', 'listing', 'plaintext', 'xmp']);

/** What an element is to the text, in one lookup: skipped, a block, white-space preserving. */
const SKIP = 1;
const BLOCK = 2;
const PRESERVE = 4;
const KINDS = new Map<string, number>();
for (const name of SKIPPED) KINDS.set(name, SKIP);
for (const name of BLOCKS) KINDS.set(name, (KINDS.get(name) ?? 0) | BLOCK);
for (const name of PRESERVING) KINDS.set(name, (KINDS.get(name) ?? 0) | PRESERVE);

/** Whether the index leaves out `element`'s text (a script, a style, a form control...). */
export const isSkipped = (element: Element): boolean => ((KINDS.get(element.localName) ?? 0) & SKIP) !== 0;

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12;
}

/** Per-node flags, packed: the node is inside <pre>, and its leading whitespace is swallowed. */
const PRE = 1;
const DROP_LEADING = 2;

/** Raw offset in `data` where normalized character `k` starts (or, with `after`, ends). */
function rawOffsetOf(data: string, flags: number, k: number, after: boolean): number {
  if (flags & PRE) return Math.min(k, data.length);
  let emitted = 0;
  let prevSpace = (flags & DROP_LEADING) !== 0;
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

/** Number of normalized characters emitted for `data` before raw offset `raw`. */
function normalizedOffsetOf(data: string, flags: number, len: number, raw: number): number {
  if (flags & PRE) return Math.min(raw, len);
  let emitted = 0;
  let prevSpace = (flags & DROP_LEADING) !== 0;
  for (let i = 0; i < raw && i < data.length; i++) {
    const ws = isWhitespace(data.charCodeAt(i));
    if (ws && prevSpace) continue;
    emitted++;
    prevSpace = ws;
  }
  return Math.min(emitted, len);
}

/**
 * Collapses `data` as a reader sees it. Most text nodes need no change, so one scan
 * decides, and a new string is made only when a run of white space must shrink.
 */
/** Whitespace a reader would not see as typed: tabs, newlines, or two spaces in a row. */
const COLLAPSIBLE = /[\t\n\r\f]| {2}/;

function collapse(data: string, dropLeading: boolean): string {
  // The regular expression scans natively, far faster than a loop over the characters.
  if (!COLLAPSIBLE.test(data) && !(dropLeading && data.charCodeAt(0) === 32)) return data;
  let out = data.replace(/[ \t\n\r\f]+/g, ' ');
  if (dropLeading && out.charCodeAt(0) === 32) out = out.slice(1);
  return out;
}

function grow(array: Int32Array, capacity: number): Int32Array {
  const more = new Int32Array(capacity);
  more.set(array);
  return more;
}

function hasNonWhitespace(data: string): boolean {
  for (let i = 0; i < data.length; i++) if (!isWhitespace(data.charCodeAt(i))) return true;
  return false;
}

export class TextIndex {
  readonly text: string;
  /** Text nodes in document order, with where each starts in `text`, how much it gives, and flags. */
  private readonly nodes: Text[];
  private readonly starts: Int32Array;
  private readonly lens: Int32Array;
  private readonly flags: Uint8Array;

  private constructor(text: string, nodes: Text[], starts: Int32Array, lens: Int32Array, flags: Uint8Array) {
    this.text = text;
    this.nodes = nodes;
    this.starts = starts;
    this.lens = lens;
    this.flags = flags;
  }

  static build(root: Node): TextIndex {
    return TextIndex.building(root).next().value as TextIndex;
  }

  /**
   * build(), paused (yielding) whenever `due` says so: a walk of a long page can take
   * longer than a frame, and the page must stay responsive meanwhile.
   */
  static *building(root: Node, due?: () => boolean): Generator<void, TextIndex> {
    let steps = 0;
    const chunks: string[] = [];
    const nodes: Text[] = [];
    let capacity = 1024;
    let starts: Int32Array = new Int32Array(capacity);
    let lens: Int32Array = new Int32Array(capacity);
    let flags: Uint8Array = new Uint8Array(capacity);
    let count = 0;
    let length = 0;
    let endsWithSpace = true; // at the start, leading whitespace is swallowed
    let pendingBreak = false;
    let preDepth = 0;
    let last = -1; // the last node that gave text
    const kinds: number[] = []; // of the elements we are inside, innermost last

    let node: Node | null = root.firstChild;
    while (node) {
      if (due && (++steps & 1023) === 0 && due()) yield;
      let descend = false;
      const type = node.nodeType;
      if (type === 3) {
        const data = (node as Text).data;
        const pre = preDepth > 0;
        if (pendingBreak && (pre ? data.length > 0 : hasNonWhitespace(data))) {
          if (length > 0) {
            if (last >= 0 && !(flags[last]! & PRE) && endsWithSpace && lens[last]! > 0) {
              // A block ends with a space: drop it so the break stands alone, as a reader sees it.
              chunks[chunks.length - 1] = chunks[chunks.length - 1]!.slice(0, -1);
              lens[last]!--;
              length--;
            }
            chunks.push('\n');
            length++;
            endsWithSpace = true;
          }
          pendingBreak = false;
        }
        const out: string = pre ? data : collapse(data, endsWithSpace);
        if (count === capacity) {
          capacity *= 2;
          starts = grow(starts, capacity);
          lens = grow(lens, capacity);
          const more = new Uint8Array(capacity);
          more.set(flags);
          flags = more;
        }
        nodes.push(node as Text);
        starts[count] = length;
        lens[count] = out.length;
        flags[count] = (pre ? PRE : 0) | (endsWithSpace ? DROP_LEADING : 0);
        if (out.length > 0) {
          chunks.push(out);
          length += out.length;
          endsWithSpace = !pre && out.charCodeAt(out.length - 1) === 32;
          last = count;
        }
        count++;
      } else if (type === 1) {
        const kind = KINDS.get((node as Element).localName) ?? 0;
        if (!(kind & SKIP)) {
          if (kind & BLOCK) pendingBreak = true;
          if (node.firstChild) {
            if (kind & PRESERVE) preDepth++;
            // Remembered for the way out, so leaving an element reads no DOM property.
            kinds.push(kind);
            descend = true;
          }
        }
      }
      if (descend) {
        node = node.firstChild;
        continue;
      }
      while (node && node !== root && !node.nextSibling) {
        node = node.parentNode;
        if (node && node !== root) {
          const kind = kinds.pop() ?? 0;
          if (kind & BLOCK) pendingBreak = true;
          if (kind & PRESERVE) preDepth--;
        }
      }
      if (!node || node === root) break;
      node = node.nextSibling;
    }
    return new TextIndex(
      chunks.join(''),
      nodes,
      starts.subarray(0, count),
      lens.subarray(0, count),
      flags.subarray(0, count),
    );
  }

  /** Text position of a DOM boundary point. */
  positionOf(container: Node, offset: number): number {
    if (container.nodeType === 3) {
      const i = this.indexOfNode(container as Text);
      if (i !== undefined) {
        return this.starts[i]! + normalizedOffsetOf(this.nodes[i]!.data, this.flags[i]!, this.lens[i]!, offset);
      }
      return this.positionAfter(container, false);
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
      walker.currentNode = node;
    } else {
      let from = node;
      if (!inclusive) while (from.lastChild) from = from.lastChild;
      walker.currentNode = from;
      // From an element, nextNode() descends into it first: its first text comes next.
      current = walker.nextNode();
    }
    for (; current; current = walker.nextNode()) {
      const i = this.indexOfNode(current as Text);
      if (i !== undefined) return this.starts[i]!;
    }
    return this.text.length;
  }

  /**
   * Where `node` is in `nodes`, by binary search in document order: a few
   * compareDocumentPosition calls, where a map of every node would cost a walk of them all
   * (30 ms on a page of 250,000 text nodes) for each new highlight.
   */
  private indexOfNode(node: Text): number | undefined {
    const { nodes } = this;
    let lo = 0;
    let hi = nodes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = nodes[mid]!;
      if (at === node) return mid;
      const relation = at.compareDocumentPosition(node);
      // Not in the same tree as the indexed nodes (removed since, or never there).
      if (relation & 1 /* DISCONNECTED */) return undefined;
      if (relation & 4 /* FOLLOWING */) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** DOM range for text positions [start, end), or undefined when it lies outside the text. */
  rangeOf(start: number, end: number, doc: Document): Range | undefined {
    if (start < 0 || end > this.text.length || start >= end) return undefined;
    const first = this.nodeAt(start, false);
    const last = this.nodeAt(end, true);
    if (first === undefined || last === undefined) return undefined;
    const range = doc.createRange();
    const s = Math.max(0, start - this.starts[first]!);
    const e = Math.min(this.lens[last]!, end - this.starts[last]!);
    range.setStart(this.nodes[first]!, rawOffsetOf(this.nodes[first]!.data, this.flags[first]!, s, false));
    range.setEnd(this.nodes[last]!, rawOffsetOf(this.nodes[last]!.data, this.flags[last]!, e, true));
    return range;
  }

  /** Are all the nodes this index was built from still in the document? */
  isConnected(): boolean {
    return this.nodes.every((n) => n.isConnected);
  }

  /**
   * The node holding character `pos` (or, with `end`, the last one whose text ends at or
   * after `pos`). Positions on a synthetic break move to the neighbouring text.
   */
  private nodeAt(pos: number, end: boolean): number | undefined {
    const { starts, lens } = this;
    // Last node starting at or before pos (before it, for an end boundary).
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (end ? starts[mid]! < pos : starts[mid]! <= pos) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (end) {
      while (found >= 0 && lens[found] === 0) found--;
      return found >= 0 ? found : undefined;
    }
    if (found >= 0 && lens[found]! > 0 && pos < starts[found]! + lens[found]!) return found;
    for (let i = found + 1; i < starts.length; i++) if (lens[i]! > 0) return i;
    return undefined;
  }
}
