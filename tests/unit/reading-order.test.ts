import { describe, expect, it } from 'vitest';
import { inReadingOrder } from '../../src/shared/reading-order';
import { makeAnnotation } from './make-annotation';

describe('inReadingOrder', () => {
  it('orders annotations by where they start on the page, not by when they were made', () => {
    const late = makeAnnotation({ id: 'late-on-page', start: 900, createdAt: '2025-01-01T00:00:00.000Z' });
    const early = makeAnnotation({ id: 'early-on-page', start: 10, createdAt: '2025-03-01T00:00:00.000Z' });
    const middle = makeAnnotation({ id: 'middle-of-page', start: 400, createdAt: '2025-02-01T00:00:00.000Z' });
    expect(inReadingOrder([late, early, middle]).map((a) => a.id)).toEqual([
      'early-on-page',
      'middle-of-page',
      'late-on-page',
    ]);
  });

  it('breaks a tie at the same start by creation time', () => {
    const second = makeAnnotation({ id: 'made-second', start: 50, createdAt: '2025-01-02T00:00:00.000Z' });
    const first = makeAnnotation({ id: 'made-first', start: 50, createdAt: '2025-01-01T00:00:00.000Z' });
    expect(inReadingOrder([second, first]).map((a) => a.id)).toEqual(['made-first', 'made-second']);
  });

  it('puts annotations without a stored position last, oldest first', () => {
    const unplacedNew = makeAnnotation({ id: 'unplaced-new', createdAt: '2025-05-01T00:00:00.000Z' });
    const unplacedOld = makeAnnotation({ id: 'unplaced-old', createdAt: '2025-04-01T00:00:00.000Z' });
    const placed = makeAnnotation({ id: 'placed', start: 1_000_000 });
    expect(inReadingOrder([unplacedNew, placed, unplacedOld]).map((a) => a.id)).toEqual([
      'placed',
      'unplaced-old',
      'unplaced-new',
    ]);
  });

  it('returns a new array and leaves the caller’s list as it was', () => {
    const input = [makeAnnotation({ id: 'second', start: 2 }), makeAnnotation({ id: 'first', start: 1 })];
    const sorted = inReadingOrder(input);
    expect(sorted).not.toBe(input);
    expect(input.map((a) => a.id)).toEqual(['second', 'first']);
  });
});
