import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapOffset, snapToWords } from '../../src/content/word-snap';

/** What the reader ends up with: the text between the snapped offsets. */
const snapped = (text: string, start: number, end: number, locale?: string) => {
  const [from, to] = snapToWords(text, start, end, locale);
  return text.slice(from, to);
};
/** The offsets of `part` in `text` (its first occurrence), shifted in by `inStart` and `inEnd`. */
const cut = (text: string, part: string, inStart: number, inEnd: number): [number, number] => {
  const at = text.indexOf(part);
  if (at < 0) throw new Error(`${part} is not in ${text}`);
  return [at + inStart, at + part.length - inEnd];
};

describe('selections snap to whole words', () => {
  const text = 'The seeds of my journey with vLLM were sown five years ago.';

  it('a drag that starts and ends inside words takes both words whole', () => {
    // "eds of my jour" -> "seeds of my journey"
    expect(snapped(text, ...cut(text, 'seeds of my journey', 2, 3))).toBe('seeds of my journey');
  });

  it('a drag that ends one letter into a word takes that word', () => {
    expect(snapped(text, ...cut(text, 'sown f', 0, 0))).toBe('sown five');
  });

  it('whole words stay as they are, and so do boundaries on spaces and punctuation', () => {
    expect(snapped(text, ...cut(text, 'seeds of', 0, 0))).toBe('seeds of');
    expect(snapped(text, ...cut(text, ' five ', 0, 0))).toBe(' five ');
    expect(snapped(text, ...cut(text, 'years ago.', 0, 0))).toBe('years ago.');
    expect(snapped(text, 0, text.length)).toBe(text);
  });

  it('a selection inside one word becomes that word', () => {
    expect(snapped(text, ...cut(text, 'journey', 2, 2))).toBe('journey');
  });

  it('apostrophes and digits belong to the word', () => {
    const line = 'In March 2024, PyTorch’s open-source management practices.';
    expect(snapped(line, ...cut(line, 'PyTorch’s', 3, 1))).toBe('PyTorch’s');
    expect(snapped(line, ...cut(line, '2024', 1, 1))).toBe('2024');
  });

  it('Chinese, written without spaces, snaps to its words and not to the whole run', () => {
    const zh = '我们在北京大学学习计算机科学。';
    // Starting in the middle of 北京 and ending in the middle of 学习.
    expect(snapped(zh, ...cut(zh, '北京大学学习', 1, 1), 'zh')).toBe('北京大学学习');
  });

  it('Japanese snaps to its words', () => {
    const ja = '吾輩は猫である。名前はまだ無い。';
    const [start, end] = cut(ja, '名前', 1, 0);
    expect(snapped(ja, start, end, 'ja')).toBe('名前');
  });

  it('a word longer than the reach is cut where the reach ends, not read whole', () => {
    const long = `a ${'x'.repeat(10_000)} b`;
    const [start] = snapToWords(long, 5_000, 5_001);
    expect(start).toBeGreaterThanOrEqual(5_000 - 64);
    expect(start).toBeLessThan(5_000);
  });

  it('a lang attribute that names no locale still snaps', () => {
    expect(snapped(text, ...cut(text, 'journey', 2, 2), 'not a locale!')).toBe('journey');
  });

  it('for any text and selection: the snapped one holds the original, never shrinks, and never grows across white space', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', '北', '京', 'é', '\n', '-') }),
        fc.nat(),
        fc.nat(),
        (s, a, b) => {
          const start = Math.min(a, b) % (s.length + 1);
          const end = Math.max(start, Math.max(a, b) % (s.length + 1));
          const [from, to] = snapToWords(s, start, end);
          expect(from).toBeLessThanOrEqual(start);
          expect(to).toBeGreaterThanOrEqual(end);
          expect(to).toBeLessThanOrEqual(s.length);
          expect(from).toBeGreaterThanOrEqual(0);
          // What was added belongs to words: no white space is taken in.
          expect(/\s/.test(s.slice(from, start) + s.slice(end, to))).toBe(false);
          // Snapping again changes nothing.
          expect(snapToWords(s, from, to)).toEqual([from, to]);
        },
      ),
    );
  });

  it('a boundary at the very start or end of the text stays there', () => {
    expect(snapOffset(text, 0, 'start')).toBe(0);
    expect(snapOffset(text, text.length, 'end')).toBe(text.length);
    expect(snapOffset(text, 0, 'end')).toBe(0);
    expect(snapOffset('', 0, 'start')).toBe(0);
  });
});
