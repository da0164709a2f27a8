import { colorName } from '../shared/color-names';
import { t } from '../shared/i18n';
import type { FromFrame } from '../shared/note-frame';
import { COLORS, type Color } from '../shared/types';
import { NoteFrame } from './note-frame';
import { SWATCHES, TIP_MARGIN, TOOLBAR_CSS } from './toolbar-style';

/** What the reader's clicks in the toolbar ask for; the annotator carries them out. */
export interface ToolbarActions {
  /** Highlight the range; `color` undefined means the last colour used. */
  highlight(range: Range, color: Color | undefined, withNote: boolean): void;
  recolor(id: string, color: Color): void;
  remove(id: string): void;
  undo(id: string): void;
}

export interface ToolbarOptions {
  signal: AbortSignal;
  actions: ToolbarActions;
  lastColor(): Color;
}

/** How long Undo stays offered after a delete (the issue asks for at least 5 s). */
const UNDO_MS = 8_000;
/**
 * How long a closing note editor may take to save what was typed (its retries take up to
 * 4.25 s) before it goes anyway: until then it keeps the toolbar's host in the page.
 */
const CLOSING_MS = 10_000;
/** How long a note editor that is done stays (hidden) before it is removed; see drop(). */
const DROP_MS = 500;

/**
 * The host's inline style. !important: an inline !important declaration beats even a page's
 * `* { all: unset !important }` or `:popover-open { opacity: 0 !important }`; `all: initial`
 * also undoes the browser's own popover style (centred, bordered, on Canvas), and
 * `display: block` its `display: none` for a popover the page closed.
 */
const BASE =
  'all: initial !important; position: fixed !important; z-index: 2147483647 !important; display: block !important;';

/** A button named `label`, showing `content` (its label when none is given). */
function button(label: string, className: string, ...content: (Node | string)[]): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = className;
  el.setAttribute('aria-label', label);
  el.append(...(content.length ? content : [label]));
  return el;
}

/**
 * Calls `onChange` with whether `el` is unoccluded and opaque, where the browser can tell;
 * returns a function that asks again (a fresh report, even if nothing changed), or
 * undefined where the browser cannot tell.
 */
function watchVisibility(
  el: Element,
  signal: AbortSignal,
  onChange: (visible: boolean) => void,
): (() => void) | undefined {
  if (typeof IntersectionObserverEntry === 'undefined' || !('isVisible' in IntersectionObserverEntry.prototype))
    return undefined;
  const observer = new IntersectionObserver(
    (entries) => {
      const last = entries[entries.length - 1] as (IntersectionObserverEntry & { isVisible?: boolean }) | undefined;
      if (last) onChange(last.isIntersecting ? last.isVisible !== false : true);
    },
    { threshold: [1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
  );
  observer.observe(el);
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  return () => {
    observer.unobserve(el);
    observer.observe(el);
  };
}

/**
 * The page's elements in the top layer now: open popovers, modal dialogs, the fullscreen
 * element (in its light DOM; those in its own shadow roots are out of our sight).
 */
const topLayer = (): Element[] => [...document.querySelectorAll(':popover-open,dialog:modal,:fullscreen')];

/** A tooltip and description, keeping the accessible name (the colour's name) as it is. */
function describeAs(el: HTMLElement, label: string | undefined): void {
  if (!label) return;
  el.title = label;
  el.setAttribute('aria-description', label);
}

function swatch(color: Color): HTMLElement {
  const dot = document.createElement('span');
  dot.className = 'swatch';
  dot.setAttribute('aria-hidden', 'true');
  dot.style.background = SWATCHES[color];
  return dot;
}

/**
 * The toolbar: a closed shadow root on a host element that is in the page only while
 * something is shown, so neither the page's CSS nor its scripts reach our controls.
 * Only trusted clicks and keys act. Notes are never in it: the note editor and the hover
 * preview are extension frames (note-frame.ts), whose keys and text the page cannot see.
 */
export class Toolbar {
  readonly #host = document.createElement('marginalia-toolbar');
  readonly #root = this.#host.attachShadow({ mode: 'closed' });
  readonly #bar = document.createElement('div');
  readonly #selectRow = document.createElement('div');
  readonly #editRow = document.createElement('div');
  readonly #undoRow = document.createElement('div');
  readonly #editor = document.createElement('div');
  /** The note editor being shown, and those closing (saving what was typed) behind it. */
  #editorFrame: NoteFrame | undefined;
  readonly #closing = new Map<NoteFrame, ReturnType<typeof setTimeout>>();
  #tipFrame: NoteFrame | undefined;
  /** Whose note the preview shows; undefined while it is hidden. */
  #tipFor: string | undefined;
  readonly #status = document.createElement('span');
  readonly #tip = document.createElement('div');
  readonly #highlightSwatch: HTMLElement;
  readonly #editColors = new Map<Color, HTMLButtonElement>();
  readonly #colorButtons: [Color, HTMLButtonElement][] = [];

  /** The selection the select row acts on (a copy: the page may change the live one). */
  #range: Range | undefined;
  /** The annotation the edit row and the note editor act on. */
  #editing: { id: string } | undefined;
  #undoId: string | undefined;
  #undoTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Whether the reader can see the bar as we drew it: Chromium's IntersectionObserver v2
   * (trackVisibility) reports when anything covers it or makes it transparent. Where the
   * browser cannot tell (Firefox), the bar is trusted as drawn.
   */
  #seenByReader: boolean | undefined = true;
  #seenReported: (() => void) | undefined;
  /** Asks IntersectionObserver v2 for a fresh report (Chromium). */
  #recheckSeen: (() => void) | undefined;
  /**
   * The page's top-layer elements that were open when ours was last raised (so they are
   * below it), and whether one of the page's may have gone above it since.
   */
  #under = new Set<Element>();
  #overtaken = false;
  /** The host's inline style as we set it last; a page that rewrites it may hide or move the bar. */
  #style = `${BASE} top: 0 !important; left: 0 !important;`;

  readonly #options: ToolbarOptions;

  constructor(options: ToolbarOptions) {
    this.#options = options;
    const { signal, actions } = options;
    this.#host.setAttribute('style', this.#style);
    const style = document.createElement('style');
    style.textContent = TOOLBAR_CSS;
    this.#bar.className = 'bar';
    this.#bar.setAttribute('role', 'toolbar');
    this.#bar.setAttribute('aria-label', t('toolbarLabel'));
    for (const row of [this.#selectRow, this.#editRow, this.#undoRow]) row.className = 'row';

    this.#highlightSwatch = swatch('yellow');
    const highlight = button(t('highlight'), 'highlight', this.#highlightSwatch, t('highlight'));
    const on = (el: HTMLElement, act: () => void) =>
      el.addEventListener(
        'click',
        (event) => {
          // A page script's synthetic click does nothing, and neither does a click on a bar
          // the page has covered or disguised (the reader could not see what they clicked).
          if (!event.isTrusted) return;
          // Anything the page put in the top layer after our bar, a bar the page took out of
          // it or restyled, or (Chromium) one the browser saw covered: this click is refused,
          // and the bar raised above it all again, where the reader sees it before clicking again.
          const onTop = this.#onTop();
          void this.#whenSeen().then((seen) => (seen && onTop ? act() : this.#raise()));
        },
        { signal },
      );
    on(highlight, () => this.#range && actions.highlight(this.#range, undefined, false));
    this.#selectRow.append(highlight);
    for (const color of COLORS) {
      const pick = button(colorName(color), 'color', swatch(color));
      this.#colorButtons.push([color, pick]);
      on(pick, () => this.#range && actions.highlight(this.#range, color, false));
      this.#selectRow.append(pick);
    }
    const note = button(t('note'), 'text');
    on(note, () => this.#range && actions.highlight(this.#range, undefined, true));
    this.#selectRow.append(note);

    for (const color of COLORS) {
      const pick = button(colorName(color), 'color', swatch(color));
      this.#colorButtons.push([color, pick]);
      pick.setAttribute('aria-pressed', 'false');
      on(pick, () => this.#editing && actions.recolor(this.#editing.id, color));
      this.#editColors.set(color, pick);
      this.#editRow.append(pick);
    }
    const editNote = button(t('note'), 'text');
    on(editNote, () => this.#editing && this.#openEditor());
    const remove = button(t('delete'), 'text');
    on(remove, () => this.#editing && actions.remove(this.#editing.id));
    this.#editRow.append(editNote, remove);

    const deleted = document.createElement('span');
    deleted.className = 'status';
    deleted.textContent = t('highlightDeleted');
    const undo = button(t('undo'), 'text');
    on(undo, () => {
      if (!this.#undoId) return;
      actions.undo(this.#undoId);
      this.#clearUndo();
    });
    this.#undoRow.append(undo, deleted);

    this.#editor.className = 'editor';

    this.#status.className = 'status';
    this.#status.setAttribute('role', 'status');
    this.#tip.className = 'tip';
    this.#tip.setAttribute('role', 'tooltip');
    this.#tip.hidden = true;
    this.#bar.append(this.#selectRow, this.#editRow, this.#editor, this.#undoRow, this.#status);
    this.#root.append(style, this.#bar, this.#tip);

    // Keep the page's selection: a mousedown in the bar would otherwise collapse it.
    this.#bar.addEventListener('mousedown', (event) => event.preventDefault(), { signal });
    this.#bar.addEventListener(
      'keydown',
      (event) => {
        if (event.isTrusted && event.key === 'Escape') this.hide();
      },
      { signal },
    );
    this.#recheckSeen = watchVisibility(this.#bar, signal, (visible) => {
      this.#seenByReader = visible;
      this.#seenReported?.();
    });
    // Until the browser's first report, whether the reader can see the bar is unknown.
    if (this.#recheckSeen) this.#seenByReader = undefined;
    // The page opening a popover or a modal dialog, or going fullscreen, over our bar (not
    // seen if the page stops these events first: then only topLayer() tells).
    const overtaken = (event: Event) => {
      if (event.target !== this.#host && (event as ToggleEvent).newState !== 'closed') this.#overtaken = true;
    };
    for (const type of ['beforetoggle', 'fullscreenchange'])
      window.addEventListener(type, overtaken, { capture: true, signal });
    signal.addEventListener('abort', () => {
      clearTimeout(this.#undoTimer);
      for (const timer of this.#closing.values()) clearTimeout(timer);
      this.#host.remove();
    });
    this.#showOnly();
  }

  /** The reader's meaning of each colour (options), as the colour buttons' hint. */
  setColorLabels(labels: Partial<Record<Color, string>>): void {
    for (const [color, pick] of this.#colorButtons) describeAs(pick, labels[color]);
  }

  /** Shows the Highlight button in the colour it will use now. */
  refreshColor(): void {
    this.#highlightSwatch.style.background = SWATCHES[this.#options.lastColor()];
  }

  /** Whether the reader can see the bar; waits (briefly) for the browser's first report. */
  #whenSeen(): Promise<boolean> {
    if (this.#seenByReader !== undefined) return Promise.resolve(this.#seenByReader);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.#seenByReader ?? true), 500);
      this.#seenReported = () => {
        clearTimeout(timer);
        this.#seenReported = undefined;
        resolve(this.#seenByReader ?? true);
      };
    });
  }

  /** Is `node` our own UI (so selections, clicks and mutations there are not the page's)? */
  owns(node: Node | null): boolean {
    return !!node && (node === this.#host || this.#host.contains(node));
  }

  get isOpen(): boolean {
    return !this.#bar.hidden && this.#host.isConnected;
  }

  /** Is the bar open for a selection (which closes it when the selection goes)? */
  get isForSelection(): boolean {
    return !this.#selectRow.hidden && this.isOpen;
  }

  forSelection(range: Range): void {
    this.#closeEditor();
    this.#range = range.cloneRange();
    this.#editing = undefined;
    this.refreshColor();
    this.#showOnly(this.#selectRow);
    this.#place(range);
  }

  forHighlight(annotation: { id: string; color: Color }, range: Range): void {
    this.#closeEditor();
    this.#range = undefined;
    this.#editing = { id: annotation.id };
    for (const [color, pick] of this.#editColors) pick.setAttribute('aria-pressed', String(color === annotation.color));
    this.#showOnly(this.#editRow);
    this.#place(range);
  }

  /** Opens the note editor for an annotation (right after "Note" made it, or to edit). */
  editNote(id: string, range: Range): void {
    this.#range = undefined;
    this.#editing = { id };
    this.#openEditor();
    this.#place(range);
  }

  offerUndo(id: string): void {
    this.#editing = undefined;
    this.#undoId = id;
    clearTimeout(this.#undoTimer);
    this.#undoTimer = setTimeout(() => this.#clearUndo(), UNDO_MS);
    this.#showOnly();
    this.#keepPlace();
  }

  /** Shows a message to the reader (a save that failed, say) where they were working. */
  tell(message: string, near?: Range): void {
    // A note being written is saved first, not thrown away with the editor.
    this.#closeEditor();
    this.#status.textContent = message;
    this.#showOnly();
    if (near) this.#place(near);
    else this.#keepPlace();
  }

  /** Hides the bar; a note being written is saved, and an offered Undo stays. */
  hide(): void {
    this.#closeEditor();
    this.#range = undefined;
    this.#editing = undefined;
    this.#status.textContent = '';
    this.#showOnly();
  }

  /** Moves keyboard focus into the bar (Tab from the page while it is open). */
  focus(): void {
    const first = [...this.#bar.querySelectorAll<HTMLElement>('button, iframe')].find((el) => el.offsetParent !== null);
    first?.focus();
    if (first instanceof HTMLIFrameElement) this.#editorFrame?.send({ type: 'focus' });
  }

  /** Shows the first line of annotation `id`'s note by the pointer (the frame reads it). */
  showTip(id: string, x: number, y: number): void {
    // Not over an open bar: a bar with anything drawn over it refuses clicks (whenSeen).
    if (this.isOpen) {
      this.hideTip();
      return;
    }
    if (!this.#tipFrame) {
      this.#tipFrame = new NoteFrame(t('note'), () => undefined);
      this.#tipFrame.element.tabIndex = -1;
      this.#tip.append(this.#tipFrame.element);
    }
    // Asked again each time it appears: the note may have been edited since.
    if (this.#tipFor !== id) this.#tipFrame.send({ type: 'tip', id });
    this.#tipFor = id;
    this.#tip.hidden = false;
    this.#tip.style.left = `${Math.min(x + 12, window.innerWidth - 340) - TIP_MARGIN}px`;
    this.#tip.style.top = `${y + 16 - TIP_MARGIN}px`;
    this.#attach();
  }

  hideTip(): void {
    this.#tipFor = undefined;
    if (this.#tip.hidden) return;
    this.#tip.hidden = true;
    this.#detachIfIdle();
  }

  #openEditor(): void {
    if (!this.#editing) return;
    this.#closeEditor();
    const frame: NoteFrame = new NoteFrame(t('note'), (message) => this.#heard(frame, message));
    this.#editorFrame = frame;
    this.#editor.append(frame.element);
    frame.send({ type: 'edit', id: this.#editing.id });
    this.#showOnly(this.#editor);
    this.#keepPlace();
  }

  /** The note editor is done (saved or cancelled: the bar goes), could not open, or could not save. */
  #heard(frame: NoteFrame, message: FromFrame): void {
    if (message.type === 'unsaved') {
      this.#keepEditing(frame, message.message);
      return;
    }
    const current = frame === this.#editorFrame;
    this.#drop(frame);
    if (message.type === 'failed') this.tell(message.message);
    else if (current) this.hide();
  }

  /**
   * A note that could not be saved is not thrown away with its editor: the editor (closing
   * or not) is shown again with the text in it and the reason, for the reader to try again
   * or cancel.
   */
  #keepEditing(frame: NoteFrame, reason: string): void {
    clearTimeout(this.#closing.get(frame));
    this.#closing.delete(frame);
    if (frame !== this.#editorFrame) {
      this.#closeEditor();
      this.#editorFrame = frame;
    }
    frame.element.hidden = false;
    this.#showOnly(this.#editor);
    this.#status.textContent = reason;
    this.#keepPlace();
  }

  /**
   * Closes the note editor, saving what was typed: the frame stays (hidden) until it says
   * it is done, since removing it would throw the typing away.
   */
  #closeEditor(): void {
    const frame = this.#editorFrame;
    if (!frame) return;
    this.#editorFrame = undefined;
    frame.element.hidden = true;
    frame.send({ type: 'commit' });
    this.#closing.set(
      frame,
      setTimeout(() => this.#drop(frame), CLOSING_MS),
    );
  }

  /**
   * Lets a note editor go. The key that closed it (Escape, Ctrl+Enter) may still be on its
   * way into the frame: the keyboard focus comes back to the page at once, and the frame is
   * removed a moment later, so that key lands in a document that still exists (Chromium
   * never answers a key sent to a frame removed meanwhile).
   */
  #drop(frame: NoteFrame): void {
    if (frame === this.#editorFrame) this.#editorFrame = undefined;
    clearTimeout(this.#closing.get(frame));
    frame.element.hidden = true;
    if (this.#root.activeElement === frame.element) frame.element.blur();
    this.#closing.set(
      frame,
      setTimeout(() => {
        this.#closing.delete(frame);
        frame.destroy();
        this.#detachIfIdle();
      }, DROP_MS),
    );
  }

  #clearUndo(): void {
    clearTimeout(this.#undoTimer);
    this.#undoId = undefined;
    this.#showOnly(...this.#visibleRows().filter((row) => row !== this.#undoRow));
  }

  #visibleRows(): HTMLElement[] {
    return [this.#selectRow, this.#editRow, this.#editor].filter((row) => !row.hidden);
  }

  /** Shows the given rows (and Undo while it is offered, and any status); hides the rest. */
  #showOnly(...rows: HTMLElement[]): void {
    for (const row of [this.#selectRow, this.#editRow, this.#editor]) row.hidden = !rows.includes(row);
    this.#undoRow.hidden = !this.#undoId;
    if (rows.length > 0) this.#status.textContent = '';
    const empty = rows.length === 0 && this.#undoRow.hidden && !this.#status.textContent;
    this.#bar.hidden = empty;
    if (empty) this.#detachIfIdle();
    else {
      this.hideTip();
      this.#attach();
    }
  }

  #attach(): void {
    if (!this.#host.isConnected) {
      document.documentElement.append(this.#host);
      this.#raise();
    }
  }

  /**
   * Puts the bar in the browser's top layer, above every other element of the page whatever
   * its z-index (and out of reach of its ancestors' opacity, filters and transforms), and
   * above the page's own popovers, dialogs and fullscreen element opened before now.
   * A manual popover: the page's popovers and light dismiss do not close it.
   */
  #raise(): void {
    const host = this.#host;
    if (!host.showPopover || !host.isConnected) return;
    host.setAttribute('style', this.#style);
    host.setAttribute('popover', 'manual');
    host.hidePopover();
    host.showPopover();
    this.#under = new Set(topLayer());
    this.#overtaken = false;
    // In Chromium, the next click waits for a fresh occlusion report on the bar where it is now.
    if (this.#recheckSeen) {
      this.#seenByReader = undefined;
      this.#recheckSeen();
    }
  }

  /**
   * Whether the bar is still as we drew it: on top of the top layer (as far as we can
   * tell: not the page's elements in its shadow roots), with our style.
   */
  #onTop(): boolean {
    const host = this.#host;
    return (
      !host.showPopover ||
      (host.matches(':popover-open') &&
        !this.#overtaken &&
        host.getAttribute('style') === this.#style &&
        topLayer().every((el) => el === host || this.#under.has(el)))
    );
  }

  #detachIfIdle(): void {
    // The frames inside would unload with the host: not while one is still saving.
    if (this.#bar.hidden && this.#tip.hidden && this.#closing.size === 0) this.#host.remove();
  }

  #lastAnchor: DOMRect | undefined;

  /** Where the bar was last; for a message with no place of its own, the top right corner. */
  #keepPlace(): void {
    this.#placeAt(this.#lastAnchor ?? new DOMRect(window.innerWidth - 16, 8, 0, 0));
  }

  /** Puts the bar below the range's end, or above it when there is no room below, inside the viewport. */
  #place(range: Range): void {
    const rects = range.getClientRects();
    this.#placeAt(rects[rects.length - 1] ?? range.getBoundingClientRect());
  }

  #placeAt(anchor: DOMRect): void {
    this.#lastAnchor = anchor;
    this.#attach();
    this.#host.setAttribute('style', `${BASE} top: 0 !important; left: 0 !important; visibility: hidden !important;`);
    const box = this.#bar.getBoundingClientRect();
    const margin = 8;
    let top = anchor.bottom + margin;
    if (top + box.height > window.innerHeight - margin) top = anchor.top - box.height - margin;
    top = Math.max(margin, Math.min(top, window.innerHeight - box.height - margin));
    const left = Math.max(margin, Math.min(anchor.right - box.width / 2, window.innerWidth - box.width - margin));
    this.#style = `${BASE} top: ${Math.round(top)}px !important; left: ${Math.round(left)}px !important;`;
    this.#host.setAttribute('style', this.#style);
    this.#raise();
  }
}
