import type { Annotation, ReviewState } from './types';

/**
 * The daily Review's schedule (issue 16): pure, so its promises are property-tested
 * (tests/unit/review-schedule.test.ts). Days are the reader's calendar days, 'YYYY-MM-DD',
 * compared as strings; the page passes today's, so "a day" is the reader's day, not UTC's.
 *
 * - A highlight never reviewed is due from the day it was made; so the oldest come first.
 * - Keep: seen again after 3, then 7, 14, 30, 60, 120, 240, 365 days (and 365 from then on).
 * - Less often: two steps further than Keep would go.
 * - Done: never again (`next: null`).
 * - A highlight is never shown on the day it was made, nor again on a day it was reviewed.
 */

export type Day = string;
export type Verdict = 'keep' | 'less' | 'done';
export const VERDICTS: readonly Verdict[] = ['keep', 'less', 'done'];

export const INTERVALS = [3, 7, 14, 30, 60, 120, 240, 365] as const;
/** The longest a kept highlight stays away: the bound of "every highlight comes back". */
export const MAX_INTERVAL = INTERVALS[INTERVALS.length - 1]!;
export const DEFAULT_PER_DAY = 5;
export const MAX_PER_DAY = 50;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isDay(value: unknown): value is Day {
  if (typeof value !== 'string') return false;
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** The reader's calendar day of `date` (local time). */
export function dayOf(date: Date): Day {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getFullYear()).padStart(4, '0')}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function addDays(day: Day, days: number): Day {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d) + days * MS_PER_DAY);
  // Years before 1000 keep four digits (toISOString writes them so up to 9999).
  return date.toISOString().slice(0, 10);
}

/** The day a highlight was made, in the reader's time zone. */
export function madeOn(annotation: Annotation): Day {
  return dayOf(new Date(annotation.createdAt));
}

/** The next step up the ladder from `interval` (the first step for none). */
function stepAfter(interval: number, steps: number): number {
  let index = INTERVALS.findIndex((i) => i > interval);
  if (index < 0) index = INTERVALS.length - 1;
  return INTERVALS[Math.min(INTERVALS.length - 1, index + steps - 1)]!;
}

/** The review state after the reader's verdict on `day`. */
export function afterVerdict(state: ReviewState | undefined, verdict: Verdict, day: Day): ReviewState {
  if (verdict === 'done') return { last: day, next: null, interval: state?.interval ?? 0 };
  const interval = stepAfter(state?.interval ?? 0, verdict === 'less' ? 3 : 1);
  return { last: day, next: addDays(day, interval), interval };
}

export const isRetired = (annotation: Annotation): boolean => annotation.review?.next === null;

/** Reviewed (kept, less often or done) on `day`. */
export const reviewedOn = (annotation: Annotation, day: Day): boolean => annotation.review?.last === day;

/** The day from which it is due: its next review, or, never reviewed, the day it was made. */
function dueFrom(annotation: Annotation): Day | null {
  if (!annotation.review) return madeOn(annotation);
  return annotation.review.next;
}

export function isDue(annotation: Annotation, day: Day): boolean {
  const due = dueFrom(annotation);
  return due !== null && due <= day && madeOn(annotation) < day && !reviewedOn(annotation, day);
}

/**
 * Today's cards: at most `perDay` a day, less those already reviewed today; the longest
 * waiting first (never-reviewed ones wait since the day they were made), then the never
 * reviewed, then the oldest.
 */
export function todaysCards(annotations: readonly Annotation[], day: Day, perDay: number): Annotation[] {
  const done = annotations.filter((a) => reviewedOn(a, day)).length;
  const room = Math.max(0, perDay - done);
  if (room === 0) return [];
  const due = annotations.filter((a) => isDue(a, day));
  const key = (a: Annotation) => [dueFrom(a)!, a.review ? 1 : 0, a.createdAt, a.id] as const;
  due.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    return 0;
  });
  return due.slice(0, room);
}

/** How many were reviewed on `day` (the day's count shown to the reader). */
export function reviewedCount(annotations: readonly Annotation[], day: Day): number {
  return annotations.filter((a) => reviewedOn(a, day)).length;
}
