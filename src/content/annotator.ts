import { describe, describeDomRange, TextIndex } from '../anchoring';
import { ext } from '../shared/browser';
import { answerTabRequests, onEvents } from '../shared/events';
import { flash } from '../shared/flash';
import { t } from '../shared/i18n';
import { MAX_PASSAGE, MAX_URL, passageTooLong, urlTooLong } from '../shared/limits';
import { send } from '../shared/messages';
import { DEFAULT_OPTIONS, loadOptions } from '../shared/options';
import { type Annotation, type AnnotationChange, type Color, isColor, type Selector } from '../shared/types';
import { urlKey } from '../shared/url-key';
import { uuid } from '../shared/uuid';
import { canonicalKey } from './canonical';
import { PageHighlights } from './highlights';
import { type Margin, watchMargin } from './margin';
import { type PageWatcher, watchPage } from './page-watch';
import { pause } from './pause';
import { watchPointer } from './pointer';
import { currentRange, snapSelection, watchSelection } from './selection';
import { deleteAnnotation, listAnnotations, saveAnnotation } from './store-client';
import { Toolbar } from './toolbar';

const LAST_COLOR_KEY = 'lastColor';

/**
 * The page's side of Marginalia: loads the page's annotations, keeps them drawn as the
 * page changes, follows edits made in the popup, and carries out what the reader asks
 * for in the toolbar.
 */
export class Annotator {
  readonly #controller = new AbortController();
  readonly #highlights = new PageHighlights();
  readonly #toolbar: Toolbar;
  readonly #margin: Margin;
  readonly #watcher: PageWatcher;
  /** Deleted annotations, kept for Undo. */
  readonly #deleted = new Map<string, Annotation>();
  #key: string | undefined;
  /** The page's canonical address on its own site: its notes are shown, new ones saved there. */
  #alias: string | undefined;
  #reportedOrphans = '';
  #color: Color = DEFAULT_OPTIONS.defaultColor;
  /** Options and the last colour, read when the reader first selects (not on every page load). */
  #preferences: Promise<void> | undefined;
  /** A colour picked in this page wins over preferences that arrive later. */
  #colorChosen = false;
  /** Whether dragged selections snap to whole words (an option). */
  #snap = DEFAULT_OPTIONS.snapToWords;
  /**
   * The page's text index, kept while the page does not change (any change drops it): on
   * a long page, making a highlight then costs no walk of the whole page. Built in slices
   * as soon as the reader selects, so it is ready when they choose Highlight.
   */
  #index: TextIndex | undefined;
  #indexing = false;
  readonly #indexWatch = new MutationObserver(() => {
    this.#index = undefined;
  });

  constructor() {
    const { signal } = this.#controller;
    this.#toolbar = new Toolbar({
      signal,
      lastColor: () => this.#color,
      actions: {
        highlight: (range, color, withNote) => void this.#create(range, color ?? this.#color, withNote),
        recolor: (id, color) => void this.#recolor(id, color),
        remove: (id) => void this.#remove(id),
        undo: (id) => void this.#undo(id),
      },
    });
    this.#margin = watchMargin(signal);
    const isOurs = (node: Node | null) => this.#toolbar.owns(node) || this.#margin.owns(node);
    watchSelection({
      signal,
      isOurs,
      // The options are read from the reader's first mousedown, so they are there by the
      // drag's end; the toolbar comes a microtask later, for the selection as it is then.
      // The text index is built meanwhile, in slices, for the Highlight that may follow.
      onSelect: (range, dragged) => {
        void this.#prepareIndex();
        void this.#loadPreferences().then(() => {
          if (currentRange(isOurs)) this.#toolbar.forSelection(dragged && this.#snap ? snapSelection(range) : range);
        });
      },
      // Only a bar opened for a selection goes with it: one opened by clicking a
      // highlight comes with a collapsed selection, and the note editor must stay.
      onClear: () => {
        if (this.#toolbar.isForSelection) this.#toolbar.hide();
      },
      onTab: () => {
        if (!this.#toolbar.isOpen) return false;
        this.#toolbar.focus();
        return true;
      },
    });
    watchPointer({
      signal,
      isOurs,
      drawn: () => this.#highlights.drawn(),
      onClickHighlight: (id, range) => {
        const annotation = this.#highlights.get(id);
        if (annotation) this.#toolbar.forHighlight(annotation, range);
      },
      // The preview reads the note itself, in its frame: the page never holds it.
      onHover: (id, x, y) => {
        if (id && this.#highlights.get(id)?.note.trim()) this.#toolbar.showTip(id, x, y);
        else this.#toolbar.hideTip();
      },
    });
    // A click anywhere else closes the toolbar (a note being written is saved first).
    document.addEventListener(
      'mousedown',
      (event) => {
        if (!event.isTrusted) return;
        void this.#loadPreferences();
        if (!isOurs(event.target as Node) && this.#toolbar.isOpen) this.#toolbar.hide();
      },
      { signal, capture: true },
    );
    this.#watcher = watchPage({
      signal,
      isOurs: (node) => isOurs(node) || node.nodeName === 'MARGINALIA-TOOLBAR' || node.nodeName === 'MARGINALIA-MARGIN',
      onSettled: () => void this.#settle(),
    });
    const stopEvents = onEvents({
      'annotations/changed': ({ url, saved, deleted }) => {
        if (url !== this.#key && url !== this.#alias) return;
        this.#highlights.remove(deleted);
        this.#highlights.add(saved);
        this.#redraw();
      },
      command: ({ name }) => this.highlightSelection(name === 'highlight-with-note'),
    });
    const stopRequests = answerTabRequests({
      'tab/jump': async ({ id }) => ({ found: this.#jumpTo(id) }),
      'tab/reattach': async ({ id }) => this.#reattach(id),
      'tab/page': async () => ({ url: this.#key ?? null }),
    });
    signal.addEventListener('abort', () => {
      this.#indexWatch.disconnect();
      stopEvents();
      stopRequests();
      this.#highlights.destroy();
    });
  }

  destroy(): void {
    this.#controller.abort();
  }

  /**
   * A page without highlights pays one message and nothing else: the reader's options and
   * last colour are read only once they start selecting, or the page has notes to show.
   */
  #loadPreferences(): Promise<void> {
    this.#preferences ??= Promise.all([loadOptions(), ext.getStored<string>(LAST_COLOR_KEY)])
      .then(([options, last]) => {
        if (!this.#colorChosen) this.#color = isColor(last) ? last : options.defaultColor;
        this.#snap = options.snapToWords;
        this.#margin.enable(options.marginNotes);
        this.#toolbar.setColorLabels(options.colorLabels);
        this.#toolbar.refreshColor();
      })
      .catch(() => undefined);
    return this.#preferences;
  }

  /** The kept text index, or a new one (see #index). */
  #textIndex(body: HTMLElement): TextIndex {
    if (this.#indexWatch.takeRecords().length) this.#index = undefined;
    if (!this.#index) {
      this.#indexWatch.observe(body, { childList: true, subtree: true, characterData: true });
      this.#index = TextIndex.build(body);
    }
    return this.#index;
  }

  /** Builds the index in slices that let the page run; kept only if the page did not change meanwhile. */
  async #prepareIndex(): Promise<void> {
    const body = document.body;
    if (this.#index || this.#indexing || !body) return;
    this.#indexing = true;
    this.#indexWatch.observe(body, { childList: true, subtree: true, characterData: true });
    this.#indexWatch.takeRecords();
    let start = performance.now();
    const steps = TextIndex.building(body, () => performance.now() - start > 10);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) {
        if (!this.#indexWatch.takeRecords().length) this.#index = step.value;
        break;
      }
      await pause();
      start = performance.now();
    }
    this.#indexing = false;
  }

  /** Tells the reader, in the toolbar, that the page's highlights could not be loaded. */
  tellLoadFailed(error: unknown): void {
    this.#toolbar.tell(t('couldNotLoad', reasonOf(error)));
  }

  async load(): Promise<void> {
    const key = urlKey(location.href);
    const alias = key && canonicalKey(key);
    this.#key = key;
    this.#alias = alias;
    this.#highlights.clear();
    this.#showNotes();
    // An address over the limit can have no notes; the reader is told when they highlight.
    if (!key || key.length > MAX_URL) return;
    // A page without annotations costs one message and no DOM walk.
    const list = await listAnnotations(key, alias);
    if (this.#key !== key || this.#controller.signal.aborted) return;
    this.#highlights.add(list);
    this.#redraw();
  }

  /** Highlights the current selection (keyboard shortcut and context menu). */
  highlightSelection(withNote: boolean): void {
    const range = currentRange((node) => this.#toolbar.owns(node));
    if (range) void this.#create(range, this.#color, withNote);
  }

  /** Scrolls the passage into view and flashes it briefly (the popup's Jump to). */
  #jumpTo(id: string): boolean {
    const range = this.#highlights.drawn().get(id)?.range;
    if (!range) return false;
    const target =
      range.startContainer.nodeType === 1 ? (range.startContainer as Element) : range.startContainer.parentElement;
    target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    flash(range);
    return true;
  }

  /** Anchors an orphan to whatever the reader has selected now, keeping its id, note and tags. */
  async #reattach(id: string): Promise<{ ok: boolean; reason?: string }> {
    const annotation = this.#highlights.get(id);
    if (!annotation) return { ok: false, reason: t('reattachGone') };
    const range = currentRange((node) => this.#toolbar.owns(node));
    if (!range || !document.body) return { ok: false, reason: t('reattachSelectFirst') };
    const index = this.#textIndex(document.body);
    const selectors = describe(range, index);
    const drawn = selectors && index.rangeOf(selectors[1].start, selectors[1].end, document);
    if (!selectors || !drawn) return { ok: false, reason: t('reattachNoText') };
    const moved: Annotation = {
      ...annotation,
      target: { selector: withDomRange(selectors, drawn) },
      updatedAt: new Date().toISOString(),
    };
    this.#highlights.drawAt(moved, drawn);
    document.getSelection()?.removeAllRanges();
    this.#report();
    if (await this.#patch(id, { target: moved.target }, moved.updatedAt, drawn)) return { ok: true };
    this.#highlights.add([annotation]);
    this.#redraw();
    return { ok: false, reason: t('reattachNotSaved') };
  }

  /** Anchors what is pending, watches the page while it has annotations, tells the popup what is missing. */
  #redraw(): void {
    if (this.#highlights.size > 0) this.#watcher.observe();
    void this.#highlights.anchorPending().then(() => {
      this.#watcher.forget();
      this.#report();
      this.#showNotes();
    });
  }

  /** Marks the passages that have notes, and shows the notes in the margin where there is room. */
  #showNotes(): void {
    const highlights = this.#highlights;
    if (this.#margin.show(highlights.drawn(), (id) => highlights.get(id))) void this.#loadPreferences();
  }

  #report(): void {
    const orphans = this.#highlights.orphans();
    const signature = orphans.join(',');
    if (!this.#key || signature === this.#reportedOrphans) return;
    this.#reportedOrphans = signature;
    send('page/status', { url: this.#key, orphans }).catch(() => {
      this.#reportedOrphans = '';
    });
  }

  async #settle(): Promise<void> {
    const key = urlKey(location.href);
    if (key !== this.#key || (key && canonicalKey(key) !== this.#alias)) {
      // The single-page app moved to another URL, or named another canonical address: its
      // notes, not these.
      this.#reportedOrphans = '';
      await this.load();
      return;
    }
    this.#highlights.recheckDrawn();
    this.#redraw();
  }

  async #create(range: Range, color: Color, withNote: boolean): Promise<void> {
    const key = urlKey(location.href);
    if (!key || !document.body) return;
    if (key.length > MAX_URL) {
      this.#toolbar.tell(t('couldNotSave', urlTooLong(key.length)), range);
      return;
    }
    const index = this.#textIndex(document.body);
    const selectors = describe(range, index);
    if (!selectors) return;
    const [quote, position] = selectors;
    // A whole book selected is not a passage: say so before drawing anything.
    if (quote.exact.length > MAX_PASSAGE) {
      this.#toolbar.tell(t('couldNotSave', passageTooLong(quote.exact.length)), range);
      return;
    }
    const drawn = index.rangeOf(position.start, position.end, document);
    if (!drawn) return;
    const now = new Date().toISOString();
    const annotation: Annotation = {
      id: uuid(),
      // Where this page's notes live: its canonical address if it named one (see load).
      url: (key === this.#key && this.#alias) || key,
      target: { selector: withDomRange(selectors, drawn) },
      color,
      note: '',
      tags: [],
      createdAt: now,
      updatedAt: now,
    };
    this.#rememberColor(color);
    this.#highlights.drawAt(annotation, drawn);
    this.#watcher.forget();
    this.#watcher.observe();
    document.getSelection()?.removeAllRanges();
    this.#toolbar.hide();
    if (!(await this.#store(annotation, drawn))) {
      this.#highlights.remove([annotation.id]);
      return;
    }
    // The note frame reads the note from the background and writes it there: it opens
    // once the highlight is stored, so it has something to read and write.
    if (withNote && this.#highlights.get(annotation.id)) this.#toolbar.editNote(annotation.id, drawn);
  }

  /** Changes an annotation's colour: drawn at once, stored, taken back if storing fails. */
  async #recolor(id: string, color: Color): Promise<void> {
    const before = this.#highlights.get(id);
    if (!before) return;
    const after: Annotation = { ...before, color, updatedAt: new Date().toISOString() };
    this.#rememberColor(color);
    const range = this.#highlights.drawn().get(id)?.range;
    if (range) this.#toolbar.forHighlight(after, range);
    this.#highlights.add([after]);
    this.#redraw();
    if (!(await this.#patch(id, { color }, after.updatedAt, this.#highlights.drawn().get(id)?.range))) {
      this.#highlights.add([before]);
      this.#redraw();
    }
  }

  /**
   * Stores only what changed: this page's copy may be older than an edit made in the popup
   * meanwhile (a note, tags), and must not overwrite it. Draws the stored result; returns
   * false (and tells the reader) when it could not be stored.
   */
  async #patch(id: string, change: AnnotationChange, updatedAt: string, near?: Range): Promise<boolean> {
    try {
      const { annotation } = await send('annotations/patch', { id, change, updatedAt });
      if (annotation) this.#highlights.add([annotation]);
      else this.#highlights.remove([id]); // deleted elsewhere meanwhile
      this.#redraw();
      return true;
    } catch (error) {
      this.#toolbar.tell(t('couldNotSave', reasonOf(error)), near);
      return false;
    }
  }

  async #remove(id: string): Promise<void> {
    const annotation = this.#highlights.get(id);
    if (!annotation) return;
    this.#highlights.remove([id]);
    this.#showNotes();
    this.#deleted.set(id, annotation);
    this.#toolbar.offerUndo(id);
    try {
      await deleteAnnotation(id);
    } catch (error) {
      this.#deleted.delete(id);
      this.#highlights.add([annotation]);
      this.#redraw();
      this.#toolbar.tell(t('couldNotDelete', reasonOf(error)));
    }
  }

  /** Restores a deleted annotation as it was: id, colour, note and tags. */
  async #undo(id: string): Promise<void> {
    const annotation = this.#deleted.get(id);
    if (!annotation) return;
    this.#deleted.delete(id);
    this.#highlights.add([annotation]);
    this.#redraw();
    if (!(await this.#store(annotation))) {
      this.#highlights.remove([id]);
      this.#showNotes();
    }
  }

  /** Saves; on failure tells the reader why and returns false, so what is drawn stays what is stored. */
  async #store(annotation: Annotation, near?: Range): Promise<boolean> {
    try {
      await saveAnnotation(annotation, document.title);
      return true;
    } catch (error) {
      this.#toolbar.tell(t('couldNotSave', reasonOf(error)), near);
      return false;
    }
  }

  #rememberColor(color: Color): void {
    this.#colorChosen = true;
    if (color === this.#color) return;
    this.#color = color;
    void ext.setStored({ [LAST_COLOR_KEY]: color }).catch(() => undefined);
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Adds where the passage is in the DOM: on an unchanged page it comes back without a text index. */
function withDomRange(selectors: readonly Selector[], drawn: Range): Selector[] {
  const dom = document.body && describeDomRange(drawn, document.body);
  return dom ? [...selectors, dom] : [...selectors];
}
