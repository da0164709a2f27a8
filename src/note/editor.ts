import { t } from '../shared/i18n';
import { MAX_NOTE, noteTooLong } from '../shared/limits';
import { send } from '../shared/messages';
import type { FromFrame } from '../shared/note-frame';
import { retrying } from '../shared/retry';

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The note editor: the note is read from and written to the background by this frame
 * alone. Ctrl/Cmd+Enter and Save save and close, Escape closes without saving, and
 * leaving the text box saves (the reader clicked elsewhere). A note that cannot be saved
 * stays in the editor, which stays open with the reason, until it is saved or cancelled.
 */
export class NoteEditor {
  readonly element = document.createElement('div');
  private readonly textarea = document.createElement('textarea');
  private id: string | undefined;
  /** The note as stored: what Escape goes back to, and what needs no save. */
  private saved = '';
  private loaded = false;
  /** Saves run one after another, so a later one never lands before an earlier one. */
  private queue: Promise<unknown> = Promise.resolve();
  private done = false;

  constructor(private readonly tell: (message: FromFrame) => void) {
    this.element.className = 'editor';
    this.textarea.setAttribute('aria-label', t('note'));
    this.textarea.placeholder = t('notePlaceholder');
    this.textarea.disabled = true;
    const actions = document.createElement('div');
    actions.className = 'actions';
    const hint = document.createElement('span');
    hint.className = 'hint';
    hint.textContent = t('noteHint');
    const save = document.createElement('button');
    save.type = 'button';
    save.textContent = t('save');
    save.addEventListener('click', (event) => {
      if (event.isTrusted) void this.commit();
    });
    actions.append(hint, save);
    this.element.append(this.textarea, actions);

    this.textarea.addEventListener('keydown', (event) => {
      if (!event.isTrusted) return;
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void this.commit();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        this.cancel();
      }
    });
    this.textarea.addEventListener('blur', () => void this.save());
    // The frame going (the tab closing, the page removing our toolbar) still saves what was typed.
    window.addEventListener('pagehide', () => void this.save());
    // Focus given to the frame (from the toolbar, by Tab) goes on to the text box.
    window.addEventListener('focus', () => this.focus());
  }

  async open(id: string): Promise<void> {
    this.id = id;
    try {
      const { annotation } = await send('annotations/get', { id });
      if (!annotation) {
        this.fail(t('noteGone'));
        return;
      }
      this.saved = annotation.note;
      this.textarea.value = annotation.note;
      this.loaded = true;
      this.textarea.disabled = false;
      this.focus();
    } catch (error) {
      this.fail(t('couldNotOpenNote', reasonOf(error)));
    }
  }

  focus(): void {
    if (this.loaded && document.activeElement !== this.textarea) this.textarea.focus();
  }

  /** Saves (if changed) and tells the toolbar the editor can go. */
  async commit(): Promise<void> {
    if (await this.save()) this.close();
  }

  private cancel(): void {
    this.textarea.value = this.saved;
    // A save already under way (the text box lost focus just before) finishes first.
    void this.queue.then(() => this.close());
  }

  private close(): void {
    if (this.done) return;
    this.done = true;
    this.tell({ type: 'closed' });
  }

  private fail(message: string): false {
    if (!this.done) this.tell({ type: 'failed', message });
    this.done = true;
    return false;
  }

  /** Stores the note if it changed; false (and the reader told why) when it could not be. */
  save(): Promise<boolean> {
    const run = this.queue.then(() => this.store());
    this.queue = run;
    return run;
  }

  private async store(): Promise<boolean> {
    const note = this.textarea.value;
    const id = this.id;
    if (!id || !this.loaded || note === this.saved) return true;
    if (note.length > MAX_NOTE) return this.unsaved(t('couldNotSave', noteTooLong(note.length)));
    try {
      const updatedAt = new Date().toISOString();
      const { annotation } = await retrying(() => send('annotations/patch', { id, change: { note }, updatedAt }));
      if (!annotation) return this.fail(t('noteGone'));
      this.saved = note;
      return true;
    } catch (error) {
      return this.unsaved(t('couldNotSave', reasonOf(error)));
    }
  }

  /** The note stays here, typed, and the editor open: the reader is told why and can try again. */
  private unsaved(message: string): false {
    if (!this.done) this.tell({ type: 'unsaved', message });
    return false;
  }
}
