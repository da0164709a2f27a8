import type { Sender } from '../shared/browser';
import { ext } from '../shared/browser';
import { tabRequest } from '../shared/events';
import { t } from '../shared/i18n';
import { MAX_PASSAGE, passageTooLong } from '../shared/limits';
import { type Handlers, MessageError, type Origin } from '../shared/messages';
import { loadOptions } from '../shared/options';
import { isPdfKey } from '../shared/pdf-key';
import { afterVerdict, isRetired, MAX_PER_DAY, reviewedCount, todaysCards } from '../shared/review-schedule';
import { quoteOf } from '../shared/types';
import { isBroaderThan, siteOf, urlKey } from '../shared/url-key';
import {
  aliasOf,
  broadcast,
  orphansOf,
  pageOfTab,
  registerTab,
  registerTabFor,
  rememberOrphans,
  tabsShowing,
} from './broadcast';
import * as db from './db';
import { allowOriginal, openLocalPdf } from './pdf-open';
import { jumpInPdf, pdfInTab, rememberPdfTab } from './pdf-tabs';
import { allTags, invalidateSearch, search, warmSearch } from './search';
import { readerMessage } from './storage-errors';
import { syncHandlers } from './sync/handlers';

/**
 * A content script may only reach annotations of its own site (its origin; a local file
 * only its own): a page that subverts its content script still cannot read another site's
 * notes, nor another file's.
 */
function assertSameSite(url: string, sender: Sender & { origin: Origin }): void {
  if (sender.origin === 'extension') return;
  if (!sender.url || siteOf(url) !== siteOf(sender.url)) {
    throw new MessageError('forbidden', 'That page belongs to another site');
  }
}

/**
 * The notes of a page and of its canonical address, once each. The alias is only ever
 * on the page's own site (see 'annotations/list'), so it opens no other site's notes.
 */
async function annotationsOf(key: string, alias: string | undefined) {
  if (!alias) return db.annotationsFor(key);
  const [own, aliased] = await Promise.all([db.annotationsFor(key), db.annotationsFor(alias)]);
  const ids = new Set(own.map((a) => a.id));
  return [...own, ...aliased.filter((a) => !ids.has(a.id))];
}

/**
 * Private windows: unless the reader chose to keep highlights there (options), nothing
 * from a private tab is read or stored. The content script does not start there either;
 * this holds even if it did.
 */
async function assertNotPrivate(sender: Sender & { origin: Origin }): Promise<void> {
  // The note frame is an extension page inside a tab: held to its tab's rule too.
  if (!sender.tab?.incognito) return;
  if ((await loadOptions()).privateWindows !== 'keep') throw new MessageError('forbidden', t('privateNotKept'));
}

function keyOf(url: string): string {
  const key = urlKey(url);
  if (!key) throw new MessageError('invalid', 'Not an http(s) or file URL');
  return key;
}

async function storage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MessageError) throw error;
    throw new MessageError('storage', readerMessage(error));
  }
}

export const handlers: Handlers = {
  async 'annotations/list'({ url, canonical }, sender) {
    await assertNotPrivate(sender);
    assertSameSite(url, sender);
    const key = keyOf(url);
    // `<link rel=canonical>` is the page's word: it may only name an address on the page's
    // own site, or a hostile page could declare another site's article to read its notes.
    const alias = canonical === undefined ? undefined : keyOf(canonical);
    if (alias !== undefined && siteOf(alias) !== siteOf(key)) {
      throw new MessageError('forbidden', 'A canonical address on another site is not used');
    }
    // The home page or a section above the page is no alias (see isBroaderThan): ignored.
    const other = alias === key || (alias !== undefined && isBroaderThan(alias, key)) ? undefined : alias;
    if (sender.origin === 'tab' && sender.tab?.id !== undefined) registerTab(sender.tab.id, key, other);
    return storage(() => annotationsOf(key, other));
  },
  async 'annotations/get'({ id }, sender) {
    await assertNotPrivate(sender);
    return { annotation: (await storage(() => db.getAnnotation(id))) ?? null };
  },
  async 'annotations/save'({ annotation, title, source }, sender) {
    await assertNotPrivate(sender);
    assertSameSite(annotation.url, sender);
    if (keyOf(annotation.url) !== annotation.url) throw new MessageError('invalid', 'annotation.url is not normalized');
    const { kept, stale } = await storage(async () => {
      const existing = await db.getAnnotation(annotation.id);
      if (existing && existing.url !== annotation.url) {
        throw new MessageError('forbidden', 'An annotation cannot move to another page');
      }
      // Only new highlights are held to the passage limit: an edit of one saved under an
      // earlier, larger limit must still go through.
      const passage = quoteOf(annotation)?.exact.length ?? 0;
      if (!existing && passage > MAX_PASSAGE) throw new MessageError('invalid', passageTooLong(passage));
      // Only a PDF's record keeps where it was read (the PDF reader says so).
      const where = isPdfKey(annotation.url) && sender.origin === 'extension' ? source : undefined;
      const result = await db.saveAnnotation(annotation, title, where);
      if (!result.stale) invalidateSearch();
      return result;
    });
    // The tab that saved it draws it already; everyone else is told. A stale copy was not
    // stored: its sender is told too, so it draws the newer edit instead of its own.
    if (sender.origin === 'tab' && sender.tab?.id !== undefined) registerTabFor(sender.tab.id, kept.url);
    broadcast('annotations/changed', { url: kept.url, saved: [kept], deleted: [] }, stale ? undefined : sender.tab?.id);
    return stale ? { savedAt: new Date().toISOString(), stale: true } : { savedAt: new Date().toISOString() };
  },
  async 'annotations/patch'({ id, change, updatedAt }, sender) {
    await assertNotPrivate(sender);
    const annotation = await storage(async () => {
      const existing = await db.getAnnotation(id);
      if (existing) assertSameSite(existing.url, sender);
      const result = (await db.patchAnnotation(id, change, updatedAt)) ?? null;
      invalidateSearch();
      return result;
    });
    if (annotation) {
      if (sender.origin === 'tab' && sender.tab?.id !== undefined) registerTabFor(sender.tab.id, annotation.url);
      // Everyone draws the stored result, the sender too: it may hold more than its change.
      broadcast('annotations/changed', { url: annotation.url, saved: [annotation], deleted: [] });
    }
    return { annotation };
  },
  async 'annotations/delete'({ id }, sender) {
    await assertNotPrivate(sender);
    return storage(async () => {
      const existing = await db.getAnnotation(id);
      if (!existing) return { deleted: null };
      assertSameSite(existing.url, sender);
      const deleted = (await db.deleteAnnotation(id)) ?? null;
      invalidateSearch();
      if (deleted) broadcast('annotations/changed', { url: deleted.url, saved: [], deleted: [id] });
      return { deleted };
    });
  },
  async 'page/get'({ url }) {
    const key = keyOf(url);
    // A page that declared a canonical address (in an open tab) shows that address's notes
    // as the tab does; new ones are saved there, so its record is the canonical one.
    const alias = await aliasOf(key);
    return storage(async () => {
      const [page, annotations] = await Promise.all([db.pageFor(alias ?? key), annotationsOf(key, alias)]);
      return { page: page ?? null, annotations, orphans: orphansOf(key), alias: alias ?? null };
    });
  },
  async 'page/status'({ url, orphans }, sender) {
    await assertNotPrivate(sender);
    assertSameSite(url, sender);
    const key = keyOf(url);
    if (sender.tab?.id !== undefined) registerTabFor(sender.tab.id, key);
    // A popup open on the canonical address hears about the tab that shows its notes too.
    const alias = await aliasOf(key);
    for (const shown of alias ? [key, alias] : [key]) {
      rememberOrphans(shown, orphans);
      broadcast('page/status', { url: shown, orphans }, sender.tab?.id);
    }
    return {};
  },
  async 'page/note'({ url, note, title }) {
    const key = keyOf(url);
    const page = await storage(() => db.savePageNote(key, note, title));
    invalidateSearch();
    return { page };
  },
  async 'library/pages'() {
    const pages = await storage(() => db.allPages());
    // The reader is about to search: have the index ready for the first keystroke.
    warmSearch();
    return { pages };
  },
  async 'library/search'({ query, color, tag, limit }) {
    return storage(() => search(query, color, tag, Math.min(limit, 1000)));
  },
  async 'library/everything'() {
    const [pages, annotations] = await storage(() => Promise.all([db.allPages(), db.allAnnotations()]));
    return { pages, annotations };
  },
  async 'library/import'({ pages, annotations }) {
    for (const a of annotations)
      if (keyOf(a.url) !== a.url) throw new MessageError('invalid', `${a.id}: URL is not normalized`);
    const { written, ...counts } = await storage(() =>
      db.importRecords(
        pages.map((p) => ({ ...p, url: keyOf(p.url) })),
        annotations,
      ),
    );
    invalidateSearch();
    // Open tabs draw what the import changed for them.
    const byUrl = new Map<string, typeof written>();
    for (const a of written) byUrl.set(a.url, [...(byUrl.get(a.url) ?? []), a]);
    for (const [url, saved] of byUrl) broadcast('annotations/changed', { url, saved, deleted: [] });
    return counts;
  },
  async 'library/tags'() {
    return { tags: await storage(() => allTags()) };
  },
  async 'tab/jump'({ url, id }) {
    // A PDF's highlight can always be jumped to while its address is known: a reader opens.
    if (isPdfKey(url)) return jumpInPdf(keyOf(url), id);
    const [tabId] = await tabsShowing(keyOf(url));
    if (tabId === undefined) return { found: false };
    await ext.activateTab(tabId).catch(() => undefined);
    return (await ext.sendToTab(tabId, tabRequest('tab/jump', { id }))) as { found: boolean };
  },
  async 'tab/page'({ tabId }) {
    return pageOfTab(tabId);
  },
  async 'review/today'({ day, perDay }) {
    const [annotations, pages] = await storage(() => Promise.all([db.allAnnotations(), db.allPages()]));
    const titles = new Map(pages.map((p) => [p.url, p.title]));
    const cards = todaysCards(annotations, day, Math.min(perDay, MAX_PER_DAY));
    return {
      cards: cards.map((annotation) => ({ annotation, title: titles.get(annotation.url) ?? '' })),
      reviewed: reviewedCount(annotations, day),
      total: annotations.filter((a) => !isRetired(a)).length,
    };
  },
  async 'review/mark'({ id, verdict, day }) {
    const annotation = await storage(async () => {
      const existing = await db.getAnnotation(id);
      if (!existing) return null;
      const review = afterVerdict(existing.review, verdict, day);
      return (await db.patchAnnotation(id, { review }, new Date().toISOString())) ?? null;
    });
    if (annotation) broadcast('annotations/changed', { url: annotation.url, saved: [annotation], deleted: [] });
    return { annotation };
  },
  async 'pdf/open'({ key, source }, sender) {
    await assertNotPrivate(sender);
    const where = source === null ? null : keyOf(source);
    return storage(async () => {
      const [page, own, older] = await Promise.all([
        db.pageFor(key),
        db.annotationsFor(key),
        where === null ? [] : db.pdfPagesAt(where),
      ]);
      // Notes of an earlier version read at the same address are shown too (anchored by
      // their quotes, or listed as not found); they stay under their own fingerprint.
      const others = await Promise.all(older.filter((p) => p.url !== key).map((p) => db.annotationsFor(p.url)));
      if (sender.tab?.id !== undefined) {
        rememberPdfTab(sender.tab.id, { key, source: where ?? page?.source ?? null, title: page?.title ?? '' });
      }
      return { annotations: [...own, ...others.flat()], page: page ?? null };
    });
  },
  async 'pdf/shown'({ tabId }) {
    const shown = await pdfInTab(tabId);
    return { key: shown?.key ?? null, source: shown?.source ?? null, title: shown?.title ?? '' };
  },
  async 'pdf/original'({ url }, sender) {
    await allowOriginal(url, sender.tab?.id);
    return {};
  },
  async 'pdf/local'(_req, sender) {
    return { opened: await openLocalPdf(sender) };
  },
  async 'tab/reattach'({ url, id }) {
    const [tabId] = await tabsShowing(keyOf(url));
    if (tabId === undefined) return { ok: false, reason: t('reattachNeedsTab') };
    return (await ext.sendToTab(tabId, tabRequest('tab/reattach', { id }))) as { ok: boolean; reason?: string };
  },
  ...syncHandlers,
};
