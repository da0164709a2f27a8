import { snapOffset } from './word-snap';

/**
 * Watches the reader's selections. Only trusted input counts, and selections inside our
 * own UI, form fields and rich-text editors are the page's business, not ours.
 */
export interface SelectionWatch {
  signal: AbortSignal;
  isOurs(node: Node | null): boolean;
  /** `dragged`: made with the mouse (which snaps to whole words), not the keyboard. */
  onSelect(range: Range, dragged: boolean): void;
  onClear(): void;
  /** Tab pressed with a selection: true when the toolbar took the focus. */
  onTab(): boolean;
}

function isEditable(node: Node | null): boolean {
  const el = node?.nodeType === 1 ? (node as Element) : node?.parentElement;
  if (!el) return false;
  return (
    (el as HTMLElement).isContentEditable ||
    !!el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')
  );
}

export function currentRange(isOurs: (node: Node | null) => boolean): Range | undefined {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return undefined;
  const range = selection.getRangeAt(0);
  if (!/\S/.test(range.toString())) return undefined;
  if (isOurs(range.commonAncestorContainer) || isEditable(range.startContainer) || isEditable(range.endContainer)) {
    return undefined;
  }
  return range;
}

/**
 * Extends the reader's selection to whole words (word-snap.ts), keeping its direction, so
 * the reader sees what will be highlighted; returns the range selected now.
 */
export function snapSelection(range: Range): Range {
  const selection = document.getSelection();
  const lang = document.documentElement.lang || undefined;
  const edge = (node: Node, offset: number, side: 'start' | 'end') =>
    node.nodeType === 3 ? snapOffset((node as Text).data, offset, side, lang) : offset;
  const { startContainer: first, endContainer: last } = range;
  const start = edge(first, range.startOffset, 'start');
  const end = edge(last, range.endOffset, 'end');
  if (!selection || (start === range.startOffset && end === range.endOffset)) return range;
  if (selection.anchorNode === last && selection.anchorOffset === range.endOffset) {
    selection.setBaseAndExtent(last, end, first, start);
  } else selection.setBaseAndExtent(first, start, last, end);
  return selection.rangeCount > 0 ? selection.getRangeAt(0) : range;
}

export function watchSelection({ signal, isOurs, onSelect, onClear, onTab }: SelectionWatch): void {
  const offer = (event: Event) => {
    if (!event.isTrusted || isOurs(event.target as Node)) return;
    const range = currentRange(isOurs);
    if (range) onSelect(range, event.type === 'mouseup');
  };
  document.addEventListener('mouseup', offer, { signal, capture: true });
  document.addEventListener(
    'keydown',
    (event) => {
      // Keyboard readers reach the toolbar with Tab, right after selecting.
      if (event.isTrusted && event.key === 'Tab' && !event.shiftKey && currentRange(isOurs) && onTab()) {
        event.preventDefault();
      }
    },
    { signal, capture: true },
  );
  document.addEventListener(
    'keyup',
    (event) => {
      if (event.key === 'Escape') onClear();
      else if (event.shiftKey || event.key === 'Shift') offer(event);
    },
    { signal, capture: true },
  );
  document.addEventListener(
    'selectionchange',
    () => {
      if (!currentRange(isOurs)) onClear();
    },
    { signal },
  );
}
