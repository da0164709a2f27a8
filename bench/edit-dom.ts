/**
 * Edits a page in place, as a site's own change would: words inserted, deleted and
 * substituted inside text nodes, a paragraph inserted near the top and one removed (what
 * breaks stored DOM paths on real sites). Returns where each character of the page's
 * text (as src/anchoring indexes it) went, to judge anchors against.
 */
import { TextIndex } from '../src/anchoring';
import { rng } from './model';

/** The index's own arrays (private to it): the bench reads them to follow each character. */
interface Inside {
  nodes: Text[];
  starts: Int32Array;
  lens: Int32Array;
  flags: Uint8Array;
}
const inside = (index: TextIndex) => index as unknown as Inside;
const PRE = 1;
const DROP_LEADING = 2;

export interface DomEdit {
  /** Old text position -> new position, or -1 where the character is gone. */
  map: Int32Array;
  edits: number;
  text: string;
}

/** Whether the index drops the first character of node k's data (white space after white space). */
function drops(index: Inside, k: number): number {
  const flags = index.flags[k]!;
  return !(flags & PRE) && flags & DROP_LEADING && /^[ \t\n\r\f]/.test(index.nodes[k]!.data) ? 1 : 0;
}

export function editPage(root: HTMLElement, rate: number, seed: number): DomEdit {
  const before = TextIndex.build(root);
  const old = inside(before);
  const random = rng(seed);
  const vocabulary = (before.text.slice(0, 300_000).match(/[A-Za-z]{3,}/g) ?? ['word']).slice(0, 5000);
  const word = () => vocabulary[Math.floor(random() * vocabulary.length)]!;
  /** For each edited node: old normalized offset -> offset in its new data (-1: deleted). */
  const local = new Map<Text, Int32Array>();
  let edits = 0;
  if (rate > 0) {
    for (let i = 0; i < old.nodes.length; i++) {
      const length = old.lens[i]!;
      if (length === 0) continue;
      const out = before.text.slice(old.starts[i]!, old.starts[i]! + length);
      const map = new Int32Array(length).fill(-1);
      const parts: string[] = [];
      let at = 0;
      let pos = 0;
      let changed = false;
      const copy = (to: number) => {
        for (let j = at; j < to; j++) map[j] = pos + (j - at);
        parts.push(out.slice(at, to));
        pos += to - at;
        at = to;
      };
      const add = (text: string) => {
        parts.push(text);
        pos += text.length;
        changed = true;
      };
      for (const m of out.matchAll(/\S+/g)) {
        if (random() >= rate || m.index < at) continue;
        edits++;
        const kind = random();
        const start = m.index;
        const end = start + m[0].length;
        if (kind < 1 / 3) {
          copy(start);
          add(`${word()} `);
        } else if (kind < 2 / 3) {
          // Deleted with the space after it (or before it, at the end of the node).
          const spaceAfter = out[end] === ' ';
          const spaceBefore = !spaceAfter && start > at && out[start - 1] === ' ';
          copy(spaceBefore ? start - 1 : start);
          at = spaceAfter ? end + 1 : end;
          changed = true;
        } else {
          copy(start);
          add(word());
          at = end;
        }
      }
      if (!changed) continue;
      copy(length);
      old.nodes[i]!.data = parts.join('');
      local.set(old.nodes[i]!, map);
    }
    // Structure: a paragraph inserted near the top, one removed further down.
    const paragraphs = [...root.querySelectorAll('p')].filter((p) => (p.textContent ?? '').length > 80);
    if (paragraphs.length > 10) {
      const inserted = document.createElement('p');
      inserted.textContent = Array.from({ length: 40 }, word).join(' ');
      paragraphs[2]!.before(inserted);
      paragraphs[Math.floor(paragraphs.length * (0.3 + 0.4 * random()))]!.remove();
      edits += 2;
    }
  }
  const after = TextIndex.build(root);
  const now = inside(after);
  const where = new Map<Text, number>();
  now.nodes.forEach((node, k) => {
    where.set(node, k);
  });
  const map = new Int32Array(before.text.length).fill(-1);
  for (let i = 0; i < old.nodes.length; i++) {
    const node = old.nodes[i]!;
    const k = where.get(node);
    if (k === undefined) continue;
    const edited = local.get(node);
    // Edited nodes hold the old normalized text, edited; others their old raw data.
    const shift = edited ? -drops(now, k) : drops(old, i) - drops(now, k);
    for (let j = 0; j < old.lens[i]!; j++) {
      const to = (edited ? edited[j]! : j) + shift;
      if ((edited && edited[j]! < 0) || to < 0 || to >= now.lens[k]!) continue;
      map[old.starts[i]! + j] = now.starts[k]! + to;
    }
  }
  // The map must say where each surviving character is: checked, so a wrong map cannot flatter a row.
  let mismatches = 0;
  map.forEach((to, from) => {
    if (to >= 0 && before.text[from] !== after.text[to]) mismatches++;
  });
  if (mismatches > before.text.length / 10_000) throw new Error(`edit map is off for ${mismatches} characters`);
  return { map, edits, text: after.text };
}
