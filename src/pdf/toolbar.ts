import { colorName } from '../shared/color-names';
import { t } from '../shared/i18n';
import { COLORS, type Color } from '../shared/types';

export interface ToolbarActions {
  /** A new highlight of the selection, in `color` (undefined: the last colour used). */
  highlight(color: Color | undefined, withNote: boolean): void;
  recolor(id: string, color: Color): void;
  editNote(id: string): void;
  remove(id: string): void;
}

/**
 * The reader's toolbar: the same buttons, names and colours as on web pages (Highlight,
 * the five colours, Note; on a highlight: its colours, Note, Delete), and the note editor.
 * The reader is our own page, so it needs none of the content script's defences.
 */
export class Toolbar {
  readonly element: HTMLElement;
  private readonly controller = new AbortController();

  constructor(
    private readonly doc: Document,
    private readonly actions: ToolbarActions,
  ) {
    this.element = doc.createElement('div');
    this.element.className = 'toolbar';
    this.element.setAttribute('role', 'toolbar');
    this.element.setAttribute('aria-label', t('toolbarLabel'));
    this.element.hidden = true;
    doc.body.append(this.element);
    doc.addEventListener(
      'keydown',
      (event) => {
        if (event.key === 'Escape') this.hide();
      },
      { signal: this.controller.signal },
    );
  }

  private button(label: string, onClick: () => void, color?: Color): HTMLButtonElement {
    const button = this.doc.createElement('button');
    button.type = 'button';
    button.textContent = label;
    if (color) button.dataset.color = color;
    // Keep the selection: a mousedown on a button would otherwise clear it first.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', onClick);
    return button;
  }

  private place(rect: DOMRect): void {
    this.element.hidden = false;
    const width = this.element.offsetWidth;
    const left = Math.max(8, Math.min(rect.left + rect.width / 2 - width / 2, innerWidth - width - 8));
    const top = rect.top > 60 ? rect.top - this.element.offsetHeight - 8 : rect.bottom + 8;
    this.element.style.left = `${left}px`;
    this.element.style.top = `${Math.max(8, top)}px`;
  }

  showForSelection(rect: DOMRect): void {
    this.element.replaceChildren(
      this.button(t('highlight'), () => this.actions.highlight(undefined, false)),
      ...COLORS.map((color) => this.button(colorName(color), () => this.actions.highlight(color, false), color)),
      this.button(t('note'), () => this.actions.highlight(undefined, true)),
    );
    this.place(rect);
  }

  showForHighlight(id: string, rect: DOMRect): void {
    this.element.replaceChildren(
      ...COLORS.map((color) => this.button(colorName(color), () => this.actions.recolor(id, color), color)),
      this.button(t('note'), () => this.actions.editNote(id)),
      this.button(t('delete'), () => this.actions.remove(id)),
    );
    this.place(rect);
  }

  /** A message with an optional action (Undo after Delete); stays until the next action. */
  say(message: string, rect: DOMRect | undefined, action?: { label: string; run: () => void }): void {
    const text = this.doc.createElement('span');
    text.className = 'message';
    text.setAttribute('role', 'status');
    text.textContent = message;
    this.element.replaceChildren(text, ...(action ? [this.button(action.label, action.run)] : []));
    this.place(rect ?? new DOMRect(innerWidth / 2, 80, 0, 0));
  }

  /** The note editor for a highlight; resolves to the note, or undefined when cancelled. */
  editNote(note: string, rect: DOMRect | undefined): Promise<string | undefined> {
    return new Promise((resolve) => {
      const field = this.doc.createElement('textarea');
      field.setAttribute('aria-label', t('note'));
      field.placeholder = t('notePlaceholder');
      field.value = note;
      field.rows = 4;
      const done = (value: string | undefined) => {
        this.hide();
        resolve(value);
      };
      field.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) done(field.value);
        else if (event.key === 'Escape') {
          event.stopPropagation();
          done(undefined);
        }
      });
      const hint = this.doc.createElement('span');
      hint.className = 'hint';
      hint.textContent = t('noteHint');
      this.element.replaceChildren(
        field,
        this.button(t('save'), () => done(field.value)),
        hint,
      );
      this.place(rect ?? new DOMRect(innerWidth / 2, 80, 0, 0));
      field.focus();
    });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  hide(): void {
    this.element.hidden = true;
    this.element.replaceChildren();
  }

  destroy(): void {
    this.controller.abort();
    this.element.remove();
  }
}
