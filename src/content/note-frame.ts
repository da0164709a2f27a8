import { ext } from '../shared/browser';
import { type FromFrame, isFromFrame, NOTE_PAGE, type NoteHello, type ToFrame } from '../shared/note-frame';
import { uuid } from '../shared/uuid';

/**
 * Where the frame's document lives. Chromium gives a content script the per-session URL of
 * a `use_dynamic_url` resource but serves the page under the extension's own origin;
 * Firefox serves it where runtime.getURL says.
 */
function frameOrigin(): string {
  const base = new URL(ext.extensionUrl(''));
  return base.protocol === 'chrome-extension:' ? `chrome-extension://${ext.extensionId()}` : base.origin;
}

/**
 * One note frame (src/note): an <iframe> of our extension page, which the page can neither
 * read nor type into. Each time its document loads (also when the toolbar's host comes back
 * into the page), it is handed a fresh private MessageChannel, and the last order is given
 * again. Orders carry annotation ids, never note text.
 */
export class NoteFrame {
  readonly element = document.createElement('iframe');
  #port: MessagePort | undefined;
  /** The order that says what the frame shows; repeated after each load. */
  readonly #onMessage: (message: FromFrame) => void;
  #showing: ToFrame | undefined;
  #pending: ToFrame[] = [];

  constructor(title: string, onMessage: (message: FromFrame) => void) {
    this.#onMessage = onMessage;
    const nonce = uuid();
    this.element.title = title;
    this.element.src = `${ext.extensionUrl(NOTE_PAGE)}#${nonce}`;
    this.element.addEventListener('load', () => {
      this.#port?.close();
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => {
        if (isFromFrame(event.data)) this.#onMessage(event.data);
      };
      this.#port = channel.port1;
      const hello: NoteHello = { marginaliaNoteFrame: nonce };
      this.element.contentWindow?.postMessage(hello, frameOrigin(), [channel.port2]);
      const orders = this.#showing ? [this.#showing, ...this.#pending] : this.#pending;
      this.#pending = [];
      for (const order of orders) this.#port.postMessage(order);
    });
  }

  /** Gives an order now, or once the frame has loaded. */
  send(order: ToFrame): void {
    // What the frame shows (a note, or the margin) is given again after a reload; the rest once.
    const shows = order.type === 'edit' || order.type === 'tip' || order.type === 'margin';
    if (shows) this.#showing = order;
    if (this.#port) this.#port.postMessage(order);
    else if (!shows) this.#pending.push(order);
  }

  destroy(): void {
    this.#port?.close();
    this.#port = undefined;
    this.element.remove();
  }
}
