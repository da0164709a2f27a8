import { fewestErrors, search, searching } from './approx-search';
import { CONTEXT_LENGTH } from './describe';
import { type Selector, selectorOf, type TextQuoteSelector } from './selectors';
import { forgetGrams, occurrences, preparingGrams } from './text-grams';

export interface TextSpan {
  start: number;
  end: number;
}

/** How far around the (predicted) position to look before searching the whole text. */
const NEAR = 4_096;
/** A quote must match at least this well (1 - errors / length) to be drawn at all. */
const MIN_QUOTE_SIMILARITY = 0.75;
/** Context (prefix and suffix) must agree at least this well when the quote alone cannot decide. */
const MIN_CONTEXT = 0.5;
/** How far around the expected position an edited quote is looked for before the whole text. */
const APPROX_NEAR = 1_024;
/** ...and before that, this close to it (plus the errors the quote may have)... */
const APPROX_CLOSE = 64;
/** ...where only a quote this similar is taken at once. */
const NEAR_EXACT = 0.9;
/** Neither side of the context may disagree more than this, unless the quote stands alone. */
const MIN_SIDE = 0.35;
/** Context this good lets a candidate be taken without looking further. */
const STRONG_CONTEXT = 0.75;
/**
 * ...and for a passage that was repeated on the page when it was described (its context
 * was stored longer, see describePositions), the only kind taken at all: its twins share
 * some of that context, so agreeing with part of it proves nothing.
 */
const REPEATED_CONTEXT = 0.9;
/** Per call: the context needed to take a candidate at once (see above). */
let strongContext = STRONG_CONTEXT;
/** Quotes shorter than this occur by chance: they are accepted only where their context agrees. */
const SHORT_QUOTE = 32;

function commonSuffixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** 0..1: how well `wanted` matches `found`, tolerant of edits. */
function similarity(found: string, wanted: string): number {
  if (wanted.length === 0) return 1;
  if (found.length === 0) return 0;
  const errors = fewestErrors(found, wanted, wanted.length) ?? wanted.length;
  return 1 - errors / wanted.length;
}

/** 0..1 each: how well the text before and after `span` agrees with the stored prefix and suffix. */
function contextScores(text: string, span: TextSpan, quote: TextQuoteSelector): [number, number] {
  const side = (found: string, wanted: string, exactRun: number, atEdge: boolean) => {
    // No stored context means the quote stood at the very start (or end) of the text:
    // that agrees with a candidate there, and only half with one anywhere else.
    if (wanted.length === 0) return atEdge ? 1 : 0.5;
    // The exact run is cheap and usually decides; edit distance only when it does not.
    return exactRun === wanted.length ? 1 : Math.max(exactRun / wanted.length, similarity(found, wanted));
  };
  // The stored context is compared with its white space runs as one space (see collapsed),
  // so the page's is too: enough of the page's text that, collapsed, it is as long.
  const beforeOf = (n: number) => {
    for (let raw = n; ; raw *= 2) {
      const from = Math.max(0, span.start - raw);
      const got = collapsed(text.slice(from, span.start));
      if (got.length >= n || from === 0) return got.slice(Math.max(0, got.length - n));
    }
  };
  const afterOf = (n: number) => {
    for (let raw = n; ; raw *= 2) {
      const to = Math.min(text.length, span.end + raw);
      const got = collapsed(text.slice(span.end, to));
      if (got.length >= n || to === text.length) return got.slice(0, n);
    }
  };
  const before = quote.prefix.length === 0 ? '' : beforeOf(quote.prefix.length);
  const after = quote.suffix.length === 0 ? '' : afterOf(quote.suffix.length);
  return [
    side(before, quote.prefix, commonSuffixLength(before, quote.prefix), span.start === 0),
    side(after, quote.suffix, commonPrefixLength(after, quote.suffix), span.end === text.length),
  ];
}

interface Candidate extends TextSpan {
  quote: number;
  /** How well the stored prefix, the quote and the suffix agree, as one string (see combined). */
  combined: number;
  /** Mean of the prefix's and the suffix's agreement... */
  context: number;
  /** ...and the weaker of the two: a repeated passage shares one side, rarely both. */
  weakerSide: number;
  strongerSide: number;
  distance: number;
}

const rank = (c: Candidate) => 50 * c.quote + 20 * c.context - 2 * Math.min(1, c.distance / 100_000);

/** Where a candidate may start, for this call (see AnchorOptions.allowed). */
let allowed: ((start: number) => boolean) | undefined;
/** Whether the last anchor() found twins it could not choose between. */
let undecided = false;
/** Whether `allowed` is the stretch between the passage's neighbours. */
let between = false;
/** For this call: whether the caller wants the page let run (see anchorSteps). */
let due: (() => boolean) | undefined;
/** Whether the passage's position was stored: without it, distances say nothing. */
let hinted = false;

function bestOf(candidates: Iterable<Candidate>): Candidate | undefined {
  let top: Candidate | undefined;
  for (const c of candidates) if ((!allowed || allowed(c.start)) && (!top || rank(c) > rank(top))) top = c;
  return top;
}

/** How far from where its neighbours put it a passage is still "right there" (words edited between them). */
const CLOSE_BY = 256;
/** Context this much better (of 1) tells one occurrence from another. */
const MARGIN = 0.05;

/**
 * Whether another place fits `best` about as well, so that only a guess could choose:
 * the same words with context as good (both disagreeing a little: the words that told
 * this occurrence from the others are gone), and not clearly farther from where the
 * neighbours say the passage is. Then the highlight is reported missing rather than drawn on what
 * may be another occurrence (a reference repeated in a list, a sentence quoted twice).
 */
function ambiguous(best: Candidate, all: readonly Candidate[], length: number): boolean {
  const repeated = strongContext === REPEATED_CONTEXT;
  // A passage repeated when described, found away from where its neighbours put it: a
  // twin may be standing in for it, its own edited beyond recognition or removed. Only
  // between its neighbours, near where one of them says, is it taken (see anchoring).
  if (repeated && hinted && !between && best.distance > CLOSE_BY) {
    undecided = true;
    return true;
  }
  undecided = all.some(
    (c) =>
      Math.abs(c.start - best.start) >= length / 2 &&
      (!allowed || allowed(c.start)) &&
      // Context that agrees in full cannot tell twins apart any better: their positions
      // decide, if it is right where the neighbours say (else its own may be gone).
      (((best.context < 1 || (hinted && best.distance > CLOSE_BY)) &&
        c.quote >= best.quote - MARGIN &&
        c.context >= best.context - MARGIN &&
        c.distance <= 4 * best.distance) ||
        // The quote exactly, its context mostly there and no farther from where the
        // neighbours put it, against an edited quote in better context: a page that
        // repeats itself with small changes ("[Page 16]" and "[Page 17]" over the same
        // running header); the words tell as much as the context.
        (best.quote < 1 && c.quote === 1 && c.context >= MIN_CONTEXT && (!hinted || c.distance <= best.distance)) ||
        // An edited quote, and another place that fits quote and context together about
        // as well: rows of a list that differ by a word or two ("Click to share on
        // Telegram", "...on Google+"), where the words that told them apart were edited.
        (best.quote < 1 && c.combined > best.combined - COMBINED_MARGIN) ||
        // A passage repeated when described shares its whole context with its twins, so a
        // twin whose words and context are intact says less than a place right where the
        // neighbours put it, with both edited: the neighbours decide.
        (repeated &&
          hinted &&
          best.distance > CLOSE_BY &&
          4 * c.distance <= best.distance &&
          c.context >= MIN_CONTEXT &&
          c.weakerSide >= MIN_SIDE)),
  );
  return undecided;
}

/** White space runs as one space: imported annotations keep the page's raw tabs and newlines. */
const collapsed = (s: string) => s.replace(/\s+/g, ' ');

/** Candidates whose starts are this close (relative to the quote's length) are one place. */
function places(candidates: Candidate[], length: number): number {
  const starts = candidates
    .filter((c) => c.quote >= MIN_QUOTE_SIMILARITY)
    .map((c) => c.start)
    .sort((x, y) => x - y);
  let count = 0;
  let last = -Infinity;
  for (const start of starts) {
    if (start - last > length / 2) count++;
    last = start;
  }
  return count;
}

/**
 * Precision first: drawn on the wrong words is worse than reported missing. The best
 * candidate must match the quote well and agree with its context, unless the quote is
 * long, nearly exact, and found in one place only.
 */
function acceptable(best: Candidate | undefined, all: Candidate[], length: number): best is Candidate {
  if (!best || best.quote < MIN_QUOTE_SIMILARITY) return false;
  if (strongContext === REPEATED_CONTEXT) {
    // Between its neighbours (see anchoring): the one place there, if it fits.
    if (between) {
      if (
        places(
          all.filter((c) => allowed!(c.start)),
          length,
        ) !== 1
      )
        return false;
      // With one side of its context not its own, a twin between far-apart neighbours
      // looks the same: only right where the neighbour before it says is it this one.
      if (best.weakerSide < STRONG_CONTEXT && best.distance > APPROX_CLOSE) return false;
    } else if (places(all, length) < 2) {
      // Repeated when described, found once now: the other occurrence may be what is left.
      return best.context >= REPEATED_CONTEXT;
    } else if (best.weakerSide < STRONG_CONTEXT) {
      // Twins share one side of their context: with one side changed, the neighbours decide.
      undecided = true;
      return false;
    }
  }
  if (best.context >= MIN_CONTEXT && best.weakerSide >= MIN_SIDE) return true;
  // The quote exactly, right where the neighbours put it, one side of its context intact:
  // the other was edited (a word inserted in the running header after a page footer).
  if (hinted && best.quote === 1 && best.strongerSide === 1 && best.distance <= APPROX_CLOSE) return true;
  return length >= SHORT_QUOTE && best.quote >= 0.9 && places(all, length) === 1;
}

function candidate(
  text: string,
  span: TextSpan,
  quote: TextQuoteSelector,
  errors: number,
  expected: number,
): Candidate {
  const [prefix, suffix] = contextScores(text, span, quote);
  const length = quote.exact.length;
  return {
    ...span,
    quote: 1 - errors / length,
    combined:
      (length - errors + prefix * quote.prefix.length + suffix * quote.suffix.length) /
      (length + quote.prefix.length + quote.suffix.length),
    context: (prefix + suffix) / 2,
    weakerSide: Math.min(prefix, suffix),
    strongerSide: Math.max(prefix, suffix),
    distance: Math.abs(span.start - expected),
  };
}

/** Exact occurrences starting in [from, to]; the search never reads past the window. */
function exactMatches(
  text: string,
  quote: TextQuoteSelector,
  expected: number,
  from: number,
  to: number,
  limit: number,
) {
  const found: Candidate[] = [];
  const exact = quote.exact;
  const hay = from === 0 && to >= text.length ? text : text.slice(from, to + exact.length);
  for (const at of occurrences(hay, exact, limit)) {
    found.push(candidate(text, { start: from + at, end: from + at + exact.length }, quote, 0, expected));
  }
  return found;
}

/** How many times a window is searched again with the places already found cut out. */
const ROUNDS = 4;

/**
 * Approximate matches in text[from, to). The matcher reports only the lowest-cost matches
 * of a search, so a closer match elsewhere (an exact repeat of a refrain a few lines on,
 * say) would hide the edited original: the places in `known`, and those each round finds,
 * are cut out and the rest searched again, a few rounds at most.
 */
function* approximateMatches(
  text: string,
  quote: TextQuoteSelector,
  expected: number,
  from: number,
  to: number,
  known: readonly TextSpan[] = [],
  minSimilarity = MIN_QUOTE_SIMILARITY,
): Generator<void, Candidate[]> {
  const length = quote.exact.length;
  const maxErrors = Math.floor(length * (1 - minSimilarity));
  if (maxErrors === 0 || to <= from) return [];
  const found: Candidate[] = [];
  const cuts = known.filter((k) => k.end > from && k.start < to);
  for (let round = 0; round < ROUNDS; round++) {
    const before = found.length;
    cuts.sort((x, y) => x.start - y.start);
    let start = from;
    for (const cut of [...cuts, { start: to, end: to }]) {
      if (cut.start - start >= length - maxErrors) {
        for (const m of yield* searching(text, quote.exact, maxErrors, start, cut.start, due)) {
          found.push(candidate(text, { start: m.start, end: m.end }, quote, m.errors, expected));
        }
      }
      start = Math.max(start, cut.end);
    }
    const fresh = found.slice(before);
    // Another round only while nothing found so far agrees with the context.
    if (fresh.length === 0 || fresh.some((c) => c.context >= STRONG_CONTEXT)) break;
    cuts.push(...fresh);
  }
  return found;
}

/** Pieces the quote is cut into for the whole-text search (see approximateEverywhere). */
const PIECES = 8;
/** A piece found more often than this is too common to locate anything. */
const DISTINCTIVE = 16;

/**
 * Approximate matches anywhere in the text, filtered before they are verified: a match
 * with fewer than PIECES errors contains at least one of the quote's PIECES pieces
 * exactly, so only the windows around those pieces' occurrences are searched. A quote too
 * short for distinctive pieces is searched in full, except one shorter than SHORT_QUOTE:
 * that one is accepted only where its context agrees, so it is located by pieces of
 * itself with its context (searched in full only when even that is too short).
 */
function* approximateEverywhere(
  text: string,
  quote: TextQuoteSelector,
  expected: number,
  known: readonly TextSpan[],
): Generator<void, Candidate[]> {
  const exact = quote.exact;
  let pattern = exact;
  let offset = 0; // where the quote starts in the pattern
  if (Math.floor(exact.length / PIECES) < 8) {
    // A quote of SHORT_QUOTE or more may be taken on itself alone (see acceptable), whatever
    // its context became: only a search of the whole text is sure to find it.
    if (exact.length >= SHORT_QUOTE) return yield* approximateMatches(text, quote, expected, 0, text.length, known);
    pattern = quote.prefix + exact + quote.suffix;
    offset = quote.prefix.length;
    if (Math.floor(pattern.length / PIECES) < 8)
      return yield* approximateMatches(text, quote, expected, 0, text.length, known);
  }
  const pieceLength = Math.floor(pattern.length / PIECES);
  // Each hit of a piece votes for where the quote would start; a place two pieces agree
  // on is worth verifying (a match with fewer errors than pieces leaves several intact).
  yield* preparingGrams(text, due);
  const votes: { start: number; piece: number }[] = [];
  for (let p = 0; p < PIECES; p++) {
    // Each piece is a scan of the whole text.
    if (p > 0 && due?.()) yield;
    const piece = pattern.slice(p * pieceLength, (p + 1) * pieceLength);
    // A piece found all over the text ("of the whale") says nothing about where the quote went.
    const hits = occurrences(text, piece, DISTINCTIVE + 1);
    if (hits.length > DISTINCTIVE) continue;
    for (const at of hits) votes.push({ start: at - p * pieceLength + offset, piece: p });
  }
  votes.sort((x, y) => x.start - y.start);
  const slack = Math.floor(pattern.length * (1 - MIN_QUOTE_SIMILARITY));
  const windows: [number, number][] = [];
  for (let i = 0; i < votes.length; i++) {
    const pieces = new Set<number>();
    for (let j = i; j < votes.length && votes[j]!.start - votes[i]!.start <= slack; j++) pieces.add(votes[j]!.piece);
    if (pieces.size < 2) continue;
    const start = votes[i]!.start;
    windows.push([Math.max(0, start - slack), Math.min(text.length, start + exact.length + 2 * slack)]);
  }
  windows.sort((x, y) => x[0] - y[0]);
  const found: Candidate[] = [];
  let current: [number, number] | undefined;
  for (const w of windows) {
    if (current && w[0] <= current[1]) {
      current[1] = Math.max(current[1], w[1]);
      continue;
    }
    if (current) found.push(...(yield* approximateMatches(text, quote, expected, current[0], current[1], known)));
    current = [w[0], w[1]];
  }
  if (current) found.push(...(yield* approximateMatches(text, quote, expected, current[0], current[1], known)));
  return found;
}

/** The stored context, quote and all, must agree at least this well to place a heavily edited quote. */
const MIN_COMBINED = 0.6;
/** ...the quote itself at least this well (more of it edited, and it is mostly gone)... */
const MIN_EDITED_QUOTE = 0.55;
/** ...and the next best place in the window fit this much (of 1) worse. */
const COMBINED_MARGIN = 0.1;

/**
 * A quote edited too much to be found on its own (a third of its words changed, a long
 * word inserted into a short one), found with its context: prefix, quote and suffix are
 * searched for as one string around where the neighbours say the passage is. Sixty-four
 * characters of context that still agree, with the quote between them, do not occur by
 * chance (on the benchmark's pages, 99 in 100 such strings agree at most 0.51 with the
 * unrelated text 5,000 characters on), but they do where a page repeats itself with small
 * changes (running page headers, rows of a table, a list of share buttons): so the best
 * place must fit clearly better than any other in the window, and the quote found there
 * must have kept most of its words (see mostlyItsOwn).
 */
function inContext(text: string, quote: TextQuoteSelector, expected: number): Candidate | undefined {
  const length = quote.exact.length;
  const pattern = quote.prefix + quote.exact + quote.suffix;
  if (pattern.length === length) return undefined;
  const from = Math.max(0, expected - quote.prefix.length - APPROX_NEAR);
  const to = Math.min(text.length, expected + length + quote.suffix.length + APPROX_NEAR);
  const window = text.slice(from, to);
  const matches = search(window, pattern, Math.floor(pattern.length * (1 - MIN_COMBINED)));
  const first = matches[0];
  if (!first) return undefined;
  // Equally good places apart from each other: twins, nothing to choose by.
  if (matches.some((m) => Math.abs(m.start - first.start) >= length / 2)) return undefined;
  const rival = Math.floor(first.errors + pattern.length * COMBINED_MARGIN);
  for (const [a, b] of [
    [0, first.start],
    [first.end, window.length],
  ] as const) {
    if (b - a >= pattern.length - rival && search(window.slice(a, b), pattern, rival).length > 0) return undefined;
  }
  // The quote within the place found: its best alignment, nearest where the prefix ends.
  const start = from + first.start;
  const place = text.slice(start, from + first.end);
  const inside = search(place, quote.exact, Math.floor(length * (1 - MIN_EDITED_QUOTE)));
  let best: (typeof inside)[number] | undefined;
  const wantedAt = quote.prefix.length;
  for (const m of inside) if (!best || Math.abs(m.start - wantedAt) < Math.abs(best.start - wantedAt)) best = m;
  if (!best) return undefined;
  const span = trimmed(text, { start: start + best.start, end: start + best.end }, quote);
  return mostlyItsOwn(quote.exact, text.slice(span.start, span.end))
    ? candidate(text, span, quote, best.errors, expected)
    : undefined;
}

/**
 * `span` without whole words at its ends that are its context's, not the quote's: an
 * alignment of an edited quote may take in a word of its prefix ("Security>>" before
 * "© 2015, ... Inc."), and the reader should not see the passage grow.
 */
function trimmed(text: string, span: TextSpan, quote: TextQuoteSelector): TextSpan {
  const words = (s: string) => new Set(s.split(/\s+/));
  const own = words(quote.exact);
  const before = words(quote.prefix);
  const after = words(quote.suffix);
  let { start, end } = span;
  for (;;) {
    const word = /^\S+\s+/.exec(text.slice(start, end));
    const w = word?.[0].trim();
    if (!word || !w || own.has(w) || !before.has(w)) break;
    start += word[0].length;
  }
  for (;;) {
    const word = /\s+\S+$/.exec(text.slice(start, end));
    const w = word?.[0].trim();
    if (!word || !w || own.has(w) || !after.has(w)) break;
    end -= word[0].length;
  }
  return { start, end };
}

/**
 * Whether at least half of the quote's words (by their letters) are still found, in order,
 * in `drawn`, and they make at least half of it: what a reader would call the same passage
 * edited rather than other words in its place. Edit distance alone counts the letters a
 * substituted word shares with the old one by chance ("coronation; great philosophical
 * colour his large Being" is 0.58 similar to "coronation; since he might now consider his
 * father dead"), or a line that only begins like it (".../documents/" for a deleted
 * ".../documents/draft.txt", 0.84).
 */
function mostlyItsOwn(quote: string, drawn: string): boolean {
  const a = quote.split(/\s+/).filter(Boolean);
  const b = drawn.split(/\s+/).filter(Boolean);
  // Longest common subsequence of words, weighted by their length (and a space each).
  let row = new Array<number>(b.length + 1).fill(0);
  for (const word of a) {
    const next = new Array<number>(b.length + 1).fill(0);
    for (let j = 0; j < b.length; j++) {
      next[j + 1] = Math.max(row[j + 1]!, next[j]!, word === b[j] ? row[j]! + word.length + 1 : 0);
    }
    row = next;
  }
  const kept = row[b.length]!;
  const letters = (words: string[]) => words.reduce((sum, w) => sum + w.length + 1, 0);
  return kept >= 0.5 * letters(a) && kept >= 0.5 * letters(b);
}

export interface AnchorOptions {
  /** Where the passage may start (not where a neighbour fits better; between its neighbours). */
  allowed?: (start: number) => boolean;
  /** `allowed` is the stretch between the passage's neighbours. */
  between?: boolean;
  /**
   * How far the text before this quote is expected to have moved since it was described,
   * learnt from its neighbours (see anchorAll): edits early in a page shift every later
   * position by about the same amount.
   */
  shift?: number;
}

/**
 * Finds where `selectors` point in `text`, or undefined rather than a doubtful match:
 * 1. the stored position (or where the neighbours' shift predicts it), if the quote is there;
 * 2. exact occurrences of the quote near there, then anywhere, chosen by context and distance;
 * 3. approximate occurrences (Myers' bit-parallel matcher), near there, then anywhere
 *    (anywhere only when nothing fits right where the neighbours put it);
 * 4. the quote with its context, as one string, near there (inContext).
 */
export function anchor(
  selectors: readonly Selector[],
  text: string,
  options: AnchorOptions = {},
): TextSpan | undefined {
  return anchorSteps(selectors, text, options).next().value as TextSpan | undefined;
}

/**
 * anchor(), pausing (yielding) inside its long searches whenever `pauseWhen()` says so, so
 * that a whole-page search is not one long task; without it, it never pauses.
 */
function* anchorSteps(
  selectors: readonly Selector[],
  text: string,
  options: AnchorOptions,
  pauseWhen?: () => boolean,
): Generator<void, TextSpan | undefined> {
  const stored = selectorOf(selectors, 'TextQuoteSelector');
  const hint = selectorOf(selectors, 'TextPositionSelector');
  if (!stored || stored.exact.length === 0) return undefined;
  const quote = { ...stored, prefix: collapsed(stored.prefix), suffix: collapsed(stored.suffix) };
  allowed = options.allowed;
  between = !!options.between;
  hinted = !!hint;
  undecided = false;
  strongContext =
    stored.prefix.length > CONTEXT_LENGTH || stored.suffix.length > CONTEXT_LENGTH ? REPEATED_CONTEXT : STRONG_CONTEXT;
  due = pauseWhen;
  try {
    const steps = anchorQuote(quote, hint, text, options.shift ?? 0);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value && snapped(text, step.value, quote);
      // Another anchor() may run while this one is paused: this call's state is put back.
      const state: [typeof allowed, boolean, boolean, boolean, number, typeof due] = [
        allowed,
        between,
        undecided,
        hinted,
        strongContext,
        due,
      ];
      yield;
      [allowed, between, undecided, hinted, strongContext, due] = state;
    }
  } finally {
    allowed = undefined;
    due = undefined;
  }
}

/** How many characters of the stored context, right beside the quote, pin down where it starts or ends. */
const EDGE = 16;

/**
 * An edited quote's alignment can begin or end inside a neighbouring word ("aving the Stubb
 * to stop" for "down the ship to stop" after "heaving ") or leave out the quote's first
 * words when a long word was inserted among them: where the prefix still ends (or the suffix
 * still begins) exactly, close to the found edge, the passage starts (or ends) there.
 */
function snapped(text: string, span: TextSpan, quote: TextQuoteSelector): TextSpan {
  if (text.slice(span.start, span.end) === quote.exact) return span;
  const reach = Math.min(APPROX_CLOSE, Math.floor(quote.exact.length / 2));
  const pattern = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'), 'g');
  const nearest = (piece: string, around: number, atEnd: boolean): number | undefined => {
    if (!/\w/.test(piece)) return undefined;
    const from = Math.max(0, around - reach - 2 * piece.length);
    const re = pattern(piece);
    const window = text.slice(from, Math.min(text.length, around + reach + 2 * piece.length));
    let best: number | undefined;
    for (let m = re.exec(window); m; m = re.exec(window)) {
      const at = from + (atEnd ? m.index + m[0].length : m.index);
      if (Math.abs(at - around) <= reach && (best === undefined || Math.abs(at - around) < Math.abs(best - around)))
        best = at;
      re.lastIndex = m.index + 1;
    }
    return best;
  };
  const start = nearest(quote.prefix.slice(-EDGE), span.start, true) ?? span.start;
  const end = nearest(quote.suffix.slice(0, EDGE), span.end, false) ?? span.end;
  return start < end ? { start, end } : span;
}

function* anchorQuote(
  quote: TextQuoteSelector,
  hint: { start: number } | undefined,
  text: string,
  shift: number,
): Generator<void, TextSpan | undefined> {
  const exact = quote.exact;
  const length = exact.length;
  const expected = Math.min(Math.max(0, (hint?.start ?? 0) + shift), text.length);
  // Without stored context there is nothing to disagree with: position alone decides.
  const found = (c: Candidate, pool: readonly Candidate[] = []) =>
    (quote.prefix || quote.suffix) && ambiguous(c, pool, length) ? undefined : { start: c.start, end: c.end };
  // An exact match whose context still agrees is taken at once; anything less is weighed
  // against every other candidate, approximate ones included, before it is trusted.
  const strong = (c: Candidate | undefined): boolean =>
    !!c &&
    c.quote === 1 &&
    c.context >= STRONG_CONTEXT &&
    (strongContext === STRONG_CONTEXT || c.weakerSide >= STRONG_CONTEXT);

  if (hint) {
    for (const at of hint.start === expected ? [expected] : [hint.start, expected]) {
      if (!text.startsWith(exact, at) || (allowed && !allowed(at))) continue;
      const c = candidate(text, { start: at, end: at + length }, quote, 0, expected);
      if (strong(c)) return found(c);
      // Still exactly where it was described, with one side of its context intact: the
      // other side was edited (a line inserted after it, say).
      if (at === hint.start && at === expected && c.strongerSide === 1) return found(c);
    }
  }
  const from = Math.max(0, expected - NEAR);
  const to = Math.min(text.length, expected + NEAR);
  const nearby = exactMatches(text, quote, expected, from, to, 64);
  const near = bestOf(nearby);
  // A twin of a repeated passage, away from where the neighbours put it, may be standing
  // in for this one edited right there: that is looked for first (see ambiguous).
  const twin = (c: Candidate) => strongContext === REPEATED_CONTEXT && !!hint && c.distance > CLOSE_BY;
  if (near && strong(near) && !twin(near)) return found(near, nearby);

  const nearbyEdited: Candidate[] = [];
  if (hint) {
    // Edited in place: the usual case on a changed page, and cheaper to settle here than
    // by searching the whole text for an exact quote that is no longer there. First just
    // around where the neighbours' shift says it is (nearly always right), then wider.
    const close = APPROX_CLOSE + Math.floor(length * (1 - MIN_QUOTE_SIMILARITY));
    const windows = [
      [expected - close, expected + length + close],
      [expected - APPROX_NEAR - length, expected + APPROX_NEAR + length],
    ] as const;
    for (const [i, [from, to]] of windows.entries()) {
      const window = yield* approximateMatches(
        text,
        quote,
        expected,
        Math.max(0, from),
        Math.min(text.length, to),
        nearby,
      );
      const best = bestOf(window);
      // Close by, only a nearly exact quote settles it; a poorer one is weighed against the wider window's.
      const enough = i === 0 ? NEAR_EXACT : MIN_QUOTE_SIMILARITY;
      if (best && best.context >= STRONG_CONTEXT && best.quote >= enough) return found(best, [...nearby, ...window]);
      if (i === windows.length - 1) nearbyEdited.push(...window);
    }
  }

  const all = exactMatches(text, quote, expected, 0, text.length, 1_000);
  const exactBest = bestOf(all);
  if (exactBest && strong(exactBest)) return found(exactBest, twin(exactBest) ? [...all, ...nearbyEdited] : all);
  const exacts = [...all];
  // The quote is nowhere exactly, and was edited where it was expected: settled, unless
  // it is too doubtful there, when it may have moved and been edited too.
  all.push(...nearbyEdited);
  const settled = bestOf(all);
  if (exacts.length === 0 && acceptable(settled, all, length)) return found(settled, all);
  // Heavily edited where it was (a third of its words changed, say): found with its
  // context near where the neighbours say it is, and taken only if no other candidate
  // fits the stored context about as well.
  const takes = (c: Candidate | undefined): c is Candidate =>
    !!c &&
    (!allowed || allowed(c.start)) &&
    !all.some((o) => Math.abs(o.start - c.start) >= length / 2 && o.combined > c.combined - COMBINED_MARGIN);
  const local = !!hint && strongContext === STRONG_CONTEXT;
  let edited: Candidate | undefined;
  if (local && !undecided) {
    // Right where the neighbours put it, and agreeing with its context: the passage,
    // edited in place. The whole text is searched (10 ms and more on a book) only for a
    // passage that moved, not to doubt one that is where it should be.
    if (settled?.quote === 1 && settled.distance <= CLOSE_BY && acceptable(settled, all, length))
      return found(settled, all);
    edited = settled ? undefined : inContext(text, quote, expected);
    if (edited && edited.distance <= CLOSE_BY && takes(edited)) return { start: edited.start, end: edited.end };
  }
  all.push(...(yield* approximateEverywhere(text, quote, expected, exacts)));
  const best = bestOf(all);
  if (acceptable(best, all, length)) return found(best, all);
  if (!local || undecided) return undefined;
  edited ??= inContext(text, quote, expected);
  return takes(edited) ? { start: edited.start, end: edited.end } : undefined;
}

/** How well the context around `span` agrees with the stored one (0..2), to settle a contested place. */
function contextFit(selectors: readonly Selector[], text: string, span: TextSpan): number {
  const q = selectorOf(selectors, 'TextQuoteSelector')!;
  const [prefix, suffix] = contextScores(text, span, {
    ...q,
    prefix: collapsed(q.prefix),
    suffix: collapsed(q.suffix),
  });
  return prefix + suffix;
}

export interface AnchorAllOptions {
  /** Text position the reader is looking at: highlights from there on are anchored first, then those before. */
  near?: number;
  /** Asked between highlights: true when the caller wants the work paused (see anchorRanges). */
  due?: () => boolean;
  /** Told each result as soon as it is known, and again if a neighbour later takes its place. */
  found?: (i: number, span: TextSpan | undefined) => void;
}

/**
 * Anchors many annotations against one text, in position order, carrying the shift each
 * found one reveals to the next: on an edited page most quotes are then found at once.
 * Two highlights described at different places never share one: the one whose context
 * fits better keeps it, the other looks elsewhere or is reported missing. A generator, so
 * that the caller can let the page run between highlights.
 */
export function* anchoring(
  list: readonly (readonly Selector[])[],
  text: string,
  { near, due, found }: AnchorAllOptions = {},
): Generator<void, (TextSpan | undefined)[]> {
  const start = (i: number) => selectorOf(list[i]!, 'TextPositionSelector')?.start;
  const order = list.map((_, i) => i).sort((a, b) => (start(a) ?? 0) - (start(b) ?? 0));
  let first = 0;
  if (near !== undefined) while (first < order.length && (start(order[first]!) ?? 0) < near) first++;
  const results: (TextSpan | undefined)[] = new Array(list.length);
  /** Which highlight holds each start. */
  const claims = new Map<number, number>();
  const settle = (i: number, span: TextSpan | undefined) => {
    results[i] = span;
    if (span) claims.set(span.start, i);
    found?.(i, span);
  };
  let shift = 0;
  let firstShift: number | undefined;
  /** Found twins it could not choose between: tried again between its neighbours. */
  const undecidedOnes: number[] = [];
  const visit = function* (i: number): Generator<void, void> {
    const span = yield* anchorSteps(list[i]!, text, { shift }, due);
    if (undecided) undecidedOnes.push(i);
    const hinted = start(i);
    if (span && hinted !== undefined) {
      shift = span.start - hinted;
      firstShift ??= shift;
    }
    const holder = span && claims.get(span.start);
    const length = selectorOf(list[i]!, 'TextQuoteSelector')?.exact.length ?? 0;
    if (span && holder !== undefined && Math.abs((start(holder) ?? 0) - (hinted ?? 0)) >= length) {
      // Described at two places, found at one: it is the one whose context fits better.
      const [keeps, moves] =
        contextFit(list[i]!, text, span) > contextFit(list[holder]!, text, span) ? [i, holder] : [holder, i];
      settle(keeps, span);
      const elsewhere = yield* anchorSteps(list[moves]!, text, { shift, allowed: (at) => !claims.has(at) }, due);
      settle(moves, elsewhere && !claims.has(elsewhere.start) ? elsewhere : undefined);
    } else {
      settle(i, span);
    }
  };
  for (let k = first; k < order.length; k++) {
    yield* visit(order[k]!);
    if (due?.()) yield;
  }
  shift = firstShift ?? 0;
  for (let k = first - 1; k >= 0; k--) {
    yield* visit(order[k]!);
    if (due?.()) yield;
  }
  // Structure: a passage lies between the passages described before and after it. Where
  // its neighbours were found, only the twins between them are in question; and a passage
  // that was repeated when described is not taken from outside them (its own occurrence
  // was removed, and a twin elsewhere looks just the same).
  const undecidedSet = new Set(undecidedOnes);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    let before = k - 1;
    while (before >= 0 && !results[order[before]!]) before--;
    let after = k + 1;
    while (after < order.length && !results[order[after]!]) after++;
    const from = before >= 0 ? results[order[before]!]!.start : 0;
    const to = after < order.length ? results[order[after]!]!.start : text.length;
    const own = results[i];
    const quote = selectorOf(list[i]!, 'TextQuoteSelector');
    const repeated = quote && Math.max(quote.prefix.length, quote.suffix.length) > CONTEXT_LENGTH;
    if (!undecidedSet.has(i) && !(own && repeated && (own.start < from || own.start > to))) continue;
    // Where the neighbours found say it is (the shift left over from the passes above is
    // some other passage's): either may be off by a paragraph inserted or removed between.
    const shiftOf = (k: number) => {
      const at = k >= 0 && k < order.length ? start(order[k]!) : undefined;
      return at === undefined ? undefined : results[order[k]!]!.start - at;
    };
    const shifts = [shiftOf(before), shiftOf(after)].filter((s) => s !== undefined);
    const span = yield* anchorSteps(
      list[i]!,
      text,
      {
        shift: shifts[0] ?? shift,
        allowed: (at) => at >= from && at <= to && (!claims.has(at) || claims.get(at) === i),
        between: true,
      },
      due,
    );
    const hinted = start(i);
    // A repeated passage is taken only near where a neighbour puts it: its twins lie between them too.
    const placed =
      !repeated ||
      hinted === undefined ||
      shifts.length === 0 ||
      shifts.some((s) => span && Math.abs(span.start - (hinted + s)) <= CLOSE_BY);
    if (span && !undecided && placed) settle(i, span);
    else if (own) settle(i, undefined);
    if (due?.()) yield;
  }
  forgetGrams();
  return results;
}

/** anchoring(), all at once. */
export function anchorAll(list: readonly (readonly Selector[])[], text: string): (TextSpan | undefined)[] {
  const steps = anchoring(list, text);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
