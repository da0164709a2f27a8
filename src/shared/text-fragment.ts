import { CONTEXT_LENGTH } from '../anchoring/describe';
import type { TextQuoteSelector } from './types';

/**
 * Links that open a page scrolled to a stored passage, with the passage highlighted: a text
 * fragment, `#:~:text=[prefix-,]textStart[,textEnd][,-suffix]`
 * (https://wicg.github.io/scroll-to-text-fragment/). Browsers without them just open the page.
 *
 * The rules of the spec that shape what is written here:
 * - each of prefix, textStart, textEnd and suffix must lie within one block of the page, so a
 *   quote across paragraphs is linked by its first words and its last, and the context is
 *   cut at the nearest line break of the stored text (which marks a block boundary);
 * - the match starts and ends on word boundaries, and so must a prefix's start and a suffix's
 *   end: context is taken in whole words, and left out when a whole word cannot be had;
 * - '-', ',' and '&' are syntax in the directive and must be percent-encoded.
 */

/** A quote of one block up to this many characters is linked in full. */
const MAX_EXACT = 80;
/** A long quote is linked by this much of its start and of its end. */
const EDGE_WORDS = 4;
const EDGE_CHARS = 40;
/** Context: a few words, enough to tell one occurrence of a common phrase from another. */
const CONTEXT_WORDS = 3;
const CONTEXT_CHARS = 40;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Collapses the whitespace browsers collapse when they search the page's text. */
const collapse = (text: string) => text.replace(/[ \t\n\r\f]+/g, ' ').trim();
const length = (text: string) => [...text].length;

/** Percent-encoding for one directive term: encodeURIComponent leaves '-' and a few more. */
function encodeTerm(term: string): string {
  return encodeURIComponent(term.replace(LONE_SURROGATE, '\uFFFD')).replace(
    /[-!'()*~]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The first words of a block, or its first characters when its first word is that long. */
function leading(block: string): string {
  const words = block.split(' ');
  let taken = words[0]!;
  if (length(taken) > EDGE_CHARS) return [...taken].slice(0, EDGE_CHARS).join('');
  for (let i = 1; i < Math.min(words.length, EDGE_WORDS); i++) {
    const longer = `${taken} ${words[i]}`;
    if (length(longer) > EDGE_CHARS) break;
    taken = longer;
  }
  return taken;
}

/** The last words of a block, or its last characters when its last word is that long. */
function trailing(block: string): string {
  const words = block.split(' ');
  let taken = words[words.length - 1]!;
  if (length(taken) > EDGE_CHARS) return [...taken].slice(-EDGE_CHARS).join('');
  for (let i = words.length - 2; i >= Math.max(0, words.length - EDGE_WORDS); i--) {
    const longer = `${words[i]} ${taken}`;
    if (length(longer) > EDGE_CHARS) break;
    taken = longer;
  }
  return taken;
}

/** Up to CONTEXT_WORDS whole words, taken from the end (`fromEnd`) or the start of `words`. */
function someWords(words: string[], fromEnd: boolean): string {
  const ordered = fromEnd ? [...words].reverse() : words;
  const taken: string[] = [];
  for (const word of ordered.slice(0, CONTEXT_WORDS)) {
    if (length([...taken, word].join(' ')) > CONTEXT_CHARS) break;
    taken.push(word);
  }
  return (fromEnd ? taken.reverse() : taken).join(' ');
}

/**
 * The words just before the quote in its block. The stored prefix is the CONTEXT_LENGTH
 * characters before the quote, so unless it reaches a line break or the start of the page its
 * first word may be cut, and is left out.
 */
function prefixWords(prefix: string): string {
  const lineBreak = prefix.lastIndexOf('\n');
  const sameBlock = prefix.slice(lineBreak + 1);
  const whole = lineBreak >= 0 || prefix.length < CONTEXT_LENGTH || /^\s/.test(sameBlock);
  const words = collapse(sameBlock).split(' ').filter(Boolean);
  return someWords(whole ? words : words.slice(1), true);
}

/** The words just after the quote in its block; the last one is left out if it may be cut. */
function suffixWords(suffix: string): string {
  const lineBreak = suffix.indexOf('\n');
  const sameBlock = lineBreak >= 0 ? suffix.slice(0, lineBreak) : suffix;
  const whole = lineBreak >= 0 || suffix.length < CONTEXT_LENGTH || /\s$/.test(sameBlock);
  const words = collapse(sameBlock).split(' ').filter(Boolean);
  return someWords(whole ? words : words.slice(0, -1), false);
}

/** The value of `text=` for `quote`, percent-encoded; undefined for a quote of only whitespace. */
export function textDirective(quote: TextQuoteSelector): string | undefined {
  const blocks = quote.exact
    .split(/\r\n?|\n/)
    .map(collapse)
    .filter(Boolean);
  const first = blocks[0];
  const last = blocks[blocks.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const terms: string[] = [];
  const prefix = prefixWords(quote.prefix);
  if (prefix) terms.push(`${encodeTerm(prefix)}-`);
  if (blocks.length === 1 && length(first) <= MAX_EXACT) {
    terms.push(encodeTerm(first));
  } else {
    terms.push(encodeTerm(leading(first)), encodeTerm(trailing(last)));
  }
  const suffix = suffixWords(quote.suffix);
  if (suffix) terms.push(`-${encodeTerm(suffix)}`);
  return terms.join(',');
}

/**
 * `url` (its own fragment, if any, replaced) linking to the occurrence of the passage that
 * `quote` describes; just `url` without its fragment when the quote is only whitespace.
 */
export function textFragmentUrl(url: string, quote: TextQuoteSelector): string {
  const base = url.split('#', 1)[0]!;
  const directive = textDirective(quote);
  return directive === undefined ? base : `${base}#:~:text=${directive}`;
}
