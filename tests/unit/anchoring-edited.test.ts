// @vitest-environment jsdom
/**
 * Highlights on pages edited around and inside them (issue 13): a quote edited beyond what
 * it is found by alone comes back at its place by its context, and a page that repeats
 * itself (running page headers, a request printed four times, a paragraph printed twice)
 * never gets a highlight drawn on the other copy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Selector, TextSpan } from '../../src/anchoring';
import { anchor, anchorAll, describePositions, TextIndex } from '../../src/anchoring';

const FIXTURES = join(import.meta.dirname, '../fixtures');

/** Chapters 1 to 9 of Moby Dick, one paragraph a line, as the text index would read them. */
const MOBY = readFileSync(join(FIXTURES, 'books/moby-dick-1-9.txt'), 'utf8')
  .replace(/\r\n?/g, '\n')
  .split(/\n\s*\n/)
  .map((p) => p.replace(/\s+/g, ' ').trim())
  .filter(Boolean)
  .join('\n');

/** The page's text, with the reader's highlight of the first occurrence of each of `quotes`. */
function highlight(text: string, quotes: string[]): Selector[][] {
  return quotes.map((q) => {
    const at = text.indexOf(q);
    expect(at, q).toBeGreaterThanOrEqual(0);
    return describePositions(text, at, at + q.length)!;
  });
}

const textOf = (text: string, span: TextSpan | undefined) => span && text.slice(span.start, span.end);

describe('a quote edited inside comes back at its place', () => {
  const before = 'There is nothing surprising in this.';
  const quote = 'having little or no money in my purse';
  const after = 'It is a way I have of driving off the spleen';

  it('when a long word was inserted into it and a paragraph above it was added', () => {
    const list = highlight(MOBY, [before, quote, after]);
    const edited = `A new preface by the editors.\n${MOBY.replace(quote, 'having little or no Pleasejustgivememyaccount money in my purse')}`;
    const spans = anchorAll(list, edited);
    expect(textOf(edited, spans[0])).toBe(before);
    expect(textOf(edited, spans[2])).toBe(after);
    // Drawn over the edited words where they stand (the inserted word may be left out).
    const drawn = textOf(edited, spans[1]);
    expect(drawn).toMatch(/^having little or no /);
    expect(edited.indexOf('having little or no Pleasejust')).toBe(spans[1]!.start);
    // Alone, with only its stored position and the shift it cannot know: the same.
    expect(anchor(list[1]!, edited)?.start).toBe(spans[1]!.start);
  });

  it('when three of its nine words were changed, its context intact', () => {
    const list = highlight(MOBY, [quote]);
    const changed = 'having almost no coin in my old purse';
    const edited = MOBY.replace(quote, changed);
    expect(textOf(edited, anchor(list[0]!, edited))).toBe(changed);
  });

  it('but not when most of its words were replaced by others that share its letters', () => {
    // From chapter 12, as the benchmark's word edits left it: 0.58 similar letter by
    // letter, but only "coronation;", "and gone, he" are its own words.
    const paragraph =
      'Queequeg told me that he would propose going back, and having a coronation; since he might now consider ' +
      'his father dead and gone, he being very old and feeble at the last accounts.';
    const page = `${MOBY.slice(0, 3000)}\n${paragraph}\n${MOBY.slice(3000, 6000)}`;
    const list = highlight(page, ['coronation; since he might now consider his father dead and gone, he']);
    const edited = page.replace(
      'coronation; since he might now consider his father dead and gone, he being very old and feeble',
      'coronation; great philosophical colour his large Being and gone, he being old and feeble',
    );
    expect(anchor(list[0]!, edited)).toBeUndefined();
  });

  it('from its own first word, not inside the word before it, when its first words were changed', () => {
    // From chapter 54, as the benchmark's word edits left it: "down" deleted, "ship" made
    // "Stubb"; the alignment began at "aving", inside "heaving" of its prefix.
    const paragraph =
      '“The ship’s company being reduced to but a handful, the captain called upon the Islanders to assist him ' +
      'in the laborious business of heaving down the ship to stop the leak. But to such unresting vigilance ' +
      'over their dangerous allies was this small band of whites necessitated, both by night and by day.';
    const page = `${MOBY.slice(0, 3000)}\n${paragraph}\n${MOBY.slice(3000, 6000)}`;
    const list = highlight(page, ['down the ship to stop']);
    const edited = page.replace(
      'called upon the Islanders to assist him in the laborious business of heaving down the ship to stop the leak. But to such unresting vigilance over their dangerous allies was this small band',
      'called were upon the withdrawn to assist him in the laborious business of heaving the Stubb to stop mast leak. But to such unresting vigilance over their dangerous allies was this small saw band',
    );
    expect(textOf(edited, anchor(list[0]!, edited))).toBe('the Stubb to stop');
  });

  it('but not when most of it was rewritten, even in its old frame', () => {
    const list = highlight(MOBY, [quote]);
    const edited = MOBY.replace(quote, 'having spent every last coin on a ship');
    expect(anchor(list[0]!, edited)).toBeUndefined();
  });
});

describe('a page that repeats itself: drawn on its own copy or not at all', () => {
  // The remoteStorage Internet-Draft: a running header and footer on each of its 22 pages,
  // and the same PUT request (with the same bearer token) printed four times.
  const html = readFileSync(join(FIXTURES, 'pages/ietf-1.html'), 'utf8')
    .replace(/<script\b[\s\S]*?<\/script>/gi, '')
    .replace(/^[\s\S]*?<html[^>]*>/i, '')
    .replace(/<\/html>[\s\S]*$/i, '');
  document.documentElement.innerHTML = html;
  const text = TextIndex.build(document.body).text;
  const occurrences = (s: string, within = text) => {
    const found: number[] = [];
    for (let at = within.indexOf(s); at !== -1; at = within.indexOf(s, at + 1)) found.push(at);
    return found;
  };

  it('a page footer: the highlight of page 16’s stays on it, not page 17’s, when the header below it was edited', () => {
    const footer = '[Page 16]';
    const at = text.indexOf(footer);
    const end = text.indexOf('Internet-Draft', at) + 'Internet-Draft'.length;
    const list = describePositions(text, at, end)!;
    const quote = text.slice(at, end);
    expect(quote).toMatch(/^\[Page 16\]\s+Internet-Draft$/);
    // A word inserted in the running header after it (the context that told it apart),
    // and a line added at the top of the page.
    const note = 'Updated draft.\n';
    const edited = `${note}${text.slice(0, at + quote.length)}              expression${text.slice(at + quote.length)}`;
    const own = at + note.length;
    const span = anchor(list, edited);
    if (span) expect(span.start).toBe(own);
    expect(span?.start).not.toBe(edited.indexOf('[Page 17]'));
    // With passages before and after it highlighted too, they say where it is: at its own.
    const neighbours = [
      describePositions(text, at - 300, at - 280)!,
      list,
      describePositions(text, end + 300, end + 320)!,
    ];
    expect(anchorAll(neighbours, edited)[1]).toEqual({ start: own, end: own + quote.length });
  });

  it('a quote whose middle words were replaced by long ones is drawn from its first word, which is still there', () => {
    const quote = "current\n    version as a strong ETag in an 'ETag' header.\n\n\nde Jong";
    const at = text.indexOf(quote);
    expect(at).toBeGreaterThan(0);
    const list = describePositions(text, at, at + quote.length)!;
    const changed = quote.replace('as a', 'WaltzQueen EscapingPerfection');
    const edited = text.slice(0, at) + changed + text.slice(at + quote.length);
    expect(textOf(edited, anchor(list, edited))).toBe(changed);
  });

  it('a URL deleted from a list is an orphan, not drawn on the line above that it begins like', () => {
    const url = 'https://storage.example.com/bob/public/documents/draft.txt';
    const at = text.indexOf(url);
    expect(at).toBeGreaterThan(0);
    expect(text.slice(at - 80, at)).toContain('https://storage.example.com/bob/public/documents/\n');
    const list = describePositions(text, at, at + url.length)!;
    const edited = text.slice(0, at) + text.slice(at + url.length);
    const span = anchor(list, edited);
    expect(span ? edited.slice(span.start, span.end) : 'an orphan').toBe('an orphan');
  });

  it('a request printed four times: its token’s highlight stays on its own copy when the lines around it were edited', () => {
    const token = 'j2YnGtXjzzzHNjkd1CJxoQubA1o=';
    const copies = occurrences(token);
    expect(copies).toHaveLength(4);
    // The first copy highlighted, with a word before and after it highlighted too.
    const list = [
      describePositions(text, copies[0]! - 200, copies[0]! - 180)!,
      describePositions(text, copies[0]!, copies[0]! + token.length)!,
      describePositions(text, copies[0]! + 120, copies[0]! + 140)!,
    ];
    expect(list[1]![0].prefix.length).toBeGreaterThan(32);
    // Its header's name changed and a word inserted in the next line: the other copies keep theirs.
    const line = text.lastIndexOf('Authorization:', copies[0]);
    const lineEnd = text.indexOf('Content-Type:', copies[0]);
    const edited =
      text.slice(0, line) +
      'Wendy' +
      text.slice(line + 'Authorization:'.length, lineEnd) +
      'Content-Type: them' +
      text.slice(lineEnd + 'Content-Type:'.length);
    const own = occurrences(token, edited)[0]!;
    const spans = anchorAll(list, edited);
    expect(spans[1]?.start).toBe(own);
    // Alone, with no neighbours to say where it is, it is an orphan rather than another copy.
    expect([own, undefined]).toContain(anchor(list[1]!, edited)?.start);
  });
});

describe('a list whose rows differ by a word', () => {
  // A blog's share buttons, as the articles page of the benchmark has them.
  const services = ['Facebook', 'Twitter', 'Telegram', 'WhatsApp', 'Google+', 'Pocket', 'Reddit'];
  const list = services.map((s) => `Click to share on ${s} (Opens in new window)`).join('\n');
  const page = `${MOBY.slice(0, 1500)}\nShare this:\nClick to email this to a friend (Opens in new window)\n${list}\nLike this:\n${MOBY.slice(1500, 3000)}`;

  it('a row edited past recognition is an orphan, not drawn on the next row', () => {
    const row = 'window)\nClick to share on Telegram (Opens in new window)\nClick to share on';
    const [selectors] = highlight(page, [row]);
    // Its words edited (as the benchmark's 15 % edits left it): the rows below are intact.
    const edited = page.replace(
      'Click to share on Telegram (Opens in new window)\nClick to share on WhatsApp (Opens in new window)',
      'Words to share GoldenHeart Telegram theNewDesire in window)\nClick to might share on WhatsApp (Opens in Loveless window)',
    );
    const span = anchor(selectors!, edited);
    expect(span ? edited.slice(span.start, span.end) : 'an orphan').not.toMatch(
      /Google\+|Pocket|Reddit|Facebook|Twitter/,
    );
  });
});

describe('a paragraph printed twice', () => {
  const paragraph =
    'Whenever I find myself growing grim about the mouth; whenever it is a damp, drizzly November in my soul; ' +
    'whenever I find myself involuntarily pausing before coffin warehouses, and bringing up the rear of every funeral I meet.';
  const page = `${MOBY.slice(0, 2000)}\n${paragraph}\nA pull quote from the chapter:\n${paragraph}\n${MOBY.slice(2000, 4000)}`;
  const first = page.indexOf(paragraph);
  const second = page.indexOf(paragraph, first + 1);
  const list = [
    describePositions(page, first - 300, first - 250)!,
    describePositions(page, second + 10, second + 160)!,
    describePositions(page, second + paragraph.length + 50, second + paragraph.length + 100)!,
  ];

  it('the highlight in the second copy stays there when words around and in it were edited', () => {
    const quote = list[1]![0].exact;
    const editedQuote = quote.replace('November', 'Novemberish').replace('coffin', 'old coffin');
    const edited = `${page.slice(0, second)}${paragraph.replace(quote, editedQuote)}${page.slice(second + paragraph.length)}`;
    const spans = anchorAll(list, `A line.\n${edited}`);
    expect(spans[1]?.start).toBe(list[1]![1].start + 'A line.\n'.length);
  });

  it('is an orphan once its own copy is rewritten beyond recognition, not drawn on the first copy', () => {
    const quote = list[1]![0].exact;
    const rewritten =
      'Every autumn the sea calls to me, and I find my way back to the harbour and the ships waiting there.';
    const edited = `${page.slice(0, second)}${paragraph.replace(quote, rewritten)}${page.slice(second + paragraph.length)}`;
    const spans = anchorAll(list, edited);
    expect(spans[1]).toBeUndefined();
    expect(anchor(list[1]!, edited)).toBeUndefined();
  });
});
