import { t } from './i18n';

/**
 * Size limits, and what the reader is told when something is over one (issue 7). Shared by
 * the content script (which refuses before sending megabytes through messaging), the
 * background (which refuses whatever reaches it anyway) and the popup.
 */

/** A new highlight's passage. A 5 MB selection is a whole book, not a passage. */
export const MAX_PASSAGE = 100_000;
/**
 * What a stored or imported quote may hold. Larger than MAX_PASSAGE so nothing saved by an
 * earlier version (which allowed 1,000,000) becomes unreadable.
 */
export const MAX_STORED_QUOTE = 1_000_000;
/** A note on a highlight, or on a page: about 1 MB of text. */
export const MAX_NOTE = 1_000_000;
/**
 * A page's address as stored (its key: without the fragment and tracking parameters).
 * Single-page apps keep state in their URLs, past the 8,192 characters allowed before;
 * Chromium allows 2 MB. Every stored annotation repeats its page's key, and the tabs
 * registry keeps one per tab in storage.session, so a key stays at 64 Ki characters.
 */
export const MAX_URL = 65_536;

const count = (n: number) => n.toLocaleString('en-US');

export function passageTooLong(length: number): string {
  return t('passageTooLong', count(length), count(MAX_PASSAGE));
}

export function noteTooLong(length: number): string {
  return t('noteTooLong', count(length), count(MAX_NOTE));
}

export function urlTooLong(length: number): string {
  return t('urlTooLong', count(length), count(MAX_URL));
}
