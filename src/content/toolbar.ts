/**
 * The selection toolbar: a closed shadow root on a host element that is added to the page
 * only while shown, so neither the page's CSS nor its scripts can reach our controls.
 */
export interface ToolbarOptions {
  onHighlight(range: Range): void;
  signal: AbortSignal;
}

const STYLE = `
:host { all: initial; }
.bar {
  display: flex; align-items: center; gap: 4px; padding: 4px;
  font: 13px/1.2 system-ui, -apple-system, "Segoe UI", sans-serif;
  background: #1f2328; color: #f6f8fa; border-radius: 8px;
  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.28);
}
button {
  all: unset; cursor: pointer; padding: 6px 10px; border-radius: 6px;
  font: inherit; color: inherit; background: #2f353d;
}
button:hover { background: #444c56; }
button:focus-visible { outline: 2px solid #7cc4ff; outline-offset: 1px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; background: #ffd84d; margin-right: 6px; }
.status { padding: 0 6px; max-width: 28em; }
.status:empty { display: none; }
`;

export class Toolbar {
  private host: HTMLElement | undefined;
  private root: ShadowRoot | undefined;
  private status: HTMLElement | undefined;
  private range: Range | undefined;

  constructor(private readonly options: ToolbarOptions) {
    options.signal.addEventListener('abort', () => this.host?.remove(), { once: true });
  }

  /** Is `node` our own UI (so selections and clicks there are not the page's)? */
  owns(node: Node | null): boolean {
    return !!node && !!this.host && (node === this.host || this.host.contains(node));
  }

  show(range: Range): void {
    this.range = range.cloneRange();
    const host = this.ensureHost();
    this.setStatus('');
    if (!host.isConnected) document.documentElement.append(host);
    this.place(range);
  }

  hide(): void {
    this.range = undefined;
    this.host?.remove();
  }

  /** Shows a message to the reader (for example, a save that failed) next to where they worked. */
  tell(message: string, near?: Range): void {
    this.ensureHost();
    this.setStatus(message);
    if (near && this.host && !this.host.isConnected) {
      document.documentElement.append(this.host);
      this.place(near);
    }
  }

  private setStatus(message: string): void {
    if (this.status) this.status.textContent = message;
  }

  private ensureHost(): HTMLElement {
    if (this.host) return this.host;
    const host = document.createElement('marginalia-toolbar');
    const root = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', 'Marginalia');
    const highlight = document.createElement('button');
    highlight.type = 'button';
    highlight.setAttribute('aria-label', 'Highlight');
    highlight.innerHTML = '<span class="swatch" aria-hidden="true"></span>Highlight';
    const status = document.createElement('span');
    status.className = 'status';
    status.setAttribute('role', 'status');
    bar.append(highlight, status);
    root.append(style, bar);

    const { signal } = this.options;
    // Keep the page's selection: a mousedown on a button would otherwise collapse it.
    bar.addEventListener('mousedown', (event) => event.preventDefault(), { signal });
    highlight.addEventListener(
      'click',
      (event) => {
        // Only the reader's own click acts; a page script's synthetic event does nothing.
        if (!event.isTrusted || !this.range) return;
        this.options.onHighlight(this.range);
      },
      { signal },
    );
    this.host = host;
    this.root = root;
    this.status = status;
    return host;
  }

  /** Puts the bar just below the selection's end, or above it when there is no room below. */
  private place(range: Range): void {
    const host = this.host!;
    const rects = range.getClientRects();
    const anchor = rects[rects.length - 1] ?? range.getBoundingClientRect();
    host.setAttribute(
      'style',
      'all: initial; position: fixed; z-index: 2147483647; top: 0; left: 0; visibility: hidden;',
    );
    const box = this.root!.querySelector('.bar')!.getBoundingClientRect();
    const margin = 8;
    let top = anchor.bottom + margin;
    if (top + box.height > window.innerHeight) top = Math.max(margin, anchor.top - box.height - margin);
    const left = Math.min(Math.max(margin, anchor.right - box.width / 2), window.innerWidth - box.width - margin);
    host.setAttribute(
      'style',
      `all: initial; position: fixed; z-index: 2147483647; top: ${Math.round(top)}px; left: ${Math.round(Math.max(margin, left))}px;`,
    );
  }
}
