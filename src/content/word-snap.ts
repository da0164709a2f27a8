/**
 * Selections snap to whole words when the reader drags (issue 16, as Kindle and Medium do):
 * a boundary that falls inside a word moves out to the word's edge. Words are what
 * Intl.Segmenter says they are, so Chinese, Japanese or Thai, written without spaces,
 * snap to words too, not to the whole run of text.
 */

/** How far either side of a boundary is read: a word longer than this is cut there. */
const REACH = 64;

let segmenter: Intl.Segmenter | undefined;
let segmenterLocale: string | undefined;

function wordsIn(locale: string | undefined): Intl.Segmenter | undefined {
  if (typeof Intl.Segmenter !== 'function') return undefined;
  if (!segmenter || segmenterLocale !== locale) {
    try {
      segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
    } catch {
      // A page's lang attribute that is no locale at all.
      segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
    }
    segmenterLocale = locale;
  }
  return segmenter;
}

/**
 * Where a selection boundary at `offset` in `text` goes: the start of the word it cuts
 * (`side` 'start') or its end ('end'). A boundary between words, or beside spaces and
 * punctuation, stays where it is.
 */
export function snapOffset(text: string, offset: number, side: 'start' | 'end', locale?: string): number {
  const from = Math.max(0, offset - REACH);
  const near = text.slice(from, offset + REACH);
  // The character the boundary would cut in two: the one after a start, before an end.
  const at = offset - from - (side === 'end' ? 1 : 0);
  if (at < 0 || at >= near.length) return offset;
  const word = wordsIn(locale)?.segment(near).containing(at);
  if (!word?.isWordLike) return offset;
  return from + word.index + (side === 'end' ? word.segment.length : 0);
}

/** The selection [start, end) of `text`, extended to whole words at both ends. */
export function snapToWords(text: string, start: number, end: number, locale?: string): [number, number] {
  return [snapOffset(text, start, 'start', locale), snapOffset(text, end, 'end', locale)];
}
