import { anchorRanges } from '../anchoring';
import type { Annotation } from '../shared/types';
import { createPainter } from './painter';

/**
 * The page's annotations and what is drawn of them. Those not (or no longer) found are
 * orphans: kept, never rewritten, and anchored again whenever the page changes.
 */
export class PageHighlights {
  readonly #painter = createPainter();
  readonly #annotations = new Map<string, Annotation>();
  readonly #pending = new Set<string>();

  get size(): number {
    return this.#annotations.size;
  }

  get(id: string): Annotation | undefined {
    return this.#annotations.get(id);
  }

  /** What is drawn now, by annotation id. */
  drawn() {
    return this.#painter.drawn();
  }

  /** Ids not found on the page, in a stable order. */
  orphans(): string[] {
    return [...this.#pending].sort();
  }

  clear(): void {
    this.#painter.destroy();
    this.#annotations.clear();
    this.#pending.clear();
  }

  destroy(): void {
    this.clear();
  }

  /** Adds (or replaces) annotations; they are drawn at the next `anchorPending`. */
  add(annotations: Iterable<Annotation>): void {
    for (const annotation of annotations) {
      const previous = this.#annotations.get(annotation.id);
      this.#annotations.set(annotation.id, annotation);
      const drawn = this.#painter.drawn().get(annotation.id);
      if (previous && drawn && sameTarget(previous, annotation)) {
        // Only the colour (or the note) changed: repaint in place, no anchoring.
        if (drawn.color !== annotation.color) this.#painter.draw(annotation.id, drawn.range, annotation.color);
      } else {
        this.#painter.erase(annotation.id);
        this.#pending.add(annotation.id);
      }
    }
  }

  /** Draws a new annotation where the reader made it. */
  drawAt(annotation: Annotation, range: Range): void {
    this.#annotations.set(annotation.id, annotation);
    this.#pending.delete(annotation.id);
    this.#painter.draw(annotation.id, range, annotation.color);
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      this.#annotations.delete(id);
      this.#pending.delete(id);
      this.#painter.erase(id);
    }
  }

  /** Drawn ranges emptied or cut out of the page by its own changes become pending again. */
  recheckDrawn(): void {
    for (const [id, { range }] of this.#painter.drawn()) {
      if (range.collapsed || !range.startContainer.isConnected || !range.endContainer.isConnected) {
        this.#painter.erase(id);
        this.#pending.add(id);
      }
    }
  }

  /**
   * Anchors every pending annotation: by its DOM range where the page is unchanged there,
   * the rest against one text index built for this pass (only if any are left).
   */
  anchorPending(root: HTMLElement | null = document.body): void {
    if (this.#pending.size === 0 || !root) return;
    const ids = [...this.#pending];
    const ranges = anchorRanges(
      ids.map((id) => this.#annotations.get(id)!.target.selector),
      root,
    );
    ids.forEach((id, i) => {
      const range = ranges[i];
      if (!range) return;
      this.#painter.draw(id, range, this.#annotations.get(id)!.color);
      this.#pending.delete(id);
    });
  }
}

function sameTarget(a: Annotation, b: Annotation): boolean {
  return JSON.stringify(a.target) === JSON.stringify(b.target);
}
