/**
 * Approximate string matching (Myers' bit-parallel algorithm, in 32-character blocks),
 * giving exactly what approx-string-match's `search` gives, but:
 * - within text[from, to) without slicing, and resumable: `searching` is a generator that
 *   pauses between stretches of columns when `due()` says so, so a search of a whole
 *   book-length page is not one long task;
 * - with each pattern's bit masks kept (anchoring searches the same quote in several
 *   windows, and each match's start is found with the reversed quote), where the library
 *   rebuilds them for every call and every match;
 * - `fewestErrors` for when only the error count matters (comparing context).
 *
 * Adapted from approx-string-match 2.0.0 (https://github.com/robertknight/approx-string-match-js),
 * Copyright (c) 2020 Robert Knight, MIT License: Permission is hereby granted, free of charge,
 * to any person obtaining a copy of this software and associated documentation files (the
 * "Software"), to deal in the Software without restriction, including without limitation the
 * rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
 * the Software, and to permit persons to whom the Software is furnished to do so, subject to
 * the following conditions: The above copyright notice and this permission notice shall be
 * included in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED
 * "AS IS", WITHOUT WARRANTY OF ANY KIND.
 */

export interface Match {
  start: number;
  end: number;
  errors: number;
}

const W = 32;

/** A pattern's bit masks: for each character, the positions where the pattern has it. */
interface Masks {
  length: number;
  bMax: number;
  ascii: Int32Array[];
  other: Map<number, Int32Array>;
  empty: Int32Array;
  lastRowMask: Int32Array;
}

const kept = new Map<string, Masks>();
/** Enough for a quote, its reverse and its context; the cache is dropped whole beyond it. */
const KEEP = 64;

function masksOf(pattern: string, reversed: boolean): Masks {
  const key = reversed ? `\u0000${pattern}` : pattern;
  let masks = kept.get(key);
  if (masks) return masks;
  const length = pattern.length;
  const bMax = Math.ceil(length / W) - 1;
  const empty = new Int32Array(bMax + 1);
  const ascii: Int32Array[] = new Array(256).fill(empty);
  const other = new Map<number, Int32Array>();
  for (let k = 0; k < length; k++) {
    const code = pattern.charCodeAt(reversed ? length - 1 - k : k);
    let mask = code < 256 ? ascii[code]! : other.get(code);
    if (!mask || mask === empty) {
      mask = new Int32Array(bMax + 1);
      if (code < 256) ascii[code] = mask;
      else other.set(code, mask);
    }
    mask[k >> 5] = mask[k >> 5]! | (1 << (k & 31));
  }
  const lastRowMask = new Int32Array(bMax + 1).fill(1 << 31);
  lastRowMask[bMax] = 1 << ((length - 1) % W);
  masks = { length, bMax, ascii, other, empty, lastRowMask };
  if (kept.size >= KEEP) kept.clear();
  kept.set(key, masks);
  return masks;
}

/** 1 if `n` is not 0, else 0, without a branch: the block step is all bit operations. */
const oneIfNotZero = (n: number): number => ((n | -n) >> 31) & 1;

/** The state of one scan: Myers' columns so far, and the lowest-cost match ends found. */
interface Scan {
  masks: Masks;
  P: Int32Array;
  M: Int32Array;
  score: Uint32Array;
  y: number;
  maxErrors: number;
  /** Columns scanned so far. */
  columns: number;
  /** Ends (in columns) of the matches with the lowest error count so far, in order. */
  ends: number[];
}

function startScan(masks: Masks, maxErrors: number): Scan {
  const { bMax, length } = masks;
  const max = Math.min(maxErrors, length);
  const y = Math.max(0, Math.ceil(max / W) - 1);
  const score = new Uint32Array(bMax + 1);
  const P = new Int32Array(bMax + 1);
  const M = new Int32Array(bMax + 1);
  for (let b = 0; b <= y; b++) {
    score[b] = (b + 1) * W;
    P[b] = ~0;
    M[b] = 0;
  }
  score[bMax] = length;
  return { masks, P, M, score, y, maxErrors: max, columns: 0, ends: [] };
}

/**
 * Advances `scan` over `count` characters of `text`, from `at` forwards (step 1) or
 * backwards (step -1). The block step is Fig. 8 of Myers (1999) with the branch-free
 * updates of Šošić (2014), as in approx-string-match.
 */
function advance(scan: Scan, text: string, at: number, count: number, step: 1 | -1): void {
  const { P, M, score, masks } = scan;
  const { bMax, ascii, other, empty, lastRowMask } = masks;
  let { y, maxErrors, columns } = scan;
  const ends = scan.ends;
  for (let n = 0; n < count; n++, at += step) {
    const code = text.charCodeAt(at);
    const peq = code < 256 ? ascii[code]! : (other.get(code) ?? empty);
    let carry = 0;
    let b = 0;
    // The block step is written out here and again below for the block that joins: as a
    // function (approx-string-match's advanceBlock) the whole scan took 12 % longer in V8
    // (225 against 198 ms for 12 quotes over Moby Dick, Node 20), on the hot path of anchoring.
    for (; b <= y; b++) {
      // advanceBlock(b, carry)
      let pV = P[b]!;
      let mV = M[b]!;
      const hNeg = carry >>> 31;
      const eq = peq[b]! | hNeg;
      const xV = eq | mV;
      const xH = (((eq & pV) + pV) ^ pV) | eq;
      let pH = mV | ~(xH | pV);
      let mH = pV & xH;
      const hOut = oneIfNotZero(pH & lastRowMask[b]!) - oneIfNotZero(mH & lastRowMask[b]!);
      pH <<= 1;
      mH <<= 1;
      mH |= hNeg;
      pH |= oneIfNotZero(carry) - hNeg;
      pV = mH | ~(xV | pH);
      mV = pH & xV;
      P[b] = pV;
      M[b] = mV;
      carry = hOut;
      score[b] = score[b]! + carry;
    }
    if (score[y]! - carry <= maxErrors && y < bMax && (peq[y + 1]! & 1 || carry < 0)) {
      y++;
      P[y] = ~0;
      M[y] = 0;
      const maxBlockScore = y === bMax ? masks.length % W || W : W;
      // advanceBlock(y, carry)
      let pV = P[y]!;
      let mV = M[y]!;
      const hNeg = carry >>> 31;
      const eq = peq[y]! | hNeg;
      const xV = eq | mV;
      const xH = (((eq & pV) + pV) ^ pV) | eq;
      let pH = mV | ~(xH | pV);
      let mH = pV & xH;
      const hOut = oneIfNotZero(pH & lastRowMask[y]!) - oneIfNotZero(mH & lastRowMask[y]!);
      pH <<= 1;
      mH <<= 1;
      mH |= hNeg;
      pH |= oneIfNotZero(carry) - hNeg;
      pV = mH | ~(xV | pH);
      mV = pH & xV;
      P[y] = pV;
      M[y] = mV;
      score[y] = score[y - 1]! + maxBlockScore - carry + hOut;
    } else {
      while (y > 0 && score[y]! >= maxErrors + W) y--;
    }
    columns++;
    if (y === bMax && score[y]! <= maxErrors) {
      // Only the lowest-cost matches are kept, and the bar drops to each new one.
      if (score[y]! < maxErrors) ends.length = 0;
      ends.push(columns);
      maxErrors = score[y]!;
    }
  }
  scan.y = y;
  scan.maxErrors = maxErrors;
  scan.columns = columns;
}

/** Where the match ending at `end` with `errors` starts: the longest such match. */
function startOf(text: string, pattern: string, from: number, end: number, errors: number): number {
  const scan = startScan(masksOf(pattern, true), errors);
  const minStart = Math.max(from, end - pattern.length - errors);
  advance(scan, text, end - 1, end - minStart, -1);
  const last = scan.ends.at(-1);
  return last === undefined ? end : end - last;
}

/** Columns scanned between checks of `due`: about a millisecond for a long quote. */
const STRETCH = 8_192;

/**
 * The lowest-cost approximate matches of `pattern` in text[from, to) with at most
 * `maxErrors` errors (positions in `text`), pausing whenever `due()` says so.
 */
export function* searching(
  text: string,
  pattern: string,
  maxErrors: number,
  from = 0,
  to = text.length,
  due?: () => boolean,
): Generator<void, Match[]> {
  if (pattern.length === 0) return [];
  // As text.slice(from, to) would: a window may be asked for past the end.
  const end = Math.min(to, text.length);
  const scan = startScan(masksOf(pattern, false), maxErrors);
  for (let at = from; at < end; at += STRETCH) {
    if (due?.()) yield;
    advance(scan, text, at, Math.min(STRETCH, end - at), 1);
  }
  return scan.ends.map((column) => {
    const end = from + column;
    return { start: startOf(text, pattern, from, end, scan.maxErrors), end, errors: scan.maxErrors };
  });
}

/** searching(), all at once: what approx-string-match's search(text.slice(from, to), ...) gives, offset by `from`. */
export function search(text: string, pattern: string, maxErrors: number, from = 0, to = text.length): Match[] {
  return searching(text, pattern, maxErrors, from, to).next().value as Match[];
}

/** The fewest errors of any match of `pattern` in `text` (at most `maxErrors`), or undefined if none. */
export function fewestErrors(text: string, pattern: string, maxErrors: number): number | undefined {
  if (pattern.length === 0) return undefined;
  const scan = startScan(masksOf(pattern, false), maxErrors);
  advance(scan, text, 0, text.length, 1);
  return scan.ends.length > 0 ? scan.maxErrors : undefined;
}
