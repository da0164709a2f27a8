import { TextIndex, anchorAll, describe } from '../anchoring';
import type { Annotation, Color } from '../shared/types';
import { urlKey } from '../shared/url-key';
import { uuid } from '../shared/uuid';
import { createPainter } from './painter';
import { currentRange, watchSelection } from './selection';
import { listAnnotations, saveAnnotation } from './store-client';
import { Toolbar } from './toolbar';

/** Mutations are handled once the page has been quiet this long (or at the latest after MAX_WAIT). */
const QUIET_MS = 150;
const MAX_WAIT_MS = 1000;

/**
 * The page's annotations: loads them, anchors and draws them, keeps anchoring those not
 * yet found as the page changes, and turns the reader's selections into new ones.
 */
export class Annotator {
  private readonly controller = new AbortController();
  private readonly painter = createPainter();
  private readonly toolbar: Toolbar;
  private readonly annotations = new Map<string, Annotation>();
  /** Annotations not (or no longer) drawn: anchored again after the page changes. */
  private readonly pending = new Set<string>();
  private key: string | undefined;
  private observer: MutationObserver | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstMutationAt = 0;
  private color: Color = 'yellow';

  constructor() {
    const { signal } = this.controller;
    this.toolbar = new Toolbar({ signal, onHighlight: (range) => void this.create(range) });
    watchSelection({
      signal,
      isOurs: (node) => this.toolbar.owns(node),
      onSelect: (range) => this.toolbar.show(range),
      onClear: () => this.toolbar.hide(),
    });
    // Single-page apps change the URL without a load: follow them to the new page's notes.
    window.addEventListener('popstate', () => this.schedule(), { signal });
    signal.addEventListener('abort', () => {
      this.observer?.disconnect();
      clearTimeout(this.timer);
      this.painter.destroy();
    });
  }

  destroy(): void {
    this.controller.abort();
  }

  async load(): Promise<void> {
    const key = urlKey(location.href);
    this.key = key;
    this.painter.destroy();
    this.annotations.clear();
    this.pending.clear();
    if (!key) return;
    // A page without annotations costs one message and no DOM walk.
    const list = await listAnnotations(location.href);
    if (this.key !== key || this.controller.signal.aborted) return;
    for (const annotation of list) {
      this.annotations.set(annotation.id, annotation);
      this.pending.add(annotation.id);
    }
    this.anchorPending();
    this.observe();
  }

  private async create(range: Range): Promise<void> {
    const key = urlKey(location.href);
    if (!key) return;
    const index = TextIndex.build(document.body);
    const selectors = describe(range, index);
    if (!selectors) return;
    const [, position] = selectors;
    const drawn = index.rangeOf(position.start, position.end, document);
    if (!drawn) return;
    const now = new Date().toISOString();
    const annotation: Annotation = {
      id: uuid(),
      url: key,
      target: { selector: selectors },
      color: this.color,
      note: '',
      tags: [],
      createdAt: now,
      updatedAt: now,
    };
    this.annotations.set(annotation.id, annotation);
    this.painter.draw(annotation.id, drawn, annotation.color);
    document.getSelection()?.removeAllRanges();
    this.toolbar.hide();
    this.observe();
    try {
      await saveAnnotation(annotation, document.title);
    } catch (error) {
      // What the reader sees must be what is stored: take the drawing back and say why.
      this.annotations.delete(annotation.id);
      this.painter.erase(annotation.id);
      const reason = error instanceof Error ? error.message : String(error);
      this.toolbar.tell(`Marginalia could not save this highlight. ${reason}`, drawn);
    }
  }

  /** Anchors every pending annotation against one text index built for this pass. */
  private anchorPending(): void {
    if (this.pending.size === 0 || !document.body) return;
    const index = TextIndex.build(document.body);
    for (const id of this.pending) if (!this.annotations.has(id)) this.pending.delete(id);
    const ids = [...this.pending];
    const spans = anchorAll(
      ids.map((id) => this.annotations.get(id)!.target.selector),
      index.text,
    );
    ids.forEach((id, i) => {
      const span = spans[i];
      const range = span && index.rangeOf(span.start, span.end, document);
      if (!range) return;
      this.painter.draw(id, range, this.annotations.get(id)!.color);
      this.pending.delete(id);
    });
    // Our own drawing (in the fallback painter) is not a page change.
    this.observer?.takeRecords();
  }

  private observe(): void {
    if (this.observer || this.annotations.size === 0) return;
    this.observer = new MutationObserver((records) => {
      if (records.every((r) => this.toolbar.owns(r.target) || isOnlyOurHost(r, this.toolbar))) return;
      this.schedule();
    });
    this.observer.observe(document, { childList: true, subtree: true, characterData: true });
  }

  /** Debounced: a page that streams in content is looked at once it settles, not per node. */
  private schedule(): void {
    const now = performance.now();
    if (this.timer === undefined) this.firstMutationAt = now;
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(QUIET_MS, this.firstMutationAt + MAX_WAIT_MS - now));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.settle();
    }, wait);
  }

  private async settle(): Promise<void> {
    if (urlKey(location.href) !== this.key) {
      await this.load();
      return;
    }
    for (const [id, { range }] of this.painter.drawn()) {
      if (range.collapsed || !range.startContainer.isConnected || !range.endContainer.isConnected) {
        this.painter.erase(id);
        this.pending.add(id);
      }
    }
    this.anchorPending();
  }

  /** Highlights the current selection (for keyboard commands and menus). */
  highlightSelection(): void {
    const range = currentRange((node) => this.toolbar.owns(node));
    if (range) void this.create(range);
  }
}

function isOnlyOurHost(record: MutationRecord, toolbar: Toolbar): boolean {
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length > 0 && nodes.every((n) => n.nodeName === 'MARGINALIA-TOOLBAR' || toolbar.owns(n));
}
