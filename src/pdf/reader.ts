import { AnnotationEditorType } from 'pdfjs-dist';
import { EventBus, PDFLinkService, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import { anchorAll } from '../anchoring/anchor';
import { describePositions } from '../anchoring/describe';
import type { PdfText, PdfTextItem } from '../anchoring/pdf-text';
import { ext, extPages } from '../shared/browser';
import { onEvents } from '../shared/events';
import { flash } from '../shared/flash';
import { t } from '../shared/i18n';
import { MessageError, send } from '../shared/messages';
import { pdfKey, readerFile } from '../shared/pdf-key';
import { placeIn, placeOf } from '../shared/pdf-place';
import { retrying } from '../shared/retry';
import {
  type Annotation,
  type Color,
  isColor,
  type PageSelector,
  type TextPositionSelector,
  type TextQuoteSelector,
} from '../shared/types';
import { urlKey } from '../shared/url-key';
import { uuid } from '../shared/uuid';
import { documentText } from './document-text';
import { FetchFailed, fetchPdf, NoFileAccess, readPdfFile, TooLarge } from './fetch-pdf';
import { offerFile } from './open-file';
import { Painter, type Placed } from './painter';
import { pdfjsLib, RESOURCES } from './pdfjs';
import { ReaderTab } from './reader-tab';
import { offsetOfPoint, PageTextMap } from './text-layer-map';
import { Toolbar } from './toolbar';

const LAST_COLOR_KEY = 'lastColor';
const MAX_TITLE = 2000;
/** How long Jump to waits for the passage's page to be drawn. */
const JUMP_WAIT_MS = 10_000;

interface Ui {
  status: HTMLElement;
  source: HTMLAnchorElement;
  original: HTMLAnchorElement;
  pages: HTMLElement;
  orphans: HTMLElement;
  container: HTMLDivElement;
  viewer: HTMLDivElement;
  password: HTMLFormElement;
  picker: HTMLElement;
}

function ui(doc: Document): Ui {
  const get = <T extends HTMLElement>(id: string) => doc.getElementById(id) as T;
  return {
    status: get('status'),
    source: get('source'),
    original: get('original'),
    pages: get('pages'),
    orphans: get('orphans'),
    container: get('viewerContainer'),
    viewer: get('viewer'),
    password: get('password'),
    picker: get('picker'),
  };
}

function say(ui: Ui, message: string, kind: 'info' | 'error' = 'info'): void {
  // Every way a PDF fails to open (or its notes to load) ends here: the tab shows nothing
  // Jump to or Re-attach could reach.
  if (kind === 'error') readerTab?.nothing();
  ui.status.textContent = message;
  ui.status.dataset.kind = kind;
  ui.status.hidden = message === '';
}

/** Asks for the password in the page's own form; resolves when the reader submits it. */
function askPassword(ui: Ui, wrong: boolean): Promise<string> {
  const form = ui.password;
  form.hidden = false;
  (form.querySelector('.prompt') as HTMLElement).textContent = wrong ? t('pdfPasswordWrong') : t('pdfPasswordPrompt');
  const field = form.querySelector('input') as HTMLInputElement;
  field.value = '';
  field.focus();
  return new Promise((resolve) => {
    form.addEventListener(
      'submit',
      (event) => {
        event.preventDefault();
        form.hidden = true;
        resolve(field.value);
      },
      { once: true },
    );
  });
}

function describeLoadError(error: unknown): string {
  if (error instanceof TooLarge) return t('pdfTooLarge', Math.ceil(error.bytes / 2 ** 20), error.limit / 2 ** 20);
  if (error instanceof NoFileAccess) return t('pdfNoFileAccess');
  if (error instanceof FetchFailed) return t('pdfFetchFailed', error.message);
  const message = error instanceof Error ? error.message : String(error);
  return t('pdfCorrupt', message);
}

let worker: InstanceType<typeof pdfjsLib.PDFWorker> | undefined;
let readerTab: ReaderTab | undefined;

/** The reader page: the PDF named in `?file=` (or one chosen from disk), its notes drawn on it. */
export async function startReader(doc: Document): Promise<void> {
  const view = ui(doc);
  // At once: the background asks a tab that finished loading which page it shows.
  readerTab ??= new ReaderTab();
  doc.title = t('pdfReaderTitle');
  (doc.querySelector('label[for="file"] span') as HTMLElement).textContent = t('pdfChooseFile');
  (view.picker.querySelector('.drop-hint') as HTMLElement).textContent = t('pdfDropHint');
  (view.password.querySelector('label span') as HTMLElement).textContent = t('pdfPassword');
  (view.password.querySelector('button') as HTMLElement).textContent = t('pdfOpen');
  view.original.textContent = t('pdfOriginal');
  // "Open a PDF file…": whenever no PDF is shown, and again after one could not be opened.
  // A file has no address: `source` null leaves the record's (where it was read on the web)
  // as it is, so links in the export still go there; a blob: URL is never stored.
  const offer = (): void =>
    void offerFile(doc, view.picker, (chosen) => {
      view.source.textContent = t('pdfFromDisk', chosen.name);
      view.source.removeAttribute('href');
      view.original.hidden = true;
      void readPdfFile(chosen).then(
        async (bytes) => {
          if (!(await openPdf(doc, view, bytes, null, chosen.name))) offer();
        },
        (error: unknown) => {
          say(view, describeLoadError(error), 'error');
          offer();
        },
      );
    });
  const file = readerFile(location.search);
  if (!file) {
    readerTab.nothing();
    say(view, t('pdfNoFile'));
    offer();
    return;
  }
  const source = urlKey(file) ?? null;
  view.source.textContent = file;
  view.source.href = file;
  view.original.href = file;
  view.original.hidden = false;
  view.original.addEventListener('click', (event) => {
    event.preventDefault();
    // The automatic-opening rule would bring this address straight back here: the
    // background lets it through to the browser's own viewer in this tab first.
    void send('pdf/original', { url: file })
      .catch(() => undefined)
      .then(() => location.assign(file));
  });
  say(view, t('pdfLoading'));
  // The worker (1 MB of script to parse) starts while the PDF downloads.
  worker ??= new pdfjsLib.PDFWorker();
  let bytes: Uint8Array;
  try {
    bytes = await fetchPdf(file, extPages.fileAccessAllowed);
  } catch (error) {
    say(view, describeLoadError(error), 'error');
    offer();
    return;
  }
  const name = decodeURIComponent(new URL(file).pathname.split('/').pop() ?? '') || file;
  if (!(await openPdf(doc, view, bytes, source, name))) offer();
}

/** Shows the PDF; false when it could not be opened (the reason is on the page). */
async function openPdf(
  doc: Document,
  view: Ui,
  bytes: Uint8Array,
  source: string | null,
  name: string,
): Promise<boolean> {
  readerTab?.loading();
  say(view, t('pdfLoading'));
  worker ??= new pdfjsLib.PDFWorker();
  const task = pdfjsLib.getDocument({ data: bytes, worker, ...RESOURCES });
  task.onPassword = (update: (password: string) => void, reason: number) => {
    say(view, '');
    void askPassword(view, reason === pdfjsLib.PasswordResponses.INCORRECT_PASSWORD).then(update);
  };
  let pdf: Awaited<typeof task.promise>;
  try {
    pdf = await task.promise;
  } catch (error) {
    say(view, describeLoadError(error), 'error');
    return false;
  }
  const eventBus = new EventBus();
  const linkService = new PDFLinkService({ eventBus });
  const viewer = new PDFViewer({
    container: view.container,
    viewer: view.viewer,
    eventBus,
    linkService,
    textLayerMode: 1,
    // PDF.js's own highlighter and editors stay off: Marginalia's toolbar is the one.
    annotationEditorMode: AnnotationEditorType.DISABLE,
  });
  linkService.setViewer(viewer);
  // `#page=N` (a Markdown link, Jump to) on the reader's address or on the PDF's.
  const place = placeIn(location.hash, readerFile(location.search));
  const goTo = (page: number) => viewer.scrollPageIntoView({ pageNumber: Math.min(Math.max(page, 1), pdf.numPages) });
  eventBus.on('pagesinit', () => {
    viewer.currentScaleValue = 'page-width';
    if (place.page !== undefined) goTo(place.page);
  });
  view.pages.textContent = t('pdfPages', pdf.numPages);
  const layers = new Map<number, HTMLElement>();
  let reader: Reader | undefined;
  eventBus.on('textlayerrendered', (event: { pageNumber: number; source: { textLayer?: { div: HTMLElement } } }) => {
    const layer = event.source.textLayer?.div;
    if (!layer) return;
    layers.set(event.pageNumber - 1, layer);
    reader?.pageRendered(event.pageNumber - 1, layer);
  });
  viewer.setDocument(pdf);
  linkService.setDocument(pdf);
  doc.getElementById('zoom-in')?.addEventListener('click', () => {
    viewer.currentScale *= 1.25;
  });
  doc.getElementById('zoom-out')?.addEventListener('click', () => {
    viewer.currentScale /= 1.25;
  });

  const key = pdfKey(pdf.fingerprints[0]!);
  readerTab?.showing(key);
  const [metadata, labels] = await Promise.all([pdf.getMetadata().catch(() => undefined), pdf.getPageLabels()]);
  const info = metadata?.info as { Title?: unknown } | undefined;
  const title = (typeof info?.Title === 'string' && info.Title.trim()) || name;
  doc.title = title;
  say(view, '');
  view.container.dataset.fingerprint = key;
  // The text of every page comes from the same worker that draws the first page: asked for
  // once the first page is drawn, so it does not delay it.
  const firstDrawn = new Promise<void>((resolve) => {
    eventBus.on('textlayerrendered', () => resolve());
    eventBus.on('pagerendered', () => resolve());
  });
  const [{ text, items }, opened] = await Promise.all([
    firstDrawn.then(() => documentText(pdf)),
    send('pdf/open', { key, source }).catch((error: unknown) => error as Error),
  ]);
  if (!text.hasText) say(view, t('pdfNoText'));
  if (opened instanceof Error) {
    say(view, t('pdfNotesLoadFailed', opened.message), 'error');
    return true;
  }
  reader = new Reader(doc, view, {
    key,
    source: keptSource(source, opened.page?.source),
    title: title.slice(0, MAX_TITLE),
    text,
    items,
    labels,
    showPage: (page) => goTo(page + 1),
  });
  reader.load(opened.annotations);
  for (const [page, layer] of layers) reader.pageRendered(page, layer);
  view.container.dataset.ready = 'true';
  readerTab?.ready(reader);
  const shown = reader;
  if (place.annotation) void shown.jumpTo(place.annotation);
  // Another place in the same reader (a `#page=` link followed in this tab, or Jump to's).
  window.addEventListener('hashchange', () => {
    const next = placeOf(location.hash);
    if (next.annotation) void shown.jumpTo(next.annotation);
    else if (next.page !== undefined) goTo(next.page);
  });
  return true;
}

/**
 * Where the record says the PDF was read. A file on this computer does not replace a web
 * address the same PDF was read at: links in the export keep going where anyone can follow.
 */
function keptSource(source: string | null, stored: string | undefined): string | null {
  return source?.startsWith('file:') && stored && !stored.startsWith('file:') ? stored : source;
}

interface Doc {
  key: string;
  source: string | null;
  title: string;
  text: PdfText;
  items: PdfTextItem[][];
  labels: string[] | null;
  /** Scrolls page `page` (0-based) into view, so PDF.js renders it. */
  showPage(page: number): void;
}

/** The notes of one open PDF: anchored in its text, drawn on its rendered pages, edited by the toolbar. */
class Reader {
  private readonly annotations = new Map<string, Annotation>();
  private readonly placed = new Map<string, Placed>();
  private readonly painter: Painter;
  private readonly toolbar: Toolbar;
  private selection: { start: number; end: number } | undefined;
  private color: Color = 'yellow';
  /** Called after every page drawn (Jump to waits for its passage's page). */
  private readonly rendered = new Set<() => void>();
  private reportedOrphans: string | undefined;

  constructor(
    private readonly doc: Document,
    private readonly view: Ui,
    private readonly pdf: Doc,
  ) {
    this.painter = new Painter(pdf.text, () => this.placed.values());
    this.toolbar = new Toolbar(doc, {
      highlight: (color, withNote) => void this.highlight(color, withNote),
      recolor: (id, color) => void this.change(id, { color }),
      editNote: (id) => void this.editNote(id),
      remove: (id) => void this.remove(id),
    });
    void ext.getStored<string>(LAST_COLOR_KEY).then((c) => {
      if (isColor(c)) this.color = c;
    });
    view.container.addEventListener('pointerup', (event) => setTimeout(() => this.pointerUp(event)));
    doc.addEventListener('keyup', (event) => {
      if (event.shiftKey) this.selectionChanged();
    });
    onEvents({
      'annotations/changed': ({ url, saved, deleted }) => {
        if (url !== this.pdf.key && ![...this.annotations.values()].some((a) => a.url === url)) return;
        // The reader's tab is registered under its key (pdf-tabs.ts), so each change reaches it
        // twice, as an extension page and as that tab: what it already holds is not redrawn.
        const news = saved.filter((a) => this.annotations.get(a.id)?.updatedAt !== a.updatedAt);
        const gone = deleted.filter((id) => this.annotations.has(id));
        if (news.length === 0 && gone.length === 0) return;
        for (const id of gone) this.forget(id);
        this.place(news);
        this.painter.redrawAll();
      },
    });
  }

  load(list: Annotation[]): void {
    this.place(list);
    const started = performance.now();
    this.painter.redrawAll();
    performance.measure('marginalia:draw', { start: started });
  }

  pageRendered(page: number, layer: HTMLElement): void {
    const started = performance.now();
    const map = PageTextMap.build(page, layer, this.pdf.items[page] ?? []);
    if (!map) {
      console.warn(`Marginalia: page ${page + 1}'s text layer does not match its text; nothing drawn on it`);
      return;
    }
    this.painter.pageRendered(map);
    layer.dataset.marginalia = 'mapped';
    for (const wake of [...this.rendered]) wake();
    // User Timing, so a profile (and bench/pdf.mjs) can tell Marginalia's share of a page's work.
    performance.measure('marginalia:page', { start: started });
  }

  /** Anchors annotations in the document text (those not found are counted, never drawn). */
  private place(list: Annotation[]): void {
    const started = performance.now();
    const spans = anchorAll(
      list.map((a) => a.target.selector),
      this.pdf.text.text,
    );
    list.forEach((annotation, i) => {
      this.annotations.set(annotation.id, annotation);
      const span = spans[i];
      if (span) this.placed.set(annotation.id, { id: annotation.id, color: annotation.color, ...span });
      else this.placed.delete(annotation.id);
    });
    const orphans = this.annotations.size - this.placed.size;
    this.view.orphans.textContent = orphans > 0 ? t('pdfOrphans', orphans) : '';
    this.reportOrphans();
    performance.measure('marginalia:place', { start: started });
  }

  /** Tells the popup and the side panel which notes are not found here (they offer Re-attach), as a page does. */
  private reportOrphans(): void {
    const orphans = [...this.annotations.keys()].filter((id) => !this.placed.has(id));
    const signature = orphans.join(',');
    if (signature === this.reportedOrphans) return;
    this.reportedOrphans = signature;
    send('page/status', { url: this.pdf.key, orphans }).catch(() => {
      this.reportedOrphans = undefined;
    });
  }

  /** The passage's range drawn on a page now in the document, if any. */
  private drawnRange(id: string): Range | undefined {
    const range = this.painter.rangeOf(id);
    return range?.startContainer.isConnected ? range : undefined;
  }

  /**
   * Jump to (the popup, the side panel, `#annotation=`): brings the passage's page into view
   * so PDF.js renders it, waits until the passage is drawn there, centres it and flashes it.
   */
  async jumpTo(id: string): Promise<boolean> {
    const placed = this.placed.get(id);
    if (!placed) return false;
    let range = this.drawnRange(id);
    if (!range) {
      this.pdf.showPage(this.pdf.text.pageOf(placed.start));
      range = await this.whenDrawn(id);
    }
    if (!range) return false;
    const node = range.startContainer;
    (node instanceof Element ? node : node.parentElement)?.scrollIntoView({ block: 'center' });
    flash(range);
    return true;
  }

  private whenDrawn(id: string): Promise<Range | undefined> {
    return new Promise((resolve) => {
      const done = (range: Range | undefined) => {
        this.rendered.delete(check);
        clearTimeout(timer);
        resolve(range);
      };
      const check = () => {
        const range = this.drawnRange(id);
        if (range) done(range);
      };
      const timer = setTimeout(() => done(undefined), JUMP_WAIT_MS);
      this.rendered.add(check);
      check();
    });
  }

  /** Re-attach (the popup, the side panel): a note not found here moves to the passage selected now, keeping its id, note and tags. */
  async reattach(id: string): Promise<{ ok: boolean; reason?: string }> {
    const existing = this.annotations.get(id);
    if (!existing) return { ok: false, reason: t('reattachGone') };
    const range = this.selectionRange();
    if (!range) return { ok: false, reason: t('reattachSelectFirst') };
    const span = this.offsetsOf(range);
    const selector = span && this.selectorsAt(span.start, span.end);
    if (!selector) return { ok: false, reason: t('reattachNoText') };
    const target = { selector };
    const updatedAt = new Date().toISOString();
    this.doc.getSelection()?.removeAllRanges();
    this.toolbar.hide();
    this.place([{ ...existing, target, updatedAt }]);
    this.painter.redrawAll();
    try {
      const { annotation } = await retrying(() => send('annotations/patch', { id, change: { target }, updatedAt }));
      if (annotation) this.place([annotation]);
      else this.forget(id);
      this.painter.redrawAll();
      return { ok: true };
    } catch {
      this.place([existing]);
      this.painter.redrawAll();
      return { ok: false, reason: t('reattachNotSaved') };
    }
  }

  /** The document offsets of a selected range, or undefined when it holds no mapped text. */
  private offsetsOf(range: Range): { start: number; end: number } | undefined {
    const maps = this.painter.pageMaps();
    const start = offsetOfPoint(maps, this.pdf.text, range.startContainer, range.startOffset, false);
    const end = offsetOfPoint(this.painter.pageMaps(), this.pdf.text, range.endContainer, range.endOffset, true);
    return start === undefined || end === undefined || start >= end ? undefined : { start, end };
  }

  /** The selectors of the document's text from `start` to `end`: quote, position, and the page it starts on. */
  private selectorsAt(start: number, end: number): [TextQuoteSelector, TextPositionSelector, PageSelector] | undefined {
    const described = describePositions(this.pdf.text.text, start, end);
    if (!described) return undefined;
    const [quote, position] = described;
    const page = this.pdf.text.pageOf(position.start);
    const label = this.pdf.labels?.[page];
    return [quote, position, { type: 'PageSelector', index: page, ...(label ? { label } : {}) }];
  }

  private forget(id: string): void {
    this.annotations.delete(id);
    this.placed.delete(id);
  }

  private selectionRange(): Range | undefined {
    const selection = this.doc.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return undefined;
    const range = selection.getRangeAt(0);
    return this.view.container.contains(range.commonAncestorContainer) ? range : undefined;
  }

  private selectionChanged(): boolean {
    const range = this.selectionRange();
    if (!range) return false;
    const span = this.offsetsOf(range);
    if (!span) return false;
    this.selection = span;
    this.toolbar.showForSelection(firstRect(range));
    return true;
  }

  private pointerUp(event: PointerEvent): void {
    if (this.toolbar.element.contains(event.target as Node)) return;
    if (this.selectionChanged()) return;
    const hit = this.painter.hit(event.clientX, event.clientY);
    if (hit) {
      this.selection = undefined;
      const range = this.painter.rangeOf(hit);
      this.toolbar.showForHighlight(hit, range ? firstRect(range) : new DOMRect(event.clientX, event.clientY, 0, 0));
    } else if (this.toolbar.open) this.toolbar.hide();
  }

  private rectOf(id: string): DOMRect | undefined {
    const range = this.painter.rangeOf(id);
    return range && firstRect(range);
  }

  private async highlight(color: Color | undefined, withNote: boolean): Promise<void> {
    const chosen = this.selection;
    if (!chosen) return;
    this.selection = undefined;
    const selector = this.selectorsAt(chosen.start, chosen.end);
    if (!selector) return;
    const position = selector[1];
    const now = new Date().toISOString();
    const annotation: Annotation = {
      id: uuid(),
      url: this.pdf.key,
      target: { selector },
      color: color ?? this.color,
      note: '',
      tags: [],
      createdAt: now,
      updatedAt: now,
    };
    if (color) {
      this.color = color;
      void ext.setStored({ [LAST_COLOR_KEY]: color }).catch(() => undefined);
    }
    this.doc.getSelection()?.removeAllRanges();
    this.toolbar.hide();
    this.annotations.set(annotation.id, annotation);
    this.placed.set(annotation.id, { id: annotation.id, color: annotation.color, ...position });
    this.painter.redrawAll();
    try {
      await this.save(annotation);
    } catch (error) {
      this.forget(annotation.id);
      this.painter.redrawAll();
      this.toolbar.say(t('couldNotSave', messageOf(error)), undefined);
      return;
    }
    if (withNote) await this.editNote(annotation.id);
  }

  private save(annotation: Annotation): Promise<unknown> {
    return retrying(() =>
      send('annotations/save', {
        annotation,
        title: this.pdf.title,
        ...(this.pdf.source ? { source: this.pdf.source } : {}),
      }),
    );
  }

  private async change(id: string, change: { color?: Color; note?: string }): Promise<void> {
    const existing = this.annotations.get(id);
    if (!existing) return;
    const updatedAt = new Date().toISOString();
    const next = { ...existing, ...change, updatedAt };
    this.place([next]);
    this.painter.redrawAll();
    this.toolbar.hide();
    try {
      const { annotation } = await retrying(() => send('annotations/patch', { id, change, updatedAt }));
      if (annotation) this.place([annotation]);
      else this.forget(id);
      this.painter.redrawAll();
    } catch (error) {
      this.place([existing]);
      this.painter.redrawAll();
      this.toolbar.say(t('saveFailed', messageOf(error)), this.rectOf(id));
    }
  }

  private async editNote(id: string): Promise<void> {
    const existing = this.annotations.get(id);
    if (!existing) return;
    const note = await this.toolbar.editNote(existing.note, this.rectOf(id));
    if (note === undefined || note === existing.note) return;
    await this.change(id, { note });
  }

  private async remove(id: string): Promise<void> {
    const rect = this.rectOf(id);
    try {
      const { deleted } = await send('annotations/delete', { id });
      this.forget(id);
      this.painter.redrawAll();
      if (!deleted) return this.toolbar.hide();
      this.toolbar.say(t('highlightDeleted'), rect, {
        label: t('undo'),
        run: () => {
          this.toolbar.hide();
          this.place([deleted]);
          this.painter.redrawAll();
          void this.save(deleted).catch((error: unknown) => {
            this.forget(deleted.id);
            this.painter.redrawAll();
            this.toolbar.say(t('couldNotSave', messageOf(error)), rect);
          });
        },
      });
    } catch (error) {
      this.toolbar.say(t('couldNotDelete', messageOf(error)), rect);
    }
  }
}

/**
 * Where the toolbar goes: by the passage's first line. A range's bounding box can reach
 * the foot of the page: PDF.js moves an element spanning the page under a selection.
 */
function firstRect(range: Range): DOMRect {
  return [...range.getClientRects()].find((r) => r.width > 0 && r.height > 0) ?? range.getBoundingClientRect();
}

function messageOf(error: unknown): string {
  return error instanceof MessageError || error instanceof Error ? error.message : String(error);
}
