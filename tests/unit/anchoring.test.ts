// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Selector } from '../../src/anchoring';
import { anchor, describePositions, describe as describeRange, TextIndex } from '../../src/anchoring';

/** What a reader would compare: the characters, whitespace runs counted as one space. */
const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

function textOf(html: string): string {
  document.body.innerHTML = html;
  return TextIndex.build(document.body).text;
}

/** The text node holding `needle` (the first one), and the raw offset of needle in it. */
function locate(needle: string): [Text, number] {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = (node as Text).data.indexOf(needle);
    if (at !== -1) return [node as Text, at];
  }
  throw new Error(`"${needle}" is not in the document`);
}

/** A DOM range from the start of `from` to the end of `to`, as a reader's drag would make. */
function rangeBetween(from: string, to: string): Range {
  const [startNode, startAt] = locate(from);
  const [endNode, endAt] = locate(to);
  const range = document.createRange();
  range.setStart(startNode, startAt);
  range.setEnd(endNode, endAt + to.length);
  return range;
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('TextIndex: the text a reader sees', () => {
  it('collapses runs of spaces, tabs and newlines into one space, with none at the start or before a break', () => {
    expect(textOf('  <p>  The   quick\n\tbrown   fox  </p>  <p>Next.</p>')).toBe('The quick brown fox\nNext.');
  });

  it('collapses whitespace across inline elements too', () => {
    expect(textOf('<p>one <b> two </b> <i>three</i></p>')).toBe('one two three');
  });

  it('does not invent a space between inline elements that touch', () => {
    expect(textOf('<p><b>bold</b><i>italic</i>-dash</p>')).toBe('bolditalic-dash');
  });

  it('puts one "\\n" between block elements, however they are nested or indented', () => {
    const html = `
      <h1>Title</h1>
      <div>
        <p>First paragraph.</p>
        <blockquote><p>Quoted.</p></blockquote>
      </div>
      <ul><li>one</li><li>two</li></ul>`;
    expect(textOf(html)).toBe('Title\nFirst paragraph.\nQuoted.\none\ntwo');
  });

  it('breaks after a block even when inline text, not another block, follows it', () => {
    expect(textOf('<div><p>Inside a paragraph.</p>Loose text <span>after it</span></div>')).toBe(
      'Inside a paragraph.\nLoose text after it',
    );
  });

  it('does not keep a space at the end of a block before the break', () => {
    expect(textOf('<p>Ends with a space. </p><p>Next.</p>')).toBe('Ends with a space.\nNext.');
  });

  it('breaks the line at <br> and between table cells', () => {
    expect(textOf('<p>line one<br>line two</p><table><tr><td>a</td><td>b</td></tr></table>')).toBe(
      'line one\nline two\na\nb',
    );
  });

  it('skips <script>, <style>, <noscript>, <template> and <textarea> contents', () => {
    const html = `<p>Before.</p><script>var secret = 1;</script><style>p { color: red }</style>
      <noscript>Enable JS</noscript><template><p>tpl</p></template><textarea>draft</textarea><p>After.</p>`;
    expect(textOf(html)).toBe('Before.\nAfter.');
  });

  it('skips the extension’s own toolbar', () => {
    expect(textOf('<p>Page text.</p><marginalia-toolbar>Highlight</marginalia-toolbar>')).toBe('Page text.');
  });

  it('keeps <pre> text verbatim, indentation and line breaks included', () => {
    const html = '<p>Code:</p><pre>  if (x) {\n    y();\n  }</pre><p>Done.</p>';
    expect(textOf(html)).toBe('Code:\n  if (x) {\n    y();\n  }\nDone.');
  });

  it('keeps whitespace inside inline elements within <pre>', () => {
    expect(textOf('<pre>a  <b>  b</b>\n\tc</pre>')).toBe('a    b\n\tc');
  });

  it('builds from any root, and only from what is under it', () => {
    document.body.innerHTML = '<p>outside</p><article id="root"><p>inside one</p><p>inside two</p></article>';
    expect(TextIndex.build(document.getElementById('root')!).text).toBe('inside one\ninside two');
  });
});

describe('describe: selectors for a reader’s selection', () => {
  const page = `
    <article>
      <h2>On patience</h2>
      <p>The committee met on Tuesday.   After a long
         debate, the members agreed to wait.</p>
      <p>Everyone went   home <em>tired</em> but calm.</p>
    </article>
    <footer>Footer.</footer>`;

  it('gives the exact text, 32 characters of context each side, and the positions, across two paragraphs', () => {
    document.body.innerHTML = page;
    const index = TextIndex.build(document.body);
    expect(index.text).toBe(
      'On patience\nThe committee met on Tuesday. After a long debate, the members agreed to wait.\nEveryone went home tired but calm.\nFooter.',
    );
    const selectors = describeRange(rangeBetween('members', 'tired'), index);
    expect(selectors).toEqual([
      {
        type: 'TextQuoteSelector',
        exact: 'members agreed to wait.\nEveryone went home tired',
        prefix: 'esday. After a long debate, the ',
        suffix: ' but calm.\nFooter.',
      },
      { type: 'TextPositionSelector', start: 67, end: 115 },
    ]);
  });

  it('describes a selection made with the Selection API the same way', () => {
    document.body.innerHTML = page;
    const index = TextIndex.build(document.body);
    const [startNode, startAt] = locate('members');
    const [endNode, endAt] = locate('tired');
    const selection = document.getSelection()!;
    selection.setBaseAndExtent(startNode, startAt, endNode, endAt + 'tired'.length);
    expect(describeRange(selection.getRangeAt(0), index)?.[1]).toEqual({
      type: 'TextPositionSelector',
      start: 67,
      end: 115,
    });
  });

  it('leaves out the paragraph break when a drag starts or ends between paragraphs', () => {
    document.body.innerHTML = '<p>First one.</p>\n  <p>Second one.</p>\n  <p>Third one.</p>';
    const index = TextIndex.build(document.body);
    const paragraphs = document.querySelectorAll('p');
    const range = document.createRange();
    range.setStart(paragraphs[0]!.firstChild!, 'First one.'.length);
    range.setEnd(paragraphs[2]!, 0);
    const [quote, position] = describeRange(range, index)!;
    expect(quote.exact).toBe('Second one.');
    expect(position).toEqual({ type: 'TextPositionSelector', start: 11, end: 22 });
  });

  it('describes a selection whose ends are elements, not text', () => {
    document.body.innerHTML = '<p>Alpha.</p><p>Beta <b>bold</b> end.</p><p>Gamma.</p>';
    const index = TextIndex.build(document.body);
    const second = document.querySelectorAll('p')[1]!;
    const range = document.createRange();
    range.selectNodeContents(second);
    expect(describeRange(range, index)?.[0].exact).toBe('Beta bold end.');
  });

  it('gives nothing for a selection of whitespace only', () => {
    document.body.innerHTML = '<p>First.</p>\n   \n<p>Second.</p>';
    const index = TextIndex.build(document.body);
    const range = document.createRange();
    range.setStart(document.body.childNodes[1]!, 0);
    range.setEnd(document.body.childNodes[1]!, 3);
    expect(describeRange(range, index)).toBeUndefined();
  });

  it('describePositions clamps the context at the ends of the text', () => {
    expect(describePositions('Short text.', 0, 5)).toEqual([
      { type: 'TextQuoteSelector', exact: 'Short', prefix: '', suffix: ' text.' },
      { type: 'TextPositionSelector', start: 0, end: 5 },
    ]);
  });

  it('maps a boundary inside text that is not indexed (<object> fallback) to the text that follows it', () => {
    document.body.innerHTML = '<p>One</p><p>Two</p><object data="x.pdf">Fallback text</object><p>Three</p>';
    const index = TextIndex.build(document.body);
    expect(index.text).toBe('One\nTwo\nThree');
    const [fallback] = locate('Fallback');
    expect(index.positionOf(fallback, 2)).toBe(8);
    expect(index.positionOf(document.querySelector('object')!, 0)).toBe(8);
    // A drag from "Two" into the fallback text quotes "Two" and nothing before it.
    const range = document.createRange();
    range.setStart(locate('Two')[0], 0);
    range.setEnd(fallback, 4);
    expect(describeRange(range, index)?.[0].exact).toBe('Two');
  });
});

describe('rangeOf: from text positions back to the page', () => {
  it('gives back the selected characters', () => {
    document.body.innerHTML = `
      <p>The committee met on Tuesday.   After a long
         debate, the members agreed to wait.</p>
      <p>Everyone went   home <em>tired</em> but calm.</p>`;
    const index = TextIndex.build(document.body);
    const [quote, position] = describeRange(rangeBetween('members', 'tired'), index)!;
    const range = index.rangeOf(position.start, position.end, document)!;
    expect(collapse(range.toString())).toBe(collapse(quote.exact));
    expect(collapse(range.toString())).toBe('members agreed to wait. Everyone went home tired');
  });

  it('starts and ends inside the right text nodes, at the right raw offsets', () => {
    document.body.innerHTML = '<p>  Lots   of   space   here  </p><p>End.</p>';
    const index = TextIndex.build(document.body);
    expect(index.text).toBe('Lots of space here\nEnd.');
    const range = index.rangeOf(index.text.indexOf('of'), index.text.indexOf('space') + 5, document)!;
    const node = document.querySelector('p')!.firstChild as Text;
    expect(range.startContainer).toBe(node);
    expect(range.startOffset).toBe(node.data.indexOf('of'));
    expect(range.endOffset).toBe(node.data.indexOf('space') + 5);
    expect(range.toString()).toBe('of   space');
  });

  it('maps positions inside <pre> one to one', () => {
    document.body.innerHTML = '<pre>  a  b\n  c</pre>';
    const index = TextIndex.build(document.body);
    expect(index.rangeOf(2, 6, document)!.toString()).toBe('a  b');
  });

  it('refuses positions outside the text, and empty spans', () => {
    document.body.innerHTML = '<p>Twelve chars</p>';
    const index = TextIndex.build(document.body);
    expect(index.rangeOf(-1, 3, document)).toBeUndefined();
    expect(index.rangeOf(0, 13, document)).toBeUndefined();
    expect(index.rangeOf(4, 4, document)).toBeUndefined();
    expect(index.rangeOf(0, 12, document)!.toString()).toBe('Twelve chars');
  });

  it('round-trips every span of a small mixed page: rangeOf, then positionOf, gives the same text', () => {
    document.body.innerHTML = `
      <h1>  Title  </h1>
      <p>First   para
         with <b>bold</b> text. </p>
      <p> Second <i> para</i> .</p>
      <pre>  code
    line2</pre>
      <p>a<br>b</p><ul><li>one </li><li> two</li></ul>`;
    const index = TextIndex.build(document.body);
    const text = index.text;
    expect(text).toBe('Title\nFirst para with bold text.\nSecond para .\n  code\n    line2\na\nb\none\ntwo');
    const failures: string[] = [];
    for (let start = 0; start < text.length; start++) {
      for (let end = start + 1; end <= text.length; end++) {
        const range = index.rangeOf(start, end, document);
        const wanted = text.slice(start, end);
        if (!range) {
          failures.push(`no range for [${start}, ${end})`);
          continue;
        }
        // The DOM has no characters for synthetic breaks, so compare without whitespace.
        if (range.toString().replace(/\s+/g, '') !== wanted.replace(/\s+/g, ''))
          failures.push(`text of [${start}, ${end})`);
        const back = text.slice(
          index.positionOf(range.startContainer, range.startOffset),
          index.positionOf(range.endContainer, range.endOffset),
        );
        if (back.trim() !== wanted.trim()) failures.push(`positions of [${start}, ${end})`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('TextIndex on a real article (tests/fixtures/pages/v8-blog.html)', () => {
  const SKIPPED = new Set([
    'SCRIPT',
    'STYLE',
    'NOSCRIPT',
    'TEMPLATE',
    'TEXTAREA',
    'SELECT',
    'IFRAME',
    'OBJECT',
    'EMBED',
    'CANVAS',
    'VIDEO',
    'AUDIO',
  ]);

  function loadArticle(): void {
    const html = readFileSync(join(import.meta.dirname, '../fixtures/pages/v8-blog.html'), 'utf8');
    document.documentElement.innerHTML = html.replace(/^[\s\S]*?<html[^>]*>/i, '').replace(/<\/html>[\s\S]*$/i, '');
  }

  /** Every DOM boundary point under `node` in document order, outside skipped elements. */
  function boundaryPoints(node: Node, out: [Node, number][] = []): [Node, number][] {
    if (node.nodeType === 1 && SKIPPED.has(node.nodeName)) return out;
    if (node.nodeType === 3) {
      for (let i = 0; i <= (node as Text).data.length; i++) out.push([node, i]);
      return out;
    }
    node.childNodes.forEach((child, i) => {
      out.push([node, i]);
      boundaryPoints(child, out);
    });
    out.push([node, node.childNodes.length]);
    return out;
  }

  it('positions never go backwards as a boundary moves forward through the document', () => {
    loadArticle();
    const index = TextIndex.build(document.body);
    expect(index.text.length).toBeGreaterThan(10_000);
    const points = boundaryPoints(document.body);
    const positions = points.map(([node, offset]) => index.positionOf(node, offset));
    expect(positions[0]).toBe(0);
    expect(positions.at(-1)).toBe(index.text.length);
    const backwards = positions.findIndex((p, i) => i > 0 && p < positions[i - 1]!);
    expect(backwards).toBe(-1);
  });

  it('round-trips a few hundred spread-out spans through rangeOf and positionOf', () => {
    loadArticle();
    const index = TextIndex.build(document.body);
    const text = index.text;
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const failures: string[] = [];
    for (let k = 0; k < 300; k++) {
      const start = next(text.length - 1);
      const end = Math.min(text.length, start + 1 + next(400));
      const range = index.rangeOf(start, end, document);
      if (!range) {
        failures.push(`no range for [${start}, ${end})`);
        continue;
      }
      const back = text.slice(
        index.positionOf(range.startContainer, range.startOffset),
        index.positionOf(range.endContainer, range.endOffset),
      );
      if (back.trim() !== text.slice(start, end).trim()) failures.push(`[${start}, ${end})`);
    }
    expect(failures).toEqual([]);
  });
});

describe('anchor: finding a stored quote again', () => {
  const sentence = 'the members agreed to postpone the vote until spring.';
  const original =
    'The committee met on Tuesday to discuss the budget. After a long debate, ' +
    sentence +
    ' Everyone went home tired.';
  const start = original.indexOf(sentence);
  const selectors = describePositions(original, start, start + sentence.length)!;

  it('uses the stored position when the quote is still there', () => {
    expect(anchor(selectors, original)).toEqual({ start, end: start + sentence.length });
  });

  it('finds the quote after text was inserted before it', () => {
    const moved = `Editor’s note: this article was updated on Friday.\n${original}`;
    const span = anchor(selectors, moved)!;
    expect(span.start).toBe(start + 'Editor’s note: this article was updated on Friday.\n'.length);
    expect(moved.slice(span.start, span.end)).toBe(sentence);
  });

  it('finds the quote with no stored position at all', () => {
    const span = anchor([selectors[0]], original);
    expect(span).toEqual({ start, end: start + sentence.length });
  });

  it('tells a repeated quote apart by its prefix and suffix', () => {
    const lines = ['Q: Is it safe? A: yes, it is.', 'Q: Is it fast? A: yes, it is.', 'Q: Is it free? A: yes, it is.'];
    const faq = lines.join('\n');
    const second = faq.indexOf('yes', faq.indexOf('fast'));
    const [quote, position] = describePositions(faq, second, second + 'yes, it is.'.length)!;

    const moved = `Frequently asked questions\n${faq}`;
    const span = anchor([quote, position], moved)!;
    expect(moved.slice(span.start - 'fast? A: '.length, span.end)).toBe('fast? A: yes, it is.');
    expect(span.start).toBe(second + 'Frequently asked questions\n'.length);

    // Without a position, the context alone decides.
    expect(anchor([quote], faq)).toEqual({ start: second, end: second + 'yes, it is.'.length });
  });

  it('takes the repeat nearest the stored position when the context cannot decide', () => {
    const text = 'Read more. Read more. Read more.';
    const third = text.lastIndexOf('Read more');
    const [quote, position] = describePositions(text, third, third + 9)!;
    const shifted = `New\n${text}`;
    expect(anchor([{ ...quote, prefix: '', suffix: '' }, position], shifted)).toEqual({
      start: third + 'New\n'.length,
      end: third + 'New\n'.length + 9,
    });
  });

  it('finds a quote in which a word was changed, and returns the edited sentence', () => {
    const edited = original.replace('postpone', 'delay');
    const span = anchor(selectors, edited)!;
    expect(edited.slice(span.start, span.end)).toBe('the members agreed to delay the vote until spring.');
  });

  it('finds an edited quote that also moved, with no position to help', () => {
    const edited = `A new first sentence. ${original.replace('agreed', 'decided')}`;
    const span = anchor([selectors[0]], edited)!;
    expect(edited.slice(span.start, span.end)).toBe('the members decided to postpone the vote until spring.');
  });

  it('finds an edited quote far from its stored position, beyond the nearby search window', () => {
    const far = 'Lorem ipsum dolor sit amet. '.repeat(800) + original.replace('postpone', 'delay');
    const span = anchor(selectors, far)!;
    expect(span.start).toBeGreaterThan(20_000);
    expect(far.slice(span.start, span.end)).toBe('the members agreed to delay the vote until spring.');
  });

  it('finds a short quote with a typo fixed only when its context still agrees', () => {
    const text = 'After a long debate the members agreed to hold the vote in spring.';
    const at = text.indexOf('the vote');
    const short = describePositions(text, at, at + 'the vote'.length)!;
    const fixed = text.replace('the vote', 'the vite');
    expect(anchor(short, fixed)).toEqual({ start: at, end: at + 'the vite'.length });
    expect(anchor(short, 'Unrelated page. Elsewhere, tha vote happened.')).toBeUndefined();
  });

  it('returns nothing when the quote is gone, rather than a similar but different sentence', () => {
    const rewritten =
      'The committee met on Tuesday to discuss the budget. After a long debate, the chair adjourned ' +
      'the meeting without any decision at all. Everyone went home tired. Elsewhere, the members ' +
      'refused to hold the vote before summer.';
    expect(anchor(selectors, rewritten)).toBeUndefined();
    expect(anchor([selectors[0]], rewritten)).toBeUndefined();
  });

  it('returns nothing when most of the sentence was rewritten in place', () => {
    // Same place, same neighbours, same opening words, but 30 of 53 characters differ.
    const rewritten = original.replace(sentence, 'the members could not agree on any date for a ballot.');
    expect(anchor(selectors, rewritten)).toBeUndefined();
    expect(anchor([selectors[0]], rewritten)).toBeUndefined();
  });

  it('finds the sentence at its place when a third of its words changed, its context intact', () => {
    // 18 of 53 characters differ: too many for the quote alone (a short quote that much
    // edited is like many other phrases), but its stored context still frames it.
    const edited = 'the members agreed to hold the vote before summer.';
    const rewritten = original.replace(sentence, edited);
    expect(anchor(selectors, rewritten)).toEqual({ start, end: start + edited.length });
    // Without its stored position there is no "where it was" to look around.
    expect(anchor([selectors[0]], rewritten)).toBeUndefined();
  });

  it('returns nothing for an empty quote or no quote', () => {
    expect(anchor([{ type: 'TextQuoteSelector', exact: '', prefix: '', suffix: '' }], original)).toBeUndefined();
    const positionOnly: Selector[] = [{ type: 'TextPositionSelector', start: 0, end: 5 }];
    expect(anchor(positionOnly, original)).toBeUndefined();
  });

  it('does not draw a short repeated quote on the twin that moved onto its stored position', () => {
    // Removing an entry above a list of same-length entries puts the next entry's identical
    // answer exactly at the stored position; the context says it is the wrong one.
    const lines = ['Q: Is it safe? A: yes, it is.', 'Q: Is it fast? A: yes, it is.', 'Q: Is it free? A: yes, it is.'];
    const faq = lines.join('\n');
    const second = faq.indexOf('yes', faq.indexOf('fast'));
    const selectors = describePositions(faq, second, second + 'yes, it is.'.length)!;
    const shorter = lines.slice(1).join('\n');
    // Repeated when described, so its context was kept longer; with the first line gone,
    // half of it is cut, and a twin cut the same way (the last answer, at the end) would
    // look no different: reported missing rather than risk the wrong answer.
    expect(anchor(selectors, shorter)).toBeUndefined();
    // With the line after it still there to agree, it is found.
    const edited = `${lines[1]}\n${lines[2]}\nQ: Is it open? A: yes, it is.`;
    expect(anchor(selectors, `Q: Is it safe? A: yes, it was.\n${edited}`)).toEqual({ start: 49, end: 60 });
  });
});

describe('a highlight survives changes to the page around it', () => {
  const quoteText = 'the members agreed to wait.';

  function highlight(html: string): Selector[] {
    document.body.innerHTML = html;
    const index = TextIndex.build(document.body);
    return describeRange(rangeBetween('the members', 'wait.'), index)!;
  }

  function reanchor(selectors: Selector[], html: string): string | undefined {
    document.body.innerHTML = html;
    const index = TextIndex.build(document.body);
    const span = anchor(selectors, index.text);
    const range = span && index.rangeOf(span.start, span.end, document);
    return range && collapse(range.toString());
  }

  const compact =
    '<article><h2>Minutes</h2><p>After a long debate, the members agreed to wait.</p><p>Adjourned.</p></article>';

  it('a quote survives re-indented HTML', () => {
    const selectors = highlight(compact);
    const reindented = `
      <article>
          <h2>
              Minutes
          </h2>
          <p>
              After a long    debate,
              the <span>members</span>
              agreed to   wait.
          </p>
          <p>Adjourned.</p>
      </article>`;
    expect(reanchor(selectors, reindented)).toBe(quoteText);
  });

  it('a quote survives a paragraph inserted above it', () => {
    const selectors = highlight(compact);
    const grown = compact.replace('<h2>', '<p>Update: the meeting ran late, as expected.</p><h2>');
    expect(selectors[1]).toEqual({ type: 'TextPositionSelector', start: 29, end: 56 });
    expect(reanchor(selectors, grown)).toBe(quoteText);
    // The new paragraph and its break add 43 characters in front of the quote.
    expect(anchor(selectors, TextIndex.build(document.body).text)).toEqual({ start: 72, end: 99 });
  });

  it('a quote survives a word changed inside it', () => {
    const selectors = highlight(compact);
    expect(reanchor(selectors, compact.replace('agreed', 'chose'))).toBe('the members chose to wait.');
  });

  it('a quote that was removed is not drawn anywhere', () => {
    const selectors = highlight(compact);
    expect(reanchor(selectors, compact.replace('the members agreed to wait.', 'nothing was decided.'))).toBeUndefined();
  });
});
