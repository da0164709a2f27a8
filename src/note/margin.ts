import { send } from '../shared/messages';
import type { MarginNote } from '../shared/note-frame';
import type { Annotation } from '../shared/types';

/** Space kept between two notes that would otherwise overlap (px). */
const GAP = 8;

interface Card {
  element: HTMLElement;
  /** The annotation's updatedAt the card was read for: another one means the note changed. */
  v: string;
}

/**
 * Margin notes (issue 16): this frame is the margin column beside the article, as tall as
 * the viewport. The content script tells it which annotations have notes and where their
 * passages are; the notes themselves are read here, from the background, so their text is
 * never in the page. Each note is drawn level with the first line of its passage, and
 * pushed down just enough not to overlap the one above.
 */
export class MarginColumn {
  readonly element = document.createElement('div');
  readonly #cards = new Map<string, Card>();
  #notes: MarginNote[] = [];

  constructor() {
    this.element.className = 'margin';
  }

  show(notes: MarginNote[]): void {
    this.#notes = [...notes].sort((a, b) => a.top - b.top);
    const wanted = new Set(notes.map((note) => note.id));
    for (const [id, card] of this.#cards) {
      if (wanted.has(id)) continue;
      card.element.remove();
      this.#cards.delete(id);
    }
    for (const { id, v } of notes) {
      const card = this.#cards.get(id);
      if (card?.v === v) continue;
      if (card) card.v = v;
      else this.#cards.set(id, this.#card(v));
      void this.#read(id, v);
    }
    this.#layout();
  }

  #card(v: string): Card {
    const element = document.createElement('div');
    element.className = 'card';
    element.hidden = true;
    this.element.append(element);
    return { element, v };
  }

  async #read(id: string, v: string): Promise<void> {
    const { annotation } = await send('annotations/get', { id }).catch(() => ({
      annotation: null as Annotation | null,
    }));
    const card = this.#cards.get(id);
    // Moved on meanwhile: a newer read, or the note is no longer shown.
    if (!card || card.v !== v) return;
    card.element.textContent = annotation?.note.trim() ?? '';
    if (annotation) card.element.dataset.color = annotation.color;
    this.#layout();
  }

  /** Top to bottom: each note level with its passage, or just below the note above it. */
  #layout(): void {
    let bottom = Number.NEGATIVE_INFINITY;
    for (const { id, top } of this.#notes) {
      const card = this.#cards.get(id);
      if (!card) continue;
      card.element.hidden = !card.element.textContent;
      if (card.element.hidden) continue;
      const y = Math.max(top, bottom + GAP);
      card.element.style.transform = `translateY(${Math.round(y)}px)`;
      bottom = y + card.element.offsetHeight;
    }
  }
}
