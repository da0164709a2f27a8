/**
 * Hypothesis's anchoring approach, reimplemented from its published design (client
 * `src/annotator/anchoring`: html.ts, types.ts, text-range.ts, match-quote.ts) for the
 * benchmark only. Per annotation: try the TextPositionSelector by walking the text nodes
 * and comparing the quote; else take `root.textContent`, find exact matches of the quote
 * or else approximate ones (approx-string-match, at most min(256, length / 2) errors),
 * score each on quote 50, prefix 20, suffix 20, position 2, take the best, and walk the
 * text nodes again to build the Range.
 */
import approxSearch from 'approx-string-match';
import type { Selector, TextPositionSelector, TextQuoteSelector } from '../../src/anchoring/selectors';

interface Match {
  start: number;
  end: number;
  errors: number;
}

function search(text: string, str: string, maxErrors: number): Match[] {
  const exact: Match[] = [];
  for (let at = text.indexOf(str); at !== -1; at = text.indexOf(str, at + 1)) {
    exact.push({ start: at, end: at + str.length, errors: 0 });
  }
  return exact.length > 0 ? exact : approxSearch(text, str, maxErrors);
}

function textMatchScore(text: string, str: string): number {
  if (str.length === 0 || text.length === 0) return 0;
  const matches = search(text, str, str.length);
  return 1 - Math.min(...matches.map((m) => m.errors)) / str.length;
}

function matchQuote(text: string, quote: string, context: { prefix: string; suffix: string; hint?: number }) {
  if (quote.length === 0) return null;
  const maxErrors = Math.min(256, quote.length / 2);
  const matches = search(text, quote, maxErrors);
  if (matches.length === 0) return null;
  const score = (m: Match) => {
    const quoteScore = 1 - m.errors / quote.length;
    const prefixScore = context.prefix
      ? textMatchScore(text.slice(Math.max(0, m.start - context.prefix.length), m.start), context.prefix)
      : 1;
    const suffixScore = context.suffix
      ? textMatchScore(text.slice(m.end, m.end + context.suffix.length), context.suffix)
      : 1;
    const posScore = context.hint === undefined ? 1 : 1 - Math.abs(m.start - context.hint) / text.length;
    return (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore) / 92;
  };
  return matches.map((m) => ({ start: m.start, end: m.end, score: score(m) })).sort((a, b) => b.score - a.score)[0]!;
}

/** TextRange.fromOffsets: one walk over the text nodes per conversion, as in the client. */
function rangeFromOffsets(root: Element, start: number, end: number): Range {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = root.ownerDocument.createRange();
  let offset = 0;
  let startSet = false;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const length = node.data.length;
    if (!startSet && start <= offset + length) {
      range.setStart(node, start - offset);
      startSet = true;
    }
    if (startSet && end <= offset + length) {
      range.setEnd(node, end - offset);
      return range;
    }
    offset += length;
  }
  throw new Error('offset out of range');
}

export function anchorHypothesis(
  root: Element,
  selectors: readonly Selector[],
): { start: number; end: number; range: Range } | undefined {
  const quote = selectors.find((s): s is TextQuoteSelector => s.type === 'TextQuoteSelector');
  const position = selectors.find((s): s is TextPositionSelector => s.type === 'TextPositionSelector');
  if (!quote) return undefined;
  if (position) {
    try {
      const range = rangeFromOffsets(root, position.start, position.end);
      if (range.toString() === quote.exact) return { start: position.start, end: position.end, range };
    } catch {
      // fall through to the quote
    }
  }
  const text = root.textContent ?? '';
  const match = matchQuote(text, quote.exact, { prefix: quote.prefix, suffix: quote.suffix, hint: position?.start });
  if (!match) return undefined;
  return { start: match.start, end: match.end, range: rangeFromOffsets(root, match.start, match.end) };
}
