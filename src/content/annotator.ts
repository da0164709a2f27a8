import { TextIndex, describe } from '../anchoring';
import { onEvents } from '../shared/events';
import { send } from '../shared/messages';
import type { Annotation, Color } from '../shared/types';
import { urlKey } from '../shared/url-key';
import { uuid } from '../shared/uuid';
import { PageHighlights } from './highlights';
import { type PageWatcher, watchPage } from './page-watch';
import { currentRange, watchSelection } from './selection';
import { listAnnotations, saveAnnotation } from './store-client';
import { Toolbar } from './toolbar';

/**
 * The page's side of Marginalia: loads the page's annotations, keeps them drawn as the
 * page changes, follows edits made in the popup, and turns the reader's selections into
 * new highlights.
 */
export class Annotator {
  private readonly controller = new AbortController();
  private readonly highlights = new PageHighlights();
  private readonly toolbar: Toolbar;
  private readonly watcher: PageWatcher;
  private key: string | undefined;
  private reportedOrphans = '';
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
    this.watcher = watchPage({
      signal,
      isOurs: (node) => this.toolbar.owns(node) || node.nodeName === 'MARGINALIA-TOOLBAR',
      onSettled: () => void this.settle(),
    });
    const stopEvents = onEvents({
      'annotations/changed': ({ url, saved, deleted }) => {
        if (url !== this.key) return;
        this.highlights.remove(deleted);
        this.highlights.add(saved);
        this.redraw();
      },
    });
    signal.addEventListener('abort', () => {
      stopEvents();
      this.highlights.destroy();
    });
  }

  destroy(): void {
    this.controller.abort();
  }

  async load(): Promise<void> {
    const key = urlKey(location.href);
    this.key = key;
    this.highlights.clear();
    if (!key) return;
    // A page without annotations costs one message and no DOM walk.
    const list = await listAnnotations(location.href);
    if (this.key !== key || this.controller.signal.aborted) return;
    this.highlights.add(list);
    this.redraw();
  }

  /** Anchors what is pending, starts watching the page if it has annotations, tells the popup what is missing. */
  private redraw(): void {
    this.highlights.anchorPending();
    this.watcher.forget();
    if (this.highlights.size > 0) this.watcher.observe();
    this.report();
  }

  private report(): void {
    const orphans = this.highlights.orphans();
    const signature = orphans.join(',');
    if (!this.key || signature === this.reportedOrphans) return;
    this.reportedOrphans = signature;
    send('page/status', { url: this.key, orphans }).catch(() => {
      this.reportedOrphans = '';
    });
  }

  private async settle(): Promise<void> {
    if (urlKey(location.href) !== this.key) {
      // The single-page app moved to another URL: its notes, not these.
      this.reportedOrphans = '';
      await this.load();
      return;
    }
    this.highlights.recheckDrawn();
    this.redraw();
  }

  private async create(range: Range): Promise<void> {
    const key = urlKey(location.href);
    if (!key || !document.body) return;
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
    this.highlights.drawAt(annotation, drawn);
    this.watcher.forget();
    this.watcher.observe();
    document.getSelection()?.removeAllRanges();
    this.toolbar.hide();
    try {
      await saveAnnotation(annotation, document.title);
    } catch (error) {
      // What the reader sees must be what is stored: take the drawing back and say why.
      this.highlights.remove([annotation.id]);
      const reason = error instanceof Error ? error.message : String(error);
      this.toolbar.tell(`Marginalia could not save this highlight. ${reason}`, drawn);
    }
  }

  /** Highlights the current selection (for keyboard commands and menus). */
  highlightSelection(): void {
    const range = currentRange((node) => this.toolbar.owns(node));
    if (range) void this.create(range);
  }
}
