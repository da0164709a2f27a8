// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  anchorDomRange,
  anchorRanges,
  type DomRangeSelector,
  describeDomRange,
  describe as describeRange,
  type Selector,
  TextIndex,
  type TextQuoteSelector,
} from '../../src/anchoring';

const FIXTURES = join(import.meta.dirname, '../fixtures');

function fixtureHtml(file: string): string {
  return readFileSync(join(FIXTURES, file), 'utf8')
    .replace(/<script\b[\s\S]*?<\/script>/gi, '')
    .replace(/^[\s\S]*?<html[^>]*>/i, '')
    .replace(/<\/html>[\s\S]*$/i, '');
}

const load = (html: string) => {
  document.documentElement.innerHTML = html;
};

/** Every paragraph of the page as a reader's selection: its selectors and the text drawn. */
function highlightParagraphs(): { selectors: Selector[]; text: string }[] {
  const index = TextIndex.build(document.body);
  const out: { selectors: Selector[]; text: string }[] = [];
  for (const p of document.body.querySelectorAll('p, li, h2, pre')) {
    const range = document.createRange();
    range.selectNodeContents(p);
    const selectors = describeRange(range, index);
    const drawn = selectors && index.rangeOf(selectors[1].start, selectors[1].end, document);
    const dom = drawn && describeDomRange(drawn, document.body);
    if (!selectors || !drawn || !dom) continue;
    out.push({ selectors: [...selectors, dom], text: drawn.toString() });
  }
  return out;
}

const exactOf = (selectors: readonly Selector[]) =>
  selectors.find((s): s is TextQuoteSelector => s.type === 'TextQuoteSelector')!.exact;
const domOf = (selectors: readonly Selector[]) =>
  selectors.find((s): s is DomRangeSelector => s.type === 'marginalia:DomRangeSelector')!;

describe('DOM range selectors: the fast way back on an unchanged page', () => {
  it.each(['essay.html', 'pages/wikipedia.html', 'pages/rtl-1.html', 'pages/qq.html'])(
    'every paragraph of %s comes back on the same characters after a reload',
    (file) => {
      const html = fixtureHtml(file);
      load(html);
      const highlights = highlightParagraphs();
      expect(highlights.length).toBeGreaterThan(1);
      load(html); // a new visit: the same markup, new nodes
      for (const { selectors, text } of highlights) {
        expect(anchorDomRange(domOf(selectors), document.body, exactOf(selectors))?.toString()).toBe(text);
      }
    },
    30_000, // jsdom is slow on Wikipedia's long page
  );

  const ESSAY = fixtureHtml('essay.html');

  it('is refused when a character of its context changed, and the text index still finds the passage', async () => {
    load(ESSAY);
    const target = highlightParagraphs()[5]!;
    const paragraph = [...document.body.querySelectorAll('p')].find((p) => p.textContent?.includes(target.text))!;
    // One letter changed just after the passage (in the next paragraph's first words).
    const next = paragraph.nextElementSibling!;
    const first = document.createTreeWalker(next, NodeFilter.SHOW_TEXT).nextNode() as Text;
    first.data = first.data.replace(/[a-z]/, 'X');
    expect(anchorDomRange(domOf(target.selectors), document.body, exactOf(target.selectors))).toBeUndefined();
    expect((await anchorRanges([target.selectors], document.body))[0]?.toString()).toBe(target.text);
  });

  it('is refused when a paragraph inserted above moved the nodes, and the text index relocates the passage', async () => {
    load(ESSAY);
    const highlights = highlightParagraphs();
    const target = highlights[8]!;
    const first = document.body.querySelector('p')!;
    // With the white space after it, as in markup: every later node's path now leads one paragraph back.
    first.before(Object.assign(document.createElement('p'), { textContent: 'A new paragraph, added above.' }), '\n');
    expect(anchorDomRange(domOf(target.selectors), document.body, exactOf(target.selectors))).toBeUndefined();
    const ranges = await anchorRanges(
      highlights.map((h) => h.selectors),
      document.body,
    );
    expect(ranges.map((r) => r?.toString())).toEqual(highlights.map((h) => h.text));
  });

  it('is refused when the passage itself was edited by one letter', () => {
    load(ESSAY);
    const target = highlightParagraphs()[6]!;
    const range = anchorDomRange(domOf(target.selectors), document.body, exactOf(target.selectors))!;
    const node = range.startContainer as Text;
    node.data = node.data.slice(0, range.startOffset) + node.data.slice(range.startOffset).replace(/[a-z]/, 'Z');
    expect(anchorDomRange(domOf(target.selectors), document.body, exactOf(target.selectors))).toBeUndefined();
  });

  it('points nowhere rather than at something else when its nodes are gone or shorter', () => {
    load('<head></head><body><p>Short</p></body>');
    const far: DomRangeSelector = {
      type: 'marginalia:DomRangeSelector',
      start: [40, 2],
      startOffset: 0,
      end: [40, 2],
      endOffset: 3,
      check: 0,
    };
    expect(anchorDomRange(far, document.body, 'Sho')).toBeUndefined();
    expect(
      anchorDomRange({ ...far, start: [0, 0], end: [0, 0], endOffset: 99 }, document.body, 'Short'),
    ).toBeUndefined();
    // An element where a text node was.
    expect(anchorDomRange({ ...far, start: [0], end: [0] }, document.body, 'Short')).toBeUndefined();
  });

  it('mixes with annotations that have no DOM range (made by an earlier version, or imported)', async () => {
    load(ESSAY);
    const highlights = highlightParagraphs();
    const lists = highlights.map((h, i) => (i % 2 ? h.selectors.filter((s) => s !== domOf(h.selectors)) : h.selectors));
    load(ESSAY);
    expect((await anchorRanges(lists, document.body)).map((r) => r?.toString())).toEqual(highlights.map((h) => h.text));
  });

  it('tells apart rows of an indented table whose cells say the same: a row added above moves nothing onto the wrong row', async () => {
    const pad = `\n${' '.repeat(40)}`;
    const row = (name: string) => `<tr>${pad}<td>${name}</td>${pad}<td>No</td>${pad}<td>Yes</td>${pad}</tr>`;
    const table = (names: string[]) =>
      `<head></head><body><table><tbody>${names.map(row).join('')}</tbody></table></body>`;
    load(table(['Alice', 'Bob', 'Carol']));
    const index = TextIndex.build(document.body);
    const range = document.createRange();
    range.selectNodeContents(document.querySelectorAll('tr')[2]!.querySelectorAll('td')[2]!);
    const selectors = describeRange(range, index)!;
    const drawn = index.rangeOf(selectors[1].start, selectors[1].end, document)!;
    const withDom: Selector[] = [...selectors, describeDomRange(drawn, document.body)!];
    load(table(['Dave', 'Alice', 'Bob', 'Carol']));
    const [found] = await anchorRanges([withDom], document.body);
    expect(found?.toString()).toBe('Yes');
    expect(found?.startContainer.parentElement?.closest('tr')?.querySelector('td')?.textContent).toBe('Carol');
  });

  it('comes back when the passage has an inline script or style inside it, whose text the quote leaves out', () => {
    const html =
      '<head></head><body><p>Before the passage, enough words to make context.</p>' +
      '<div><p>It starts here and runs</p>\n  <script>var tracking = { id: 42 };</script>\n' +
      '  <style>.ad { display: none }</style><p>on past a script to end here.</p></div>' +
      '<p>After the passage, enough words to make context.</p></body>';
    load(html);
    const index = TextIndex.build(document.body);
    const start = index.text.indexOf('It starts');
    const end = index.text.indexOf(' to end here.');
    const drawn = index.rangeOf(start, end, document)!;
    const text = drawn.toString();
    expect(text).toContain('tracking');
    const dom = describeDomRange(drawn, document.body)!;
    const exact = index.text.slice(start, end);
    expect(exact).not.toContain('tracking');
    load(html); // a new visit: the same markup, new nodes
    expect(anchorDomRange(dom, document.body, exact)?.toString()).toBe(text);
    // The script's text is not taken for the quote's words.
    expect(anchorDomRange(dom, document.body, exact.replace('runs', 'runs var tracking'))).toBeUndefined();
  });

  it('is refused when its nodes now hold other words, even with the same fingerprinted text around', () => {
    load(ESSAY);
    const target = highlightParagraphs()[3]!;
    expect(anchorDomRange(domOf(target.selectors), document.body, 'other words entirely')).toBeUndefined();
  });
});
