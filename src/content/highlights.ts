import { anchorRanges } from '../anchoring';
import type { Annotation } from '../shared/types';
import { createPainter } from './painter';
import { pause } from './pause';

/**
 * The page's annotations and what is drawn of them. Those not (or no longer) found are
 * orphans: kept, never rewritten, and anchored again whenever the page changes.
 */
export class PageHighlights {
  readonly #painter = createPainter();
  readonly #annotations = new Map<string, Annotation>();
  readonly #pending = new Set<string>();
  #running: Promise<void> | undefined;
  #again = false;

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
   * Anchors every pending annotation, in slices that let the page run (see anchorRanges),
   * those where the reader is looking first, each drawn as soon as it is found. A call
   * while a pass is running asks for one more pass after it.
   */
  anchorPending(root: HTMLElement | null = document.body): Promise<void> {
    this.#again = true;
    this.#running ??= (async () => {
      // Never done before `#running` is set: a pass that ended at once would stay "running".
      await null;
      while (this.#again && root) {
        this.#again = false;
        const ids = [...this.#pending];
        const annotations = ids.map((id) => this.#annotations.get(id)!);
        if (ids.length === 0) break;
        await anchorRanges(
          annotations.map((a) => a.target.selector),
          root,
          {
            pause,
            near: (index) => {
              const at = scrollY > 0 && document.caretPositionFromPoint?.(innerWidth / 2, innerHeight / 2);
              return at ? index.positionOf(at.offsetNode, at.offset) : undefined;
            },
            found: (i, range) => {
              const id = ids[i]!;
              // Changed or removed meanwhile: the next pass has the new one.
              if (this.#annotations.get(id) !== annotations[i]) return;
              if (range) {
                this.#painter.draw(id, range, annotations[i]!.color);
                this.#pending.delete(id);
              } else {
                this.#painter.erase(id);
                this.#pending.add(id);
              }
            },
          },
        );
      }
      this.#running = undefined;
    })();
    return this.#running;
  }
}

function sameTarget(a: Annotation, b: Annotation): boolean {
  return JSON.stringify(a.target) === JSON.stringify(b.target);
}
