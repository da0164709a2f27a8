import librarySearch from 'approx-string-match';
import { describe, expect, it } from 'vitest';
// mulberry32 from the bench's model: a failure comes back with the same seed.
import { rng } from '../../bench/model';
import { fewestErrors, search, searching } from '../../src/anchoring/approx-search';

// Few letters, so that near and exact repeats are common; non-Latin-1 ones take the slow lookup.
const ALPHABET = 'abcde  ’—x\n';

function textOf(random: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return s;
}

/** The pattern: a piece of the text, edited a little, so that there is something to find. */
function patternOf(random: () => number, text: string, length: number): string {
  const at = Math.floor(random() * Math.max(1, text.length - length));
  const chars = [...text.slice(at, at + length)];
  for (let e = Math.floor(random() * (length / 5 + 1)); e > 0; e--) {
    const k = Math.floor(random() * chars.length);
    const r = random();
    if (r < 1 / 3) chars.splice(k, 1);
    else if (r < 2 / 3) chars.splice(k, 0, ALPHABET[Math.floor(random() * ALPHABET.length)]!);
    else chars[k] = ALPHABET[Math.floor(random() * ALPHABET.length)]!;
  }
  return chars.join('') || 'a';
}

describe('approximate search: the same matches as approx-string-match', () => {
  it('finds the same lowest-cost matches, starts included, for patterns of one block and of several', () => {
    const random = rng(13);
    for (let run = 0; run < 600; run++) {
      const text = textOf(random, 50 + Math.floor(random() * 900));
      const pattern = patternOf(random, text, 1 + Math.floor(random() * 140));
      const maxErrors = Math.floor(random() * (pattern.length * 0.4 + 1));
      expect(search(text, pattern, maxErrors), `run ${run}`).toEqual(librarySearch(text, pattern, maxErrors));
    }
  });

  it('searches a window of the text as the library searches that slice, at the same positions', () => {
    const random = rng(7);
    for (let run = 0; run < 300; run++) {
      const text = textOf(random, 200 + Math.floor(random() * 800));
      const from = Math.floor(random() * 150);
      const to = from + Math.floor(random() * (text.length - from));
      const pattern = patternOf(random, text, 1 + Math.floor(random() * 80));
      const maxErrors = Math.floor(pattern.length * 0.25);
      const expected = librarySearch(text.slice(from, to), pattern, maxErrors).map((m) => ({
        start: m.start + from,
        end: m.end + from,
        errors: m.errors,
      }));
      expect(search(text, pattern, maxErrors, from, to), `run ${run}`).toEqual(expected);
    }
  });

  it('gives the fewest errors the library would find', () => {
    const random = rng(5);
    for (let run = 0; run < 300; run++) {
      const text = textOf(random, 1 + Math.floor(random() * 60));
      const pattern = patternOf(random, textOf(random, 80), 1 + Math.floor(random() * 64));
      const found = librarySearch(text, pattern, pattern.length);
      const fewest = found.length ? Math.min(...found.map((m) => m.errors)) : undefined;
      expect(fewestErrors(text, pattern, pattern.length), `run ${run}`).toBe(fewest);
    }
  });

  it('pauses between stretches of a long search when asked, and finds what one pass finds', () => {
    const random = rng(3);
    const text = textOf(random, 100_000);
    const pattern = patternOf(random, text, 60);
    const steps = searching(text, pattern, 15, 0, text.length, () => true);
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    expect(pauses).toBeGreaterThan(5);
    expect(step.value).toEqual(librarySearch(text, pattern, 15));
  });
});
