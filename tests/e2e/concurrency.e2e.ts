/**
 * Issue 7, load, in Chromium on the built dist/chrome: five tabs, each on a page of its own
 * site, save 200 highlights each at the same time, from their content script's own world
 * (so each save comes from its tab, through Chromium's messaging, to the service worker and
 * IndexedDB), some of them twice or three times (a retry: same id). Meanwhile the popup
 * edits notes of highlights already saved (by its messages, and the reader types two notes
 * in its cards), and stale copies (older updatedAt: a tab's first version, an older edit,
 * an older patch, retries that arrive after an edit) are delivered after the newest edit.
 *
 * Each tab sends half of its saves at once, and the other half with every retry at once as
 * soon as the popup's first edit of its page is stored: all 1,000 at one go would be
 * answered before the popup's first read of them, and nothing would meet an edit.
 *
 * The highlights are real passages of the fixture pages, described by our own anchoring
 * code (tests/support/anchoring-in-page.ts), so that each tab reloaded draws its 200.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/shared/types';
import { type AnchoringGlobal, installAnchoring } from '../support/anchoring-in-page';
import { ask } from '../support/background';
import { launchChromium } from '../support/browsers';
import { type ContentWorld, evaluateInContentWorld, loadWatchingOurWorld } from '../support/content-world';
import { openPopup } from '../support/popup';
import { drawnQuotes, fold } from '../support/reader';
import { useBrowser } from '../support/suite';

const suite = useBrowser(() => launchChromium({ args: ['--host-resolver-rules=MAP *.test 127.0.0.1'] }));

const PER_TAB = 200;
/** Five sites, each with a saved article of its own. */
const PAGES = [
  ['wikipedia.test', '/pages/wikipedia.html'],
  ['lwn.test', '/pages/lwn-1.html'],
  ['medium.test', '/pages/medium-1.html'],
  ['v8.test', '/pages/v8-blog.html'],
  ['ietf.test', '/pages/ietf-1.html'],
] as const;

const HOUR = 3_600_000;
const noteOf = (edit: 1 | 2, id: string) => `edit ${edit} of ${id}`;
/** Which highlights of a tab the popup edits by message, and which of those the tab later sends again as they were first. */
const editedByPopup = (i: number) => i % 5 === 2;
const sentAgainByTab = (i: number) => i % 10 === 2;
/** How often the tab sends a save: some are retried once or twice (same id, same copy). */
const copies = (i: number) => 1 + (i % 4 === 1 ? 1 : 0) + (i % 9 === 3 ? 2 : 0);
/** Highlights of the first tab whose note the reader types in the popup, while everything else is going on. */
const TYPED = [8, 151];
const typedNote = (i: number) => `Typed in the popup while five tabs were saving: passage ${i}`;

/** A reproducible shuffle (mulberry32), so a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Tab {
  page: Page;
  url: string;
  title: string;
  world: ContentWorld;
  /** In document order. */
  annotations: Annotation[];
}

/**
 * Opens `url` in a new tab and describes PER_TAB passages of 4 words spread over the whole
 * page, with our anchoring code, as the content script would on the reader's selections.
 */
async function openTab(url: string, firstUpdate: number): Promise<Tab> {
  const page = await suite.launched().browser.newPage();
  const world = await loadWatchingOurWorld(suite.launched(), page, url);
  await installAnchoring(page);
  const annotations = await page.evaluate(
    (ids, firstUpdate) => {
      const count = ids.length;
      const { TextIndex, describePositions } = (globalThis as unknown as AnchoringGlobal).marginaliaAnchoring;
      const { text } = TextIndex.build(document.body);
      const passages = [...text.matchAll(/\S+(?: \S+){3}/g)];
      if (passages.length < count) throw new Error(`only ${passages.length} passages on ${location.href}`);
      const step = passages.length / count;
      return Array.from({ length: count }, (_, i) => {
        const passage = passages[Math.floor(i * step)]!;
        const selectors = describePositions(text, passage.index, passage.index + passage[0].length)!;
        const at = new Date(firstUpdate + i).toISOString();
        return {
          id: ids[i]!,
          url: location.href,
          target: { selector: selectors },
          color: (['yellow', 'green', 'blue', 'pink', 'purple'] as const)[i % 5]!,
          note: '',
          tags: [],
          createdAt: at,
          updatedAt: at,
        };
      });
    },
    // Made here: crypto.randomUUID is for secure contexts, and these pages are plain http.
    Array.from({ length: PER_TAB }, () => randomUUID()),
    firstUpdate,
  );
  return { page, url, title: await page.title(), world, annotations };
}

interface TabResult {
  failures: string[];
  /** How many of the tab's late first versions the background answered as stale. */
  lateAnsweredStale: number;
}

/**
 * In the tab's content-script world. `bursts[0]` is sent all at once; `bursts[1]` (the other
 * half, and the retries of the first) all at once as soon as the popup's first edit of this
 * page is stored, so that it meets the popup's edits in the background. And for each of
 * `late`, as soon as the popup's newest edit of it is stored, the tab's first version again
 * (a save delivered late).
 */
function tabWrites(tab: Tab, bursts: [number[], number[]], late: Annotation[]): Promise<TabResult> {
  return evaluateInContentWorld(
    tab.world,
    async ({ annotations, bursts, late, url, title }) => {
      const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
      type Reply = { ok: boolean; value?: unknown; error?: unknown };
      const send = (name: string, req: unknown) =>
        api.runtime.sendMessage({ marginalia: 1, name, req }) as Promise<Reply | undefined>;
      const failures: string[] = [];
      const save = async (annotation: Annotation) => {
        const reply = await send('annotations/save', { annotation, title });
        if (!reply?.ok) failures.push(`save ${annotation.id}: ${JSON.stringify(reply)}`);
        return reply;
      };
      const sending: Promise<unknown>[] = bursts[0].map((i) => save(annotations[i]!));
      let secondSent = false;
      let lateAnsweredStale = 0;
      const waiting = new Map(late.map((a) => [a.id, a]));
      const deadline = Date.now() + 60_000;
      while ((waiting.size > 0 || !secondSent) && Date.now() < deadline) {
        const reply = await send('annotations/list', { url });
        if (!reply?.ok) {
          failures.push(`list: ${JSON.stringify(reply)}`);
          break;
        }
        for (const stored of reply.value as Annotation[]) {
          if (stored.note !== `edit 2 of ${stored.id}`) continue;
          if (!secondSent) {
            secondSent = true;
            sending.push(...bursts[1].map((i) => save(annotations[i]!)));
          }
          const first = waiting.get(stored.id);
          if (!first) continue;
          waiting.delete(stored.id);
          sending.push(
            save(first).then((r) => {
              if ((r?.value as { stale?: boolean } | undefined)?.stale) lateAnsweredStale++;
            }),
          );
        }
        // Polling storage, as a condition: the popup's edits land when they land.
        if (waiting.size > 0 || !secondSent) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (!secondSent) failures.push('the popup edited nothing of this page');
      if (waiting.size > 0) failures.push(`${waiting.size} edits by the popup never arrived`);
      await Promise.all(sending);
      return { failures, lateAnsweredStale };
    },
    { annotations: tab.annotations, bursts, late, url: tab.url, title: tab.title },
  );
}

interface PopupResult {
  failures: string[];
  edited: number;
  /** Late copies (an older edit saved again, an older patch) that did not change what is stored. */
  lateIgnored: number;
}

/**
 * In the popup (an extension page, with its messages): as soon as each of `ids` is stored,
 * two edits of its note (a whole-record save as the popup's card makes, then a patch as the
 * note frame makes), then the older edit and an older patch delivered again.
 */
function popupEdits(popup: Page, pages: { url: string; ids: string[] }[]): Promise<PopupResult> {
  return popup.evaluate(async (pages) => {
    const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
    type Reply = { ok: boolean; value?: unknown; error?: unknown };
    const send = (name: string, req: unknown) =>
      api.runtime.sendMessage({ marginalia: 1, name, req }) as Promise<Reply | undefined>;
    const failures: string[] = [];
    let edited = 0;
    let lateIgnored = 0;
    const iso = (stored: Annotation, hours: number, ms = 0) =>
      new Date(Date.parse(stored.createdAt) + hours * 3_600_000 + ms).toISOString();
    const edit = async (stored: Annotation) => {
      const first = { ...stored, note: `edit 1 of ${stored.id}`, tags: ['edited'], updatedAt: iso(stored, 1) };
      const saved = await send('annotations/save', { annotation: first, title: '' });
      if (!saved?.ok) failures.push(`edit 1 ${stored.id}: ${JSON.stringify(saved)}`);
      const patched = await send('annotations/patch', {
        id: stored.id,
        change: { note: `edit 2 of ${stored.id}` },
        updatedAt: iso(stored, 2),
      });
      if (!patched?.ok) failures.push(`edit 2 ${stored.id}: ${JSON.stringify(patched)}`);
      edited++;
      // Delivered late: the first edit again, and a patch made between the two edits.
      const [again, olderPatch] = await Promise.all([
        send('annotations/save', { annotation: first, title: '' }),
        send('annotations/patch', {
          id: stored.id,
          change: { note: `a late patch of ${stored.id}` },
          updatedAt: iso(stored, 1, 1),
        }),
      ]);
      const kept = (olderPatch?.value as { annotation?: Annotation } | undefined)?.annotation;
      if ((again?.value as { stale?: boolean } | undefined)?.stale && kept?.note === `edit 2 of ${stored.id}`) {
        lateIgnored++;
      } else {
        failures.push(`late copies of ${stored.id}: stale ${JSON.stringify(again?.value)}, note kept ${kept?.note}`);
      }
    };
    await Promise.all(
      pages.map(async ({ url, ids }) => {
        const waiting = new Set(ids);
        const edits: Promise<void>[] = [];
        const deadline = Date.now() + 60_000;
        while (waiting.size > 0 && Date.now() < deadline) {
          const reply = await send('page/get', { url });
          if (!reply?.ok) {
            failures.push(`page/get: ${JSON.stringify(reply)}`);
            return;
          }
          for (const stored of (reply.value as { annotations: Annotation[] }).annotations) {
            if (!waiting.delete(stored.id)) continue;
            edits.push(edit(stored));
          }
          // Polling storage, as a condition: the tabs' saves land when they land.
          if (waiting.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await Promise.all(edits);
        if (waiting.size > 0) failures.push(`${waiting.size} highlights of ${url} never stored`);
      }),
    );
    return { failures, edited, lateIgnored };
  }, pages);
}

/** The reader types a note for `quote` in the popup's card, and leaves the field (which saves it). */
async function typeNote(popup: Page, quote: string, note: string): Promise<void> {
  const card = await popup.waitForFunction(
    (quote) =>
      [...document.querySelectorAll('.highlights li')].find((li) => li.querySelector('.quote')?.textContent === quote),
    { timeout: 60_000, polling: 50 },
    quote,
  );
  const field = await card.asElement()!.waitForSelector('textarea[aria-label="Note"]');
  await field!.click();
  await popup.keyboard.type(note);
  await popup.keyboard.press('Tab');
}

const quoteText = (a: Annotation) => a.target.selector.find((s) => s.type === 'TextQuoteSelector')!.exact;

describe('Chromium: five tabs writing at once while the popup edits notes', () => {
  it('exactly 1,000 stored, none duplicated, none lost, every note the newest edit, each page’s count right; each tab reloaded draws its 200', async () => {
    const port = new URL(suite.server().origin).port;
    // Every first version a day old: the popup's edits (+1 h, +2 h) and the reader's typing (now) are newer.
    const dayAgo = Date.now() - 24 * HOUR;
    const tabs: Tab[] = [];
    for (const [t, [host, path]] of PAGES.entries()) {
      tabs.push(await openTab(`http://${host}:${port}${path}`, dayAgo + t * 1000));
    }
    const popup = await openPopup(suite.launched(), tabs[0]!.url);

    const plans = tabs.map((tab, t) => {
      const half = PER_TAB / 2;
      const indices = tab.annotations.map((_, i) => i);
      const retries = (i: number) => Array.from({ length: copies(i) - 1 }, () => i);
      const bursts: [number[], number[]] = [
        shuffled(indices.slice(0, half), t + 1),
        shuffled([...indices.slice(half), ...indices.flatMap(retries)], t + 11),
      ];
      return {
        bursts,
        late: tab.annotations.filter((_, i) => sentAgainByTab(i)),
        edited: tab.annotations.filter((_, i) => editedByPopup(i)).map((a) => a.id),
      };
    });
    expect(plans.reduce((n, plan) => n + plan.bursts.flat().length, 0)).toBeGreaterThan(5 * PER_TAB);

    // All at once: five tabs' saves, the popup's edits by message, the reader typing in the popup.
    const [tabResults, popupResult] = await Promise.all([
      Promise.all(tabs.map((tab, t) => tabWrites(tab, plans[t]!.bursts, plans[t]!.late))),
      popupEdits(
        popup,
        tabs.map((tab, t) => ({ url: tab.url, ids: plans[t]!.edited })),
      ),
      (async () => {
        await popup.bringToFront();
        for (const i of TYPED) await typeNote(popup, quoteText(tabs[0]!.annotations[i]!), typedNote(i));
      })(),
    ]);

    // What must be stored: each tab's first version, with the popup's newest edit where it made one.
    const expected = new Map<string, Annotation>();
    for (const tab of tabs) {
      for (const [i, first] of tab.annotations.entries()) {
        expected.set(
          first.id,
          editedByPopup(i)
            ? {
                ...first,
                note: noteOf(2, first.id),
                tags: ['edited'],
                updatedAt: new Date(Date.parse(first.createdAt) + 2 * HOUR).toISOString(),
              }
            : first,
        );
      }
    }
    // The reader's typed notes: saved now, so their time is the popup's to choose.
    const typed = new Map(TYPED.map((i) => [tabs[0]!.annotations[i]!.id, typedNote(i)]));

    const { annotations, pages } = await ask(suite.launched(), 'library/everything', {});
    expect(annotations).toHaveLength(5 * PER_TAB);
    expect(new Set(annotations.map((a) => a.id)).size).toBe(5 * PER_TAB);
    const stored = new Map(annotations.map((a) => [a.id, a]));
    const lost = [...expected.keys()].filter((id) => !stored.has(id));
    const notNewest = [...expected.values()]
      .filter((want) => stored.has(want.id))
      .filter((want) => {
        const got = stored.get(want.id)!;
        const note = typed.get(want.id);
        return note === undefined
          ? JSON.stringify(got) !== JSON.stringify({ ...got, ...want })
          : got.note !== note || got.updatedAt <= want.updatedAt;
      })
      .map((want) => `${want.id}: stored note ${JSON.stringify(stored.get(want.id)!.note)}`);
    expect({ lost, notNewest }).toEqual({ lost: [], notNewest: [] });
    for (const want of expected.values()) {
      if (!typed.has(want.id)) expect(stored.get(want.id)).toEqual(want);
    }
    expect(pages.map((p) => [p.url, p.count, p.title]).sort(([a], [b]) => String(a).localeCompare(String(b)))).toEqual(
      tabs.map((tab) => [tab.url, PER_TAB, tab.title]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    );

    // Every message was answered, and every late copy was answered as such.
    expect(tabResults.flatMap((r) => r.failures)).toEqual([]);
    expect(popupResult.failures).toEqual([]);
    expect(popupResult.edited).toBe(5 * (PER_TAB / 5));
    expect(popupResult.lateIgnored).toBe(5 * (PER_TAB / 5));
    expect(tabResults.map((r) => r.lateAnsweredStale)).toEqual(plans.map((plan) => plan.late.length));

    // The popup that was open all along shows the first tab's 200, with the newest notes.
    await popup.waitForFunction(
      (count) => document.querySelectorAll('.highlights li').length === count,
      { timeout: 20_000, polling: 100 },
      PER_TAB,
    );
    const wantedNotes = tabs[0]!.annotations.map((a) => typed.get(a.id) ?? expected.get(a.id)!.note).sort();
    await popup
      .waitForFunction(
        (wanted) =>
          JSON.stringify(
            [...document.querySelectorAll<HTMLTextAreaElement>('.highlights textarea[aria-label="Note"]')]
              .map((field) => field.value)
              .sort(),
          ) === JSON.stringify(wanted),
        { timeout: 20_000, polling: 200 },
        wantedNotes,
      )
      .catch(async (error: unknown) => {
        const shown = await popup.$$eval('.highlights textarea[aria-label="Note"]', (fields) =>
          fields.map((f) => (f as HTMLTextAreaElement).value),
        );
        throw new Error(
          `the popup shows other notes: ${JSON.stringify(shown.filter((n) => !wantedNotes.includes(n)))} (${String(error)})`,
        );
      });

    // Each tab reloaded draws its 200 passages, on exactly those words.
    for (const tab of tabs) {
      await tab.world.cdp.detach();
      await tab.page.bringToFront();
      await tab.page.reload();
      await tab.page.waitForFunction(
        (count) => {
          let n = 0;
          for (const [name, highlight] of CSS.highlights) {
            // marginalia-note marks passages that have a note: not another highlight.
            if (name.startsWith('marginalia') && name !== 'marginalia-note') n += highlight.size;
          }
          return n === count;
        },
        { timeout: 30_000, polling: 200 },
        PER_TAB,
      );
      expect(await drawnQuotes(tab.page)).toEqual(tab.annotations.map((a) => fold(quoteText(a))));
      await tab.page.close();
    }
    await popup.close();
  }, 240_000);
});
