import { highlightAt } from './hit-test';

export interface PointerWatch {
  signal: AbortSignal;
  isOurs(node: Node | null): boolean;
  drawn(): ReadonlyMap<string, { range: Range; color: import('../shared/types').Color }>;
  /** The reader clicked a drawn highlight (with nothing selected). */
  onClickHighlight(id: string, range: Range): void;
  /** The pointer rests over a highlight (or over none: undefined). */
  onHover(id: string | undefined, x: number, y: number): void;
}

/** Clicks on and hovering over drawn highlights; only the reader's own (trusted) input counts. */
export function watchPointer({ signal, isOurs, drawn, onClickHighlight, onHover }: PointerWatch): void {
  document.addEventListener(
    'click',
    (event) => {
      if (!event.isTrusted || event.button !== 0 || isOurs(event.target as Node)) return;
      const selection = document.getSelection();
      if (selection && !selection.isCollapsed) return;
      // Links and controls keep their own meaning.
      if ((event.target as Element | null)?.closest?.('a[href], button, input, select, textarea, label')) return;
      const id = highlightAt(event.clientX, event.clientY, drawn());
      const entry = id && drawn().get(id);
      if (id && entry) onClickHighlight(id, entry.range);
    },
    { signal, capture: true },
  );

  // Hovering is checked at most once a frame, and only while something is drawn.
  let frame = 0;
  let last: { x: number; y: number } | undefined;
  document.addEventListener(
    'mousemove',
    (event) => {
      if (!event.isTrusted || drawn().size === 0) return;
      last = { x: event.clientX, y: event.clientY };
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (!last) return;
        onHover(highlightAt(last.x, last.y, drawn()), last.x, last.y);
      });
    },
    { signal, passive: true },
  );
  signal.addEventListener('abort', () => cancelAnimationFrame(frame));
}
