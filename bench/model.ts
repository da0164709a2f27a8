/**
 * The benchmark's page model, pure: Moby Dick as paragraphs, seeded random highlights,
 * seeded random edits with a map from old to new text positions, and the scoring of an
 * anchor against where the highlighted words really went.
 */

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function paragraphsOf(book: string): string[] {
  const startMark = book.search(/\*\*\* ?START OF[^\n]*\n/);
  const endMark = book.search(/\*\*\* ?END OF/);
  const body = book.slice(startMark >= 0 ? book.indexOf('\n', startMark) + 1 : 0, endMark >= 0 ? endMark : undefined);
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

export interface Span {
  start: number;
  end: number;
}

/** Highlights of 20 to 300 characters, starting and ending on word boundaries. */
export function highlightSpans(text: string, n: number, seed: number): Span[] {
  const random = rng(seed);
  const spans: Span[] = [];
  while (spans.length < n) {
    let start = Math.floor(random() * (text.length - 400));
    while (start > 0 && /\S/.test(text[start - 1]!)) start--;
    while (/\s/.test(text[start]!)) start++;
    let end = start + 20 + Math.floor(random() * 281);
    while (end < text.length && /\S/.test(text[end]!)) end++;
    if (end - start > 320) continue;
    spans.push({ start, end });
  }
  return spans;
}

type Piece = { from: number; to: number } | { text: string };

function rebuild(text: string, pieces: Piece[]): { text: string; map: Int32Array } {
  const map = new Int32Array(text.length).fill(-1);
  const out: string[] = [];
  let pos = 0;
  for (const piece of pieces) {
    if ('text' in piece) {
      out.push(piece.text);
      pos += piece.text.length;
    } else {
      out.push(text.slice(piece.from, piece.to));
      for (let i = piece.from; i < piece.to; i++) map[i] = pos + (i - piece.from);
      pos += piece.to - piece.from;
    }
  }
  return { text: out.join(''), map };
}

export interface Edited {
  text: string;
  /** Old text position -> new position, or -1 where the character was deleted. */
  map: Int32Array;
  edits: number;
}

/**
 * Edits `rate` of the words (a third each inserted before, deleted, substituted), then
 * moves one sentence to the start of another paragraph. Paragraph breaks are never edited.
 */
export function editText(text: string, rate: number, seed: number): Edited {
  if (rate === 0) return { text, map: Int32Array.from({ length: text.length }, (_, i) => i), edits: 0 };
  const random = rng(seed);
  const words = [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const vocabulary = words.slice(0, 5000).map((w) => text.slice(w.start, w.end));
  const chosen = words.filter(() => random() < rate);
  const pieces: Piece[] = [];
  let at = 0;
  for (const word of chosen) {
    const kind = random();
    const other = vocabulary[Math.floor(random() * vocabulary.length)]!;
    if (kind < 1 / 3) {
      pieces.push({ from: at, to: word.start }, { text: `${other} ` });
      at = word.start;
    } else if (kind < 2 / 3) {
      // Deleted with the space after it (or before it at the end of a paragraph).
      if (text[word.end] === ' ') {
        pieces.push({ from: at, to: word.start });
        at = word.end + 1;
      } else if (text[word.start - 1] === ' ' && word.start - 1 >= at) {
        pieces.push({ from: at, to: word.start - 1 });
        at = word.end;
      }
    } else {
      pieces.push({ from: at, to: word.start }, { text: other });
      at = word.end;
    }
  }
  pieces.push({ from: at, to: text.length });
  const first = rebuild(text, pieces);
  const second = moveSentence(first.text, random);
  const map = first.map.map((p) => (p >= 0 ? second.map[p]! : -1));
  return { text: second.text, map, edits: chosen.length + 1 };
}

function moveSentence(text: string, random: () => number): { text: string; map: Int32Array } {
  const sentences = [...text.matchAll(/(?<=[.!?] )[^.!?\n]{40,400}[.!?] /g)];
  const sentence = sentences[Math.floor(random() * sentences.length)];
  const breaks = [...text.matchAll(/\n/g)].map((m) => m.index + 1);
  const target = breaks[Math.floor(random() * breaks.length)];
  if (!sentence || target === undefined) return rebuild(text, [{ from: 0, to: text.length }]);
  const a = sentence.index;
  const b = a + sentence[0].length;
  if (target >= a && target <= b) return rebuild(text, [{ from: 0, to: text.length }]);
  const pieces: Piece[] =
    target < a
      ? [
          { from: 0, to: target },
          { from: a, to: b },
          { from: target, to: a },
          { from: b, to: text.length },
        ]
      : [
          { from: 0, to: a },
          { from: b, to: target },
          { from: a, to: b },
          { from: target, to: text.length },
        ];
  return rebuild(text, pieces);
}

export type Verdict = 'right' | 'wrong' | 'orphan';

/**
 * Right when the anchor and the surviving highlighted characters mostly coincide; wrong
 * when something was drawn anywhere else (or when every highlighted word was deleted).
 */
export function judge(original: Span, map: Int32Array, anchored: Span | undefined): Verdict {
  if (!anchored) return 'orphan';
  let kept = 0;
  let overlap = 0;
  for (let i = original.start; i < original.end; i++) {
    const p = map[i]!;
    if (p < 0) continue;
    kept++;
    if (p >= anchored.start && p < anchored.end) overlap++;
  }
  const right = kept > 0 && overlap >= 0.5 * kept && overlap >= 0.5 * (anchored.end - anchored.start);
  return right ? 'right' : 'wrong';
}
