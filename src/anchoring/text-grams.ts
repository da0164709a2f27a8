/**
 * Where a string occurs in a long text, through an index of the text's 8-character grams:
 * the same positions, in the same order, as a loop of text.indexOf(needle, at + 1), but
 * without a scan of the whole text per needle. Anchoring looks for up to eight pieces of
 * each quote it cannot find near its place (see approximateEverywhere): on a book-length
 * page each piece was a scan of a million characters (about 1 ms), eight per quote.
 *
 * The index is made once per text, when first asked for, in steps that can pause.
 */

/** Gram length: pieces are at least this long (shorter needles are looked for by indexOf). */
const Q = 8;
/** Buckets: 2^BITS. */
const BITS = 16;
/** 31^(Q-1) mod 2^32, to take the first character out of a rolling hash. */
const POW = (() => {
  let p = 1;
  for (let k = 1; k < Q; k++) p = Math.imul(p, 31);
  return p;
})();

const bucketOf = (hash: number) => Math.imul(hash, 0x9e3779b1) >>> (32 - BITS);

interface TextGrams {
  readonly text: string;
  /** Where each bucket's positions start in `positions` (and the last one ends). */
  readonly starts: Int32Array;
  /** Every gram's position, by bucket, ascending within each. */
  readonly positions: Int32Array;
}

/** Characters hashed between checks of `due`. */
const STRETCH = 65_536;

/** The hash of text[at, at + Q - 1): a gram but its last character, to roll on from. */
function headHash(text: string, at: number): number {
  let hash = 0;
  for (let k = at; k < at + Q - 1; k++) hash = (Math.imul(hash, 31) + text.charCodeAt(k)) | 0;
  return hash;
}

/** Counts the grams starting in [from, to) into their buckets (`starts`, shifted by one). */
function countGrams(text: string, from: number, to: number, starts: Int32Array): void {
  let hash = headHash(text, from);
  for (let i = from; i < to; i++) {
    hash = (Math.imul(hash, 31) + text.charCodeAt(i + Q - 1)) | 0;
    const b = bucketOf(hash) + 1;
    starts[b] = starts[b]! + 1;
    hash = (hash - Math.imul(text.charCodeAt(i), POW)) | 0;
  }
}

/** Puts the positions of the grams starting in [from, to) in their buckets, in order. */
function placeGrams(text: string, from: number, to: number, next: Int32Array, positions: Int32Array): void {
  let hash = headHash(text, from);
  for (let i = from; i < to; i++) {
    hash = (Math.imul(hash, 31) + text.charCodeAt(i + Q - 1)) | 0;
    const b = bucketOf(hash);
    positions[next[b]!] = i;
    next[b] = next[b]! + 1;
    hash = (hash - Math.imul(text.charCodeAt(i), POW)) | 0;
  }
}

/** Builds the index of `text` (a counting sort of its grams by bucket), pausing whenever `due()` says so. */
function* indexingGrams(text: string, due?: () => boolean): Generator<void, TextGrams> {
  const count = Math.max(0, text.length - Q + 1);
  const starts = new Int32Array((1 << BITS) + 1);
  for (let from = 0; from < count; from += STRETCH) {
    if (from > 0 && due?.()) yield;
    countGrams(text, from, Math.min(count, from + STRETCH), starts);
  }
  for (let b = 0; b < 1 << BITS; b++) starts[b + 1] = starts[b + 1]! + starts[b]!;
  const next = starts.slice(0, 1 << BITS);
  const positions = new Int32Array(count);
  for (let from = 0; from < count; from += STRETCH) {
    if (due?.()) yield;
    placeGrams(text, from, Math.min(count, from + STRETCH), next, positions);
  }
  return { text, starts, positions };
}

/** The index of the text being anchored, while it is (see preparingGrams and forgetGrams). */
let kept: TextGrams | undefined;
/** How often the text in `asked` has wanted whole-text lookups. */
let asked: { text: string; times: number } | undefined;

/**
 * Called before a quote's whole-text lookups in `text`: from the third time on, the index
 * is made (pausing whenever `due()` says so). Each quote's lookups cost about a third of
 * making the index (eight scans of the text against one pass and a sort), so a page with
 * one or two quotes to look for everywhere is better off without it.
 */
export function* preparingGrams(text: string, due?: () => boolean): Generator<void, void> {
  if (kept?.text === text) return;
  if (asked?.text !== text) asked = { text, times: 0 };
  if (++asked.times < 3) return;
  const grams = yield* indexingGrams(text, due);
  kept = grams;
}

/** Lets the index go (it holds about 4 bytes per character of the text). */
export function forgetGrams(): void {
  kept = undefined;
  asked = undefined;
}

/**
 * Where `needle` starts in `text`, ascending, the first `limit` of them: what
 * `for (at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1))` finds,
 * through the index when `text` is the indexed one.
 */
export function occurrences(text: string, needle: string, limit: number): number[] {
  const found: number[] = [];
  if (needle.length < Q || kept?.text !== text) {
    for (let at = text.indexOf(needle); at !== -1 && found.length < limit; at = text.indexOf(needle, at + 1)) {
      found.push(at);
    }
    return found;
  }
  const { starts, positions } = kept;
  // The needle's rarest gram: every occurrence of the needle has it at the same offset.
  let hash = 0;
  for (let k = 0; k < Q - 1; k++) hash = (Math.imul(hash, 31) + needle.charCodeAt(k)) | 0;
  let bucket = 0;
  let offset = 0;
  let fewest = Infinity;
  for (let o = 0; o + Q <= needle.length; o++) {
    hash = (Math.imul(hash, 31) + needle.charCodeAt(o + Q - 1)) | 0;
    const b = bucketOf(hash);
    const size = starts[b + 1]! - starts[b]!;
    if (size < fewest) {
      fewest = size;
      bucket = b;
      offset = o;
    }
    hash = (hash - Math.imul(needle.charCodeAt(o), POW)) | 0;
  }
  for (let k = starts[bucket]!; k < starts[bucket + 1]! && found.length < limit; k++) {
    const at = positions[k]! - offset;
    if (at >= 0 && text.startsWith(needle, at)) found.push(at);
  }
  return found;
}
