/**
 * Watches the reader's selections. Only trusted input counts, and selections inside our
 * own UI, form fields and rich-text editors are the page's business, not ours.
 */
export interface SelectionWatch {
  signal: AbortSignal;
  isOurs(node: Node | null): boolean;
  onSelect(range: Range): void;
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

export function watchSelection({ signal, isOurs, onSelect, onClear, onTab }: SelectionWatch): void {
  const offer = (event: Event) => {
    if (!event.isTrusted || isOurs(event.target as Node)) return;
    const range = currentRange(isOurs);
    if (range) onSelect(range);
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
