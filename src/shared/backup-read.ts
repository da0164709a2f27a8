import { isDomRangeSelector, isPageSelector } from '../anchoring/selectors';
import { type Annotation, type Color, isColor, type Selector } from './types';
import { urlKey } from './url-key';
import { isAnnotation, isSourceUrl, isUrl } from './validate';

/**
 * What reading any backup format shares: the shapes it produces, and readers for fields that
 * every format spells the W3C way (selectors, ISO times). Readers return undefined or a
 * reason, never throw: one bad record must not stop the rest of a file from importing.
 */

/** A page as a backup keeps it: its title and the reader's page-level note. */
export interface BackupPage {
  url: string;
  title: string;
  note?: string;
  updatedAt: string;
  /** A PDF's record (keyed `urn:x-pdf:…`): the address it was read at. */
  source?: string;
}

/** A record of the file that was not imported, and why (index: its place in its list). */
export interface Rejected {
  kind: 'annotation' | 'page';
  index: number;
  reason: string;
}

export interface ParsedBackup {
  /** Which kind of file it was. */
  format: 'marginalia' | 'w3c' | 'hypothesis';
  pages: BackupPage[];
  annotations: Annotation[];
  rejected: Rejected[];
}

/** A file that is not a backup at all: nothing in it can be imported. */
export class BackupFormatError extends Error {
  override name = 'BackupFormatError';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value or a list of them (JSON-LD allows either almost everywhere) as a list. */
export const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

/** As validate.ts has it: what `Date.prototype.toISOString` writes, which sorts as a string. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * An ISO time as stored: kept exactly when it already is one (so a round trip changes
 * nothing), else any date-time string JavaScript reads (Hypothesis writes microseconds and
 * "+00:00"), in UTC.
 */
export function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))) return value;
  // Date.parse also reads "March 5" or "5": only what looks like an ISO date-time is meant.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const time = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  if (Number.isNaN(time)) return undefined;
  const iso = new Date(time).toISOString();
  return ISO_DATE.test(iso) ? iso : undefined;
}

/** The selectors Marginalia can anchor by, in the order given; others (W3C RangeSelector...) are left. */
export function readSelectors(value: unknown): Selector[] {
  const selectors: Selector[] = [];
  for (const s of asList(value)) {
    if (!isRecord(s)) continue;
    if (s.type === 'TextQuoteSelector' && typeof s.exact === 'string') {
      selectors.push({
        type: 'TextQuoteSelector',
        exact: s.exact,
        prefix: typeof s.prefix === 'string' ? s.prefix : '',
        suffix: typeof s.suffix === 'string' ? s.suffix : '',
      });
    } else if (s.type === 'TextPositionSelector' && Number.isInteger(s.start) && Number.isInteger(s.end)) {
      selectors.push({ type: 'TextPositionSelector', start: s.start as number, end: s.end as number });
    } else if (isDomRangeSelector(s)) {
      const { type, start, startOffset, end, endOffset, check } = s;
      selectors.push({ type, start: [...start], startOffset, end: [...end], endOffset, check });
    } else if (isPageSelector(s)) {
      selectors.push({ type: s.type, index: s.index, ...(s.label === undefined ? {} : { label: s.label }) });
    }
  }
  if (selectors.length <= 8) return selectors;
  // More than validation allows: the first passage and the first position are what anchoring uses.
  const quote = selectors.find((s) => s.type === 'TextQuoteSelector');
  const position = selectors.find((s) => s.type === 'TextPositionSelector');
  return [quote, position].filter((s) => s !== undefined);
}

export const colorOr = (value: unknown, fallback: Color): Color => (isColor(value) ? value : fallback);

/**
 * 128 bits from a string (cyrb128, public domain): the same string always gives the same id.
 * Not cryptographic; a file that wants to collide with an id can name it outright anyway.
 */
function hash128(text: string): number[] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * An annotation id for a record that came from elsewhere, derived from `seed` (its id there,
 * with the source named), so importing the same file twice gives the same ids. It is a UUID of
 * version 8 ("custom"), which crypto.randomUUID (version 4) never makes.
 */
export function derivedId(seed: string): string {
  const hex = hash128(seed)
    .map((n) => n.toString(16).padStart(8, '0'))
    .join('');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The storage key of a page address, or a reason it has none. */
export function pageKey(url: unknown): string | { reason: string } {
  if (typeof url !== 'string') return { reason: 'no page address' };
  const key = urlKey(url);
  return key ?? { reason: `not an http(s) page: ${url.slice(0, 200)}` };
}

/** `candidate` if it is a well-formed annotation, else why not. */
export function checked(candidate: Annotation): Annotation | { reason: string } {
  const problem = isAnnotation(candidate);
  return problem ? { reason: problem } : candidate;
}

/** `candidate` if it is a well-formed page record, else why not. */
export function checkedPage(candidate: BackupPage): BackupPage | { reason: string } {
  const badUrl = isUrl(candidate.url);
  if (badUrl) return { reason: `url: ${badUrl}` };
  if (candidate.title.length > 10_000) return { reason: 'title: longer than 10000 characters' };
  if (candidate.note !== undefined && candidate.note.length > 1_000_000) {
    return { reason: 'note: longer than 1000000 characters' };
  }
  const badSource = candidate.source === undefined ? undefined : isSourceUrl(candidate.source);
  if (badSource) return { reason: `source: ${badSource}` };
  return candidate;
}
