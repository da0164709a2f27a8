import { colorName } from '../shared/color-names';
import { t } from '../shared/i18n';
import { COLORS, type Color } from '../shared/types';
import { SWATCHES, TOOLBAR_CSS } from './toolbar-style';

/** What the reader's clicks in the toolbar ask for; the annotator carries them out. */
export interface ToolbarActions {
  /** Highlight the range; `color` undefined means the last colour used. */
  highlight(range: Range, color: Color | undefined, withNote: boolean): void;
  recolor(id: string, color: Color): void;
  saveNote(id: string, note: string): void;
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

/** A button named `label`, showing `content` (its label when none is given). */
function button(label: string, className: string, ...content: (Node | string)[]): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = className;
  el.setAttribute('aria-label', label);
  el.append(...(content.length ? content : [label]));
  return el;
}

/** Calls `onChange` with whether `el` is unoccluded and opaque, where the browser can tell. */
function watchVisibility(el: Element, signal: AbortSignal, onChange: (visible: boolean) => void): boolean {
  if (typeof IntersectionObserverEntry === 'undefined' || !('isVisible' in IntersectionObserverEntry.prototype))
    return false;
  const observer = new IntersectionObserver(
    (entries) => {
      const last = entries[entries.length - 1] as (IntersectionObserverEntry & { isVisible?: boolean }) | undefined;
      if (last) onChange(last.isIntersecting ? last.isVisible !== false : true);
    },
    { threshold: [1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
  );
  observer.observe(el);
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  return true;
}

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
 * Only trusted clicks and keys act.
 */
export class Toolbar {
  private readonly host = document.createElement('marginalia-toolbar');
  private readonly root = this.host.attachShadow({ mode: 'closed' });
  private readonly bar = document.createElement('div');
  private readonly selectRow = document.createElement('div');
  private readonly editRow = document.createElement('div');
  private readonly undoRow = document.createElement('div');
  private readonly editor = document.createElement('div');
  private readonly textarea = document.createElement('textarea');
  private readonly status = document.createElement('span');
  private readonly tip = document.createElement('div');
  private readonly highlightSwatch: HTMLElement;
  private readonly editColors = new Map<Color, HTMLButtonElement>();
  private readonly colorButtons: [Color, HTMLButtonElement][] = [];

  /** The selection the select row acts on (a copy: the page may change the live one). */
  private range: Range | undefined;
  /** The annotation the edit row and the note editor act on. */
  private editing: { id: string; note: string } | undefined;
  private undoId: string | undefined;
  private undoTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Whether the reader can see the bar as we drew it: Chromium's IntersectionObserver v2
   * (trackVisibility) reports when anything covers it or makes it transparent. Where the
   * browser cannot tell (Firefox), the bar is trusted as drawn.
   */
  private seenByReader: boolean | undefined = true;
  private seenReported: (() => void) | undefined;

  constructor(private readonly options: ToolbarOptions) {
    const { signal, actions } = options;
    const style = document.createElement('style');
    style.textContent = TOOLBAR_CSS;
    this.bar.className = 'bar';
    this.bar.setAttribute('role', 'toolbar');
    this.bar.setAttribute('aria-label', t('toolbarLabel'));
    for (const row of [this.selectRow, this.editRow, this.undoRow]) row.className = 'row';

    this.highlightSwatch = swatch('yellow');
    const highlight = button(t('highlight'), 'highlight', this.highlightSwatch, t('highlight'));
    const on = (el: HTMLElement, act: () => void) =>
      el.addEventListener(
        'click',
        (event) => {
          // A page script's synthetic click does nothing, and neither does a click on a bar
          // the page has covered or disguised (the reader could not see what they clicked).
          if (event.isTrusted) void this.whenSeen().then((seen) => seen && act());
        },
        { signal },
      );
    on(highlight, () => this.range && actions.highlight(this.range, undefined, false));
    this.selectRow.append(highlight);
    for (const color of COLORS) {
      const pick = button(colorName(color), 'color', swatch(color));
      this.colorButtons.push([color, pick]);
      on(pick, () => this.range && actions.highlight(this.range, color, false));
      this.selectRow.append(pick);
    }
    const note = button(t('note'), 'text');
    on(note, () => this.range && actions.highlight(this.range, undefined, true));
    this.selectRow.append(note);

    for (const color of COLORS) {
      const pick = button(colorName(color), 'color', swatch(color));
      this.colorButtons.push([color, pick]);
      pick.setAttribute('aria-pressed', 'false');
      on(pick, () => this.editing && actions.recolor(this.editing.id, color));
      this.editColors.set(color, pick);
      this.editRow.append(pick);
    }
    const editNote = button(t('note'), 'text');
    on(editNote, () => this.editing && this.openEditor());
    const remove = button(t('delete'), 'text');
    on(remove, () => this.editing && actions.remove(this.editing.id));
    this.editRow.append(editNote, remove);

    const deleted = document.createElement('span');
    deleted.className = 'status';
    deleted.textContent = t('highlightDeleted');
    const undo = button(t('undo'), 'text');
    on(undo, () => {
      if (!this.undoId) return;
      actions.undo(this.undoId);
      this.clearUndo();
    });
    this.undoRow.append(undo, deleted);

    this.textarea.setAttribute('aria-label', t('note'));
    this.textarea.placeholder = t('notePlaceholder');
    this.editor.className = 'editor';
    const actionsRow = document.createElement('div');
    actionsRow.className = 'actions';
    const hint = document.createElement('span');
    hint.className = 'hint';
    hint.textContent = t('noteHint');
    const save = button(t('save'), 'text');
    on(save, () => this.commitNote(true));
    actionsRow.append(hint, save);
    this.editor.append(this.textarea, actionsRow);

    this.status.className = 'status';
    this.status.setAttribute('role', 'status');
    this.tip.className = 'tip';
    this.tip.setAttribute('role', 'tooltip');
    this.tip.hidden = true;
    this.bar.append(this.selectRow, this.editRow, this.editor, this.undoRow, this.status);
    this.root.append(style, this.bar, this.tip);

    // Keep the page's selection: a mousedown in the bar would otherwise collapse it.
    this.bar.addEventListener(
      'mousedown',
      (event) => {
        if (event.target !== this.textarea) event.preventDefault();
      },
      { signal },
    );
    this.textarea.addEventListener(
      'keydown',
      (event) => {
        if (!event.isTrusted) return;
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          this.commitNote(true);
        } else if (event.key === 'Escape') {
          event.preventDefault();
          this.cancelNote();
        }
        // Keys typed in the note are ours: the page's shortcuts must not see them.
        event.stopPropagation();
      },
      { signal },
    );
    // What is typed in a note is ours: keep the page's own listeners from seeing the keys
    // and the text (events from a closed shadow root still reach them, retargeted).
    for (const type of [
      'keyup',
      'keypress',
      'beforeinput',
      'input',
      'compositionstart',
      'compositionupdate',
      'compositionend',
      'paste',
      'cut',
      'copy',
    ]) {
      this.textarea.addEventListener(type, (event) => event.stopPropagation(), { signal });
    }
    // A note typed but not saved is kept when the reader clicks elsewhere.
    this.textarea.addEventListener('blur', () => this.commitNote(false), { signal });
    this.bar.addEventListener(
      'keydown',
      (event) => {
        if (event.isTrusted && event.key === 'Escape' && event.target !== this.textarea) this.hide();
      },
      { signal },
    );
    const tracked = watchVisibility(this.bar, signal, (visible) => {
      this.seenByReader = visible;
      this.seenReported?.();
    });
    // Until the browser's first report, whether the reader can see the bar is unknown.
    if (tracked) this.seenByReader = undefined;
    signal.addEventListener('abort', () => {
      clearTimeout(this.undoTimer);
      this.host.remove();
    });
    this.showOnly();
  }

  /** The reader's meaning of each colour (options), as the colour buttons' hint. */
  setColorLabels(labels: Partial<Record<Color, string>>): void {
    for (const [color, pick] of this.colorButtons) describeAs(pick, labels[color]);
  }

  /** Shows the Highlight button in the colour it will use now. */
  refreshColor(): void {
    this.highlightSwatch.style.background = SWATCHES[this.options.lastColor()];
  }

  /** Whether the reader can see the bar; waits (briefly) for the browser's first report. */
  private whenSeen(): Promise<boolean> {
    if (this.seenByReader !== undefined) return Promise.resolve(this.seenByReader);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.seenByReader ?? true), 500);
      this.seenReported = () => {
        clearTimeout(timer);
        this.seenReported = undefined;
        resolve(this.seenByReader ?? true);
      };
    });
  }

  /** Is `node` our own UI (so selections, clicks and mutations there are not the page's)? */
  owns(node: Node | null): boolean {
    return !!node && (node === this.host || this.host.contains(node));
  }

  get isOpen(): boolean {
    return !this.bar.hidden && this.host.isConnected;
  }

  /** Is the bar open for a selection (which closes it when the selection goes)? */
  get isForSelection(): boolean {
    return !this.selectRow.hidden && this.isOpen;
  }

  forSelection(range: Range): void {
    this.commitNote(false);
    this.range = range.cloneRange();
    this.editing = undefined;
    this.refreshColor();
    this.showOnly(this.selectRow);
    this.place(range);
  }

  forHighlight(annotation: { id: string; note: string; color: Color }, range: Range): void {
    this.commitNote(false);
    this.range = undefined;
    this.editing = { id: annotation.id, note: annotation.note };
    for (const [color, pick] of this.editColors) pick.setAttribute('aria-pressed', String(color === annotation.color));
    this.showOnly(this.editRow);
    this.place(range);
  }

  /** Opens the note editor for an annotation (right after "Note" made it, or to edit). */
  editNote(annotation: { id: string; note: string }, range: Range): void {
    this.range = undefined;
    this.editing = { id: annotation.id, note: annotation.note };
    this.openEditor();
    this.place(range);
  }

  offerUndo(id: string): void {
    this.editing = undefined;
    this.undoId = id;
    clearTimeout(this.undoTimer);
    this.undoTimer = setTimeout(() => this.clearUndo(), UNDO_MS);
    this.showOnly();
    this.keepPlace();
  }

  /** Shows a message to the reader (a save that failed, say) where they were working. */
  tell(message: string, near?: Range): void {
    // A note being written is saved first, not thrown away with the editor.
    this.commitNote(false);
    this.status.textContent = message;
    this.showOnly();
    if (near) this.place(near);
    else this.keepPlace();
  }

  /** Hides the bar; a note being written is saved, and an offered Undo stays. */
  hide(): void {
    this.commitNote(false);
    this.range = undefined;
    this.editing = undefined;
    this.status.textContent = '';
    this.showOnly();
  }

  /** Moves keyboard focus into the bar (Tab from the page while it is open). */
  focus(): void {
    const first = [...this.bar.querySelectorAll<HTMLElement>('button, textarea')].find(
      (el) => el.offsetParent !== null,
    );
    first?.focus();
  }

  showTip(text: string, x: number, y: number): void {
    this.tip.textContent = text;
    this.tip.hidden = false;
    this.tip.style.left = `${Math.min(x + 12, window.innerWidth - 340)}px`;
    this.tip.style.top = `${y + 16}px`;
    this.attach();
  }

  hideTip(): void {
    if (this.tip.hidden) return;
    this.tip.hidden = true;
    this.detachIfIdle();
  }

  private openEditor(): void {
    this.textarea.value = this.editing?.note ?? '';
    this.showOnly(this.editor);
    this.keepPlace();
    this.textarea.focus();
  }

  /** Saves the note being written if it changed; `close` hides the bar afterwards. */
  private commitNote(close: boolean): void {
    if (this.editor.hidden || !this.editing) return;
    const note = this.textarea.value;
    const { id } = this.editing;
    if (note !== this.editing.note) {
      this.editing.note = note;
      this.options.actions.saveNote(id, note);
    }
    if (close) this.hide();
  }

  private cancelNote(): void {
    if (this.editing) this.textarea.value = this.editing.note;
    this.hide();
  }

  private clearUndo(): void {
    clearTimeout(this.undoTimer);
    this.undoId = undefined;
    this.showOnly(...this.visibleRows().filter((row) => row !== this.undoRow));
  }

  private visibleRows(): HTMLElement[] {
    return [this.selectRow, this.editRow, this.editor].filter((row) => !row.hidden);
  }

  /** Shows the given rows (and Undo while it is offered, and any status); hides the rest. */
  private showOnly(...rows: HTMLElement[]): void {
    for (const row of [this.selectRow, this.editRow, this.editor]) row.hidden = !rows.includes(row);
    this.undoRow.hidden = !this.undoId;
    if (rows.length > 0) this.status.textContent = '';
    const empty = rows.length === 0 && this.undoRow.hidden && !this.status.textContent;
    this.bar.hidden = empty;
    if (empty) this.detachIfIdle();
    else this.attach();
  }

  private attach(): void {
    if (!this.host.isConnected) document.documentElement.append(this.host);
  }

  private detachIfIdle(): void {
    if (this.bar.hidden && this.tip.hidden) this.host.remove();
  }

  private lastAnchor: DOMRect | undefined;

  /** Where the bar was last; for a message with no place of its own, the top right corner. */
  private keepPlace(): void {
    this.placeAt(this.lastAnchor ?? new DOMRect(window.innerWidth - 16, 8, 0, 0));
  }

  /** Puts the bar below the range's end, or above it when there is no room below, inside the viewport. */
  private place(range: Range): void {
    const rects = range.getClientRects();
    this.placeAt(rects[rects.length - 1] ?? range.getBoundingClientRect());
  }

  private placeAt(anchor: DOMRect): void {
    this.lastAnchor = anchor;
    this.attach();
    // !important: an inline !important declaration beats even a page's `* { all: unset !important }`.
    const base =
      'all: initial !important; position: fixed !important; z-index: 2147483647 !important; display: block !important;';
    this.host.setAttribute('style', `${base} top: 0 !important; left: 0 !important; visibility: hidden !important;`);
    const box = this.bar.getBoundingClientRect();
    const margin = 8;
    let top = anchor.bottom + margin;
    if (top + box.height > window.innerHeight - margin) top = anchor.top - box.height - margin;
    top = Math.max(margin, Math.min(top, window.innerHeight - box.height - margin));
    const left = Math.max(margin, Math.min(anchor.right - box.width / 2, window.innerWidth - box.width - margin));
    this.host.setAttribute(
      'style',
      `${base} top: ${Math.round(top)}px !important; left: ${Math.round(left)}px !important;`,
    );
  }
}
