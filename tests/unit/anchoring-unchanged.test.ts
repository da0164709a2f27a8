// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorRanges, describePositions, TextIndex } from '../../src/anchoring';

const FIXTURES = join(import.meta.dirname, '../fixtures');

function loadPage(file: string): TextIndex {
  const html = readFileSync(join(FIXTURES, file), 'utf8')
    .replace(/<script\b[\s\S]*?<\/script>/gi, '')
    .replace(/^[\s\S]*?<html[^>]*>/i, '')
    .replace(/<\/html>[\s\S]*$/i, '');
  document.documentElement.innerHTML = html;
  return TextIndex.build(document.body);
}

describe('anchoring on an unchanged page', () => {
  for (const page of ['wikipedia.html', 'lwn-1.html', 'medium-1.html', 'v8-blog.html', 'ietf-1.html']) {
    it(`on an unchanged page every passage described where it stands comes back, repeated four-word phrases included (${page})`, async () => {
      const { text } = loadPage(`pages/${page}`);
      const passages = [...text.matchAll(/\S+(?: \S+){3}/g)];
      const count = 200;
      const step = passages.length / count;
      const list = Array.from({ length: count }, (_, i) => {
        const passage = passages[Math.floor(i * step)]!;
        return describePositions(text, passage.index, passage.index + passage[0].length)!;
      });
      const ranges = await anchorRanges(list, document.body);
      const missing = list
        .map((selectors, i) => (ranges[i] ? undefined : (selectors[0] as { exact: string }).exact))
        .filter((q) => q !== undefined);
      expect(missing).toEqual([]);
      const index = TextIndex.build(document.body);
      const wrong = list.filter((selectors, i) => {
        const pos = selectors[1] as { start: number; end: number };
        const r = ranges[i]!;
        const squash = (s: string) => s.replace(/\s+/g, '');
        return squash(r.toString()) !== squash(index.text.slice(pos.start, pos.end));
      });
      expect(wrong.length).toBe(0);
    });
  }
});
