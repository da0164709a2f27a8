import search from 'approx-string-match';
import type { Selector, TextPositionSelector, TextQuoteSelector } from './selectors';

export interface TextSpan {
  start: number;
  end: number;
}

/** How far around the position hint to look before searching the whole text. */
const NEAR = 8_192;
/** Quotes must match at least this well (1 - errors / length) to be drawn at all. */
const MIN_QUOTE_SIMILARITY = 0.75;

function commonSuffixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** 0..1: how well `wanted` matches `found`, tolerant of edits (approximate match). */
function similarity(found: string, wanted: string): number {
  if (wanted.length === 0) return 1;
  if (found.length === 0) return 0;
  const matches = search(found, wanted, wanted.length);
  const errors = matches.length ? Math.min(...matches.map((m) => m.errors)) : wanted.length;
  return 1 - errors / wanted.length;
}

interface Scored extends TextSpan {
  score: number;
}

function scoreContext(text: string, span: TextSpan, quote: TextQuoteSelector): number {
  const before = text.slice(Math.max(0, span.start - quote.prefix.length), span.start);
  const after = text.slice(span.end, span.end + quote.suffix.length);
  // Exact runs first (cheap, and what decides between repeated exact quotes), then
  // approximate similarity so an edited neighbourhood still counts for something.
  const prefixExact = quote.prefix.length ? commonSuffixLength(before, quote.prefix) / quote.prefix.length : 1;
  const suffixExact = quote.suffix.length ? commonPrefixLength(after, quote.suffix) / quote.suffix.length : 1;
  const prefix = prefixExact === 1 ? 1 : Math.max(prefixExact, similarity(before, quote.prefix));
  const suffix = suffixExact === 1 ? 1 : Math.max(suffixExact, similarity(after, quote.suffix));
  return (prefix + suffix) / 2;
}

function scorePosition(span: TextSpan, hint: TextPositionSelector | undefined, textLength: number): number {
  if (!hint) return 0.5;
  return 1 - Math.min(1, Math.abs(span.start - hint.start) / Math.max(1, textLength));
}

function best(candidates: Scored[]): Scored | undefined {
  let top: Scored | undefined;
  for (const c of candidates) if (!top || c.score > top.score) top = c;
  return top;
}

function exactCandidates(text: string, quote: TextQuoteSelector, hint?: TextPositionSelector): Scored[] {
  const found: Scored[] = [];
  for (let at = text.indexOf(quote.exact); at !== -1 && found.length < 10_000; at = text.indexOf(quote.exact, at + 1)) {
    const span = { start: at, end: at + quote.exact.length };
    found.push({ ...span, score: 50 + 20 * scoreContext(text, span, quote) + 2 * scorePosition(span, hint, text.length) });
  }
  return found;
}

/** Approximate matches of the quote within text[from, to), scored against the whole text. */
function approximateCandidates(
  text: string,
  from: number,
  to: number,
  quote: TextQuoteSelector,
  hint: TextPositionSelector | undefined,
): Scored[] {
  const exact = quote.exact;
  const maxErrors = Math.floor(exact.length * (1 - MIN_QUOTE_SIMILARITY));
  if (maxErrors === 0) return [];
  const found: Scored[] = [];
  for (const m of search(text.slice(from, to), exact, maxErrors)) {
    const span = { start: m.start + from, end: m.end + from };
    const quoteSimilarity = 1 - m.errors / exact.length;
    const context = scoreContext(text, span, quote);
    // Short quotes match by chance: insist that their context agrees too.
    if (exact.length < 32 && context < 0.5) continue;
    found.push({ ...span, score: 50 * quoteSimilarity + 20 * context + 2 * scorePosition(span, hint, text.length) });
  }
  return found;
}

/**
 * Finds where `selectors` point in `text`: the position hint if the quote is still there,
 * else the best exact occurrence of the quote, else the best approximate one, near the
 * hint first and then anywhere. Returns undefined rather than a doubtful match.
 */
export function anchor(selectors: readonly Selector[], text: string): TextSpan | undefined {
  const quote = selectors.find((s): s is TextQuoteSelector => s.type === 'TextQuoteSelector');
  const hint = selectors.find((s): s is TextPositionSelector => s.type === 'TextPositionSelector');
  if (!quote || quote.exact.length === 0) return undefined;
  if (hint && text.slice(hint.start, hint.end) === quote.exact) return { start: hint.start, end: hint.end };

  const exact = best(exactCandidates(text, quote, hint));
  if (exact) return { start: exact.start, end: exact.end };

  if (hint) {
    const from = Math.max(0, hint.start - NEAR - quote.exact.length);
    const to = Math.min(text.length, hint.end + NEAR + quote.exact.length);
    const near = best(approximateCandidates(text, from, to, quote, hint));
    if (near) return { start: near.start, end: near.end };
    if (from === 0 && to === text.length) return undefined;
  }
  const anywhere = best(approximateCandidates(text, 0, text.length, quote, hint));
  return anywhere ? { start: anywhere.start, end: anywhere.end } : undefined;
}
