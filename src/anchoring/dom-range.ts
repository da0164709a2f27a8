import { CONTEXT_LENGTH } from './describe';
import type { DomRangeSelector } from './selectors';
import { isSkipped } from './text-index';

/**
 * The fast way back to a passage on a page that has not changed around it: where its
 * ends sit in the DOM (child indices from the root), checked against a fingerprint of the
 * raw text there and CONTEXT_LENGTH characters either side. Resolving it touches only
 * the passage's own nodes, so an unchanged book-length page needs no text index at all.
 * Anything that does not check out exactly falls back to the text index (anchor.ts).
 */

function pathOf(node: Node, root: Node): number[] | undefined {
  const path: number[] = [];
  for (let n: Node | null = node; n !== root; n = n.parentNode) {
    if (!n?.parentNode) return undefined;
    let i = 0;
    for (let s = n.previousSibling; s; s = s.previousSibling) i++;
    path.push(i);
  }
  return path.reverse();
}

function nodeAt(path: readonly number[], root: Node): Node | undefined {
  let node: Node | undefined = root;
  for (const i of path) {
    node = node.childNodes[i];
    if (!node) return undefined;
  }
  return node;
}

/** White space as the text index collapses it (see text-index.ts). */
const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13 || code === 12;

/**
 * Where, reading `text` from its end (when `before`) or its start, the CONTEXT_LENGTH-th
 * character that is not white space is: the index to cut at, or -1 when there are fewer.
 */
function cutAfterVisible(text: string, before: boolean): number {
  let seen = 0;
  for (let k = 0; k < text.length; k++) {
    const i = before ? text.length - 1 - k : k;
    if (!isSpace(text.charCodeAt(i)) && ++seen === CONTEXT_LENGTH) return i;
  }
  return -1;
}

/** One walker per root, reused: anchoring a thousand highlights would otherwise make two thousand. */
const walkers = new WeakMap<Node, TreeWalker>();
function textWalker(root: Node): TreeWalker {
  let walker = walkers.get(root);
  if (!walker) {
    walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, 4 /* SHOW_TEXT */);
    walkers.set(root, walker);
  }
  return walker;
}

/** How far the context is read at most, so a page of empty nodes costs little. */
const CONTEXT_NODES = 64;

/**
 * Raw text before (or after) a boundary, in document order, until it holds CONTEXT_LENGTH
 * characters that are not white space: indented markup puts runs of spaces between
 * elements, and context made only of them would tell one table row from the next by
 * nothing at all.
 */
function rawContext(root: Node, container: Text, offset: number, before: boolean): string {
  let text = before ? container.data.slice(0, offset) : container.data.slice(offset);
  let seen = visibleIn(text);
  if (seen < CONTEXT_LENGTH) {
    const walker = textWalker(root);
    walker.currentNode = container;
    for (let n = 0; n < CONTEXT_NODES && seen < CONTEXT_LENGTH; n++) {
      const next = before ? walker.previousNode() : walker.nextNode();
      if (!next) break;
      const data = (next as Text).data;
      seen += visibleIn(data);
      text = before ? data + text : text + data;
    }
  }
  const cut = cutAfterVisible(text, before);
  if (cut < 0) return text;
  return before ? text.slice(cut) : text.slice(0, cut + 1);
}

/** How many characters of `text` are not white space (counting stops at CONTEXT_LENGTH). */
function visibleIn(text: string): number {
  let seen = 0;
  for (let i = 0; i < text.length && seen < CONTEXT_LENGTH; i++) if (!isSpace(text.charCodeAt(i))) seen++;
  return seen;
}

/** Whether `a` and `b` are the same text once white space is left out of both. */
function sameWords(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && isSpace(a.charCodeAt(i))) i++;
    while (j < b.length && isSpace(b.charCodeAt(j))) j++;
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
    i++;
    j++;
  }
}

/**
 * The range's text without that of the elements the text index leaves out (an inline
 * script or style inside the passage), which the quote does not have either.
 */
function readableText(range: Range): string {
  const start = range.startContainer as Text;
  const end = range.endContainer as Text;
  if (start === end) return start.data.slice(range.startOffset, range.endOffset);
  const doc = start.ownerDocument;
  const walker = doc.createTreeWalker(
    range.commonAncestorContainer,
    5 /* SHOW_ELEMENT | SHOW_TEXT */,
    (node) =>
      node.nodeType === 3 ? 1 /* ACCEPT */ : isSkipped(node as Element) ? 2 /* REJECT: not its text */ : 3 /* SKIP */,
  );
  walker.currentNode = start;
  let text = start.data.slice(range.startOffset);
  for (let n = walker.nextNode(); n && n !== end; n = walker.nextNode()) text += (n as Text).data;
  return text + end.data.slice(0, range.endOffset);
}

/** FNV-1a over the pieces, with their lengths, so moving a character between them changes it. */
function fingerprint(pieces: readonly string[]): number {
  let h = 0x811c9dc5;
  for (const piece of pieces) {
    for (let i = 0; i < piece.length; i++) h = Math.imul(h ^ piece.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ piece.length, 0x01000193);
  }
  return h >>> 0;
}

function check(range: Range, root: Node, text = range.toString()): number {
  const start = range.startContainer as Text;
  const end = range.endContainer as Text;
  return fingerprint([
    rawContext(root, start, range.startOffset, true),
    text,
    rawContext(root, end, range.endOffset, false),
  ]);
}

/** The DOM range selector for `range` (whose ends are in text nodes under `root`). */
export function describeDomRange(range: Range, root: Node): DomRangeSelector | undefined {
  if (range.startContainer.nodeType !== 3 || range.endContainer.nodeType !== 3) return undefined;
  const start = pathOf(range.startContainer, root);
  const end = pathOf(range.endContainer, root);
  if (!start || !end) return undefined;
  return {
    type: 'marginalia:DomRangeSelector',
    start,
    startOffset: range.startOffset,
    end,
    endOffset: range.endOffset,
    check: check(range, root),
  };
}

/**
 * The range `selector` describes, if the page around it is exactly as it was and it still
 * holds the quote (`exact`, compared without white space: the quote has a line break where
 * the DOM has only a block boundary, and without the text of scripts and styles inside
 * the range, which the quote leaves out); otherwise undefined.
 */
export function anchorDomRange(selector: DomRangeSelector, root: Node, exact: string): Range | undefined {
  const start = nodeAt(selector.start, root);
  const end = nodeAt(selector.end, root);
  if (start?.nodeType !== 3 || end?.nodeType !== 3) return undefined;
  if (selector.startOffset > (start as Text).length || selector.endOffset > (end as Text).length) return undefined;
  const range = (root.ownerDocument ?? (root as Document)).createRange();
  try {
    range.setStart(start, selector.startOffset);
    range.setEnd(end, selector.endOffset);
  } catch {
    return undefined;
  }
  const text = range.toString();
  if (range.collapsed) return undefined;
  if (text !== exact && !sameWords(text, exact) && !sameWords(readableText(range), exact)) return undefined;
  return check(range, root, text) === selector.check ? range : undefined;
}
