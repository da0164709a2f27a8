import { afterEach, describe, expect, it } from 'vitest';
// mulberry32 from the bench's model: a failure comes back with the same seed.
import { rng } from '../../bench/model';
import { forgetGrams, occurrences, preparingGrams } from '../../src/anchoring/text-grams';

/** What anchoring did before the index: a loop of indexOf. */
function byIndexOf(text: string, needle: string, limit: number): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at !== -1 && found.length < limit; at = text.indexOf(needle, at + 1)) {
    found.push(at);
  }
  return found;
}

function drain(steps: Generator<void, void>): number {
  let pauses = 0;
  while (!steps.next().done) pauses++;
  return pauses;
}

afterEach(forgetGrams);

describe('text grams: where a piece of a quote occurs in the whole text', () => {
  const random = rng(21);
  // Few letters and repeated runs: many hash collisions, overlapping occurrences ("aaaa…").
  let text = '';
  while (text.length < 300_000) {
    const r = random();
    text += r < 0.1 ? 'aaaaaaaaaaaa ' : r < 0.2 ? 'the whale’s ' : 'abcab'[Math.floor(random() * 5)];
  }

  it('is made only from the third quote looked for everywhere in the same text, in steps that pause', () => {
    expect(drain(preparingGrams(text, () => true))).toBe(0);
    expect(drain(preparingGrams(text, () => true))).toBe(0);
    expect(drain(preparingGrams(text, () => true))).toBeGreaterThan(3);
    // Kept: asking again costs nothing.
    expect(drain(preparingGrams(text, () => true))).toBe(0);
  });

  it('finds what a loop of indexOf finds, in the same order, up to the same limit', () => {
    for (let k = 0; k < 3; k++) drain(preparingGrams(text));
    for (let run = 0; run < 400; run++) {
      const at = Math.floor(random() * (text.length - 40));
      const needle = run % 5 === 0 ? 'aaaaaaaaa' : text.slice(at, at + 1 + Math.floor(random() * 30));
      const limit = 1 + Math.floor(random() * 40);
      expect(occurrences(text, needle, limit), `run ${run}: ${JSON.stringify(needle)}`).toEqual(
        byIndexOf(text, needle, limit),
      );
    }
    expect(occurrences(text, 'not in the text at all', 5)).toEqual([]);
    // Another text (a window of this one, say) is searched as before.
    const window = text.slice(1000, 5000);
    expect(occurrences(window, 'the whale’s', 10)).toEqual(byIndexOf(window, 'the whale’s', 10));
  });
});
