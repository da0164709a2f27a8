// Runs in the browser, bundled into the benchmark page.
import { describeDomRange, describePositions, type TextIndex } from '../src/anchoring';
import type { Selector } from '../src/anchoring/selectors';
import type { Span } from './model';
/**
 * The page: one <p> per paragraph, every 9th word in <em> and every 23rd in <a>, so
 * quotes cross elements (denser for the large-page case: more, shorter text nodes).
 */
export function buildPage(text: string, { emEvery = 9, aEvery = 23 } = {}): void {
  const body = document.body;
  body.replaceChildren();
  const fragment = document.createDocumentFragment();
  text.split('\n').forEach((paragraph, i) => {
    if (i > 0) fragment.append('\n');
    const p = document.createElement('p');
    let plain: string[] = [];
    paragraph.split(' ').forEach((word, w) => {
      const tag = w % aEvery === aEvery - 1 ? 'a' : w % emEvery === emEvery - 1 ? 'em' : undefined;
      if (!tag) {
        plain.push(word);
        return;
      }
      p.append(`${plain.join(' ')}${plain.length ? ' ' : ''}`);
      plain = [''];
      const el = document.createElement(tag);
      if (tag === 'a') el.setAttribute('href', '#');
      el.textContent = word;
      p.append(el);
    });
    if (plain.length) p.append(plain.join(' '));
    fragment.append(p);
  });
  body.append(fragment);
}

/** Text nodes under <body>, as the benchmark reports the page's size. */
export function countTextNodes(): number {
  return document.evaluate('count(//body//text())', document, null, XPathResult.NUMBER_TYPE, null).numberValue;
}

/**
 * Selectors for `spans` of the page's text as the content script stores them: quote,
 * position, and where the passage is in the DOM.
 */
export function describeSpans(index: TextIndex, spans: readonly Span[]): Selector[][] {
  return spans.map((s) => {
    const described: Selector[] = describePositions(index.text, s.start, s.end)!;
    const dom = describeDomRange(index.rangeOf(s.start, s.end, document)!, document.body);
    return dom ? [...described, dom] : described;
  });
}
