import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  afterVerdict,
  dayOf,
  isDay,
  MAX_INTERVAL,
  reviewedCount,
  todaysCards,
  type Verdict,
} from '../../src/shared/review-schedule';
import type { Annotation } from '../../src/shared/types';
import { isAnnotation } from '../../src/shared/validate';

const START = '2026-01-01';

/** A highlight made `age` days before START (at noon, so the reader's day is that day in any zone). */
function made(i: number, age: number): Annotation {
  const created = new Date(`${addDays(START, -age)}T12:00:00`).toISOString();
  return {
    id: `0000000${i}-aaaa-4000-8000-000000000000`.slice(-36),
    url: `https://example.com/${i % 3}`,
    target: { selector: [{ type: 'TextQuoteSelector', exact: `passage ${i}`, prefix: '', suffix: '' }] },
    color: 'yellow',
    note: '',
    tags: [],
    createdAt: created,
    updatedAt: created,
  };
}

const library = fc
  .array(fc.nat({ max: 900 }), { minLength: 1, maxLength: 25 })
  .map((ages) => ages.map((age, i) => made(i, age)));

/**
 * A reader who opens the Review on some days and answers each card shown (some not at all),
 * over `days` days; returns what was shown each day and the library as it ends.
 */
function simulate(
  start: Annotation[],
  perDay: number,
  days: number,
  answer: (day: number, card: number) => Verdict | 'skip',
  opens: (day: number) => boolean = () => true,
) {
  let all = start.map((a) => ({ ...a }));
  const shown: { day: string; ids: string[]; verdicts: [string, Verdict][] }[] = [];
  for (let d = 0; d < days; d++) {
    const day = addDays(START, d);
    if (!opens(d)) continue;
    const ids: string[] = [];
    const verdicts: [string, Verdict][] = [];
    // The reader opens the page, answers a card, and the page asks again (as it does after each answer).
    for (let round = 0; round < perDay + 2; round++) {
      const cards = todaysCards(all, day, perDay);
      for (const card of cards) if (!ids.includes(card.id)) ids.push(card.id);
      const card = cards[0];
      if (!card) break;
      const verdict = answer(d, ids.indexOf(card.id));
      if (verdict === 'skip') break;
      verdicts.push([card.id, verdict]);
      all = all.map((a) => (a.id === card.id ? { ...a, review: afterVerdict(a.review, verdict, day) } : a));
    }
    shown.push({ day, ids, verdicts });
  }
  return { shown, all };
}

describe('the daily Review schedule', () => {
  it('days are calendar days, and adding days crosses months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(isDay('2025-02-29')).toBe(false);
    expect(isDay(dayOf(new Date()))).toBe(true);
  });

  it('keep pushes further out each time, less often further still, done retires', () => {
    const first = afterVerdict(undefined, 'keep', START);
    const second = afterVerdict(first, 'keep', START);
    expect(first.next! < second.next!).toBe(true);
    expect(afterVerdict(undefined, 'less', START).next! > first.next!).toBe(true);
    expect(afterVerdict(second, 'done', START).next).toBeNull();
  });

  it('a review state is a valid part of an annotation', () => {
    const a = made(1, 10);
    expect(isAnnotation({ ...a, review: afterVerdict(undefined, 'keep', START) })).toBeUndefined();
    expect(isAnnotation({ ...a, review: afterVerdict(undefined, 'done', START) })).toBeUndefined();
    expect(isAnnotation({ ...a, review: { last: 'yesterday', next: null, interval: 1 } })).toMatch(/review/);
  });

  it('the longest waiting first: never-reviewed ones wait since the day they were made; nothing made today', () => {
    const old = made(1, 400);
    const older = made(2, 800);
    const today = made(3, 0);
    const kept = { ...made(4, 900), review: { last: addDays(START, -3), next: START, interval: 3 } };
    expect(todaysCards([today, old, kept, older], START, 5).map((a) => a.id)).toEqual([older.id, old.id, kept.id]);
    expect(todaysCards([today], START, 5)).toEqual([]);
  });

  it('never more than the day’s number, and nothing shown twice in a day', () => {
    fc.assert(
      fc.property(
        library,
        fc.integer({ min: 1, max: 8 }),
        fc.func(fc.constantFrom<Verdict | 'skip'>('keep', 'keep', 'less', 'done', 'skip')),
        (start, perDay, answer) => {
          const { shown } = simulate(start, perDay, 60, answer);
          for (const { ids, verdicts } of shown) {
            // Each card is answered at most once a day, and the day holds at most perDay answers.
            const answered = verdicts.map(([id]) => id);
            expect(new Set(answered).size).toBe(answered.length);
            expect(answered.length).toBeLessThanOrEqual(perDay);
            expect(new Set(ids).size).toBe(ids.length);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('once answered on a day, a highlight is out of that day’s set, and the day’s count goes up', () => {
    fc.assert(
      fc.property(
        library,
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom<Verdict>('keep', 'less', 'done'),
        (all, n, v) => {
          const [card] = todaysCards(all, START, n);
          fc.pre(card !== undefined);
          const after = all.map((a) => (a.id === card!.id ? { ...a, review: afterVerdict(a.review, v, START) } : a));
          expect(todaysCards(after, START, n).map((a) => a.id)).not.toContain(card!.id);
          expect(reviewedCount(after, START)).toBe(reviewedCount(all, START) + 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every highlight comes back eventually unless retired, and a retired one never does', () => {
    fc.assert(
      fc.property(
        library,
        fc.integer({ min: 1, max: 6 }),
        fc.func(fc.constantFrom<Verdict | 'skip'>('keep', 'less', 'done', 'skip')),
        fc.func(fc.boolean()),
        (start, perDay, answer, opens) => {
          // Some days the reader does not open the Review at all; later they open it daily.
          const warmUp = 120;
          // Then they open it every day and answer every card (one left unanswered stays, as it should).
          const { shown, all } = simulate(
            start,
            perDay,
            warmUp + MAX_INTERVAL + 2 * start.length,
            (d, card) => {
              const verdict = answer(d, card);
              return d >= warmUp && verdict === 'skip' ? 'keep' : verdict;
            },
            (d) => (d < warmUp ? opens(d) : true),
          );
          const retiredOn = new Map<string, string>();
          for (const { day, ids, verdicts } of shown) {
            for (const id of ids) expect(retiredOn.has(id), `${id} shown on ${day} after Done`).toBe(false);
            for (const [id, verdict] of verdicts) if (verdict === 'done') retiredOn.set(id, day);
          }
          // After the warm-up, every highlight not retired is shown again within the longest
          // interval plus the days a queue of all of them takes.
          const lastShown = new Map<string, string>();
          for (const { day, ids } of shown) for (const id of ids) lastShown.set(id, day);
          const bound = addDays(START, warmUp);
          for (const a of all) {
            if (retiredOn.has(a.id)) continue;
            expect(lastShown.get(a.id) ?? '', `${a.id} never came back`).toBeTruthy();
            expect(lastShown.get(a.id)! >= bound, `${a.id} not shown since ${lastShown.get(a.id)}`).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
