import { describe, expect, it } from 'vitest';
import { anchorAll, describePositions } from '../../src/anchoring';
import { anchoring } from '../../src/anchoring/anchor';
import type { Selector } from '../../src/anchoring/selectors';

/** A long seeded text of made-up words, so that a quote occurs once and pieces of it are rare. */
function longText(words: number, seed: number): string {
  // mulberry32: a plain LCG in floating point loses bits and repeats the text.
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const out: string[] = [];
  for (let w = 0; w < words; w++) {
    let word = '';
    for (let s = 2 + Math.floor(random() * 6); s > 0; s--) word += letters[Math.floor(random() * letters.length)];
    out.push(w % 40 === 39 ? `${word}.\n` : word);
  }
  return out.join(' ').replace(/\n /g, '\n');
}

/** Runs `steps` to the end, counting the pauses it asks for. */
function drain<T>(steps: Generator<void, T>): { value: T; pauses: number } {
  let pauses = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value, pauses };
    pauses++;
  }
}

/**
 * A quote of 40 characters (too short to be found by its pieces, so the whole text is
 * searched), with one word changed, whose stored position is far from where it now is.
 */
function movedAndEdited(text: string, at: number): { selectors: Selector[]; edited: string; now: number } {
  const [quote, position] = describePositions(text, at, at + 40)!;
  const word = text.indexOf(' ', at + 10) + 1;
  const edited = `${text.slice(0, word)}zz${text.slice(word + 2)}`;
  return { selectors: [quote, { ...position, start: position.start + 100_000 }], edited, now: at };
}

describe('anchoring in slices', () => {
  const text = longText(60_000, 11);

  it('pauses inside a search of the whole page, and finds what the search in one go finds', () => {
    const { selectors, edited, now } = movedAndEdited(text, 200_000);
    const once = anchorAll([selectors], edited);
    expect(once[0]?.start).toBeGreaterThanOrEqual(now - 2);
    expect(once[0]?.start).toBeLessThanOrEqual(now + 2);
    // A pause wanted at every check: one highlight, so every pause but the last is inside its search.
    const sliced = drain(anchoring([selectors], edited, { due: () => true }));
    expect(sliced.pauses).toBeGreaterThan(10);
    expect(sliced.value).toEqual(once);
  });

  it('gives each run what it gives alone when two runs on the page are paused in turn', () => {
    const a = movedAndEdited(text, 100_000);
    const spans = [50_000, 120_000, 300_000].map((at) => describePositions(text, at, at + 60)!);
    const lists = [a.selectors, ...spans];
    const alone = anchorAll(lists, a.edited);
    const others = [...spans].reverse();
    const otherAlone = anchorAll(others, a.edited);
    const first = anchoring(lists, a.edited, { due: () => true });
    const second = anchoring(others, a.edited, { due: () => true });
    let x = first.next();
    let y = second.next();
    while (!x.done || !y.done) {
      if (!x.done) x = first.next();
      if (!y.done) y = second.next();
    }
    expect(x.value).toEqual(alone);
    expect(y.value).toEqual(otherAlone);
    expect(alone[0]).toBeDefined();
  });
});
