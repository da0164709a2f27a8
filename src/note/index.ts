import { send } from '../shared/messages';
import { type FromFrame, isHello, isToFrame, type ToFrame } from '../shared/note-frame';
import { NoteEditor } from './editor';
import { MarginColumn } from './margin';

/**
 * The note frame (note.html: inside the toolbar on a web page, or the margin column beside
 * the article). It waits for the content script's hello, which must carry the nonce in
 * this frame's URL fragment and come from the window that embeds us, and then takes orders
 * over the port it was handed. Nothing it shows or is typed into it leaves this document
 * except to the background.
 */
const nonce = location.hash.slice(1);
let port: MessagePort | undefined;
let editor: NoteEditor | undefined;
let tip: HTMLElement | undefined;
let tipFor: string | undefined;
let tipRequest = 0;
let margin: MarginColumn | undefined;

const tell = (message: FromFrame) => port?.postMessage(message);

async function showTip(id: string): Promise<void> {
  if (!tip) {
    tip = document.createElement('div');
    tip.className = 'tip';
    tip.setAttribute('role', 'tooltip');
    tip.hidden = true;
    document.body.append(tip);
  }
  // Another highlight's note: not a moment of the previous one's while this one loads.
  if (id !== tipFor) tip.hidden = true;
  tipFor = id;
  const request = ++tipRequest;
  const { annotation } = await send('annotations/get', { id }).catch(() => ({ annotation: null }));
  if (request !== tipRequest || !tip) return;
  const line = annotation?.note.trim().split('\n')[0] ?? '';
  tip.textContent = line;
  tip.hidden = !line;
}

function obey(order: ToFrame): void {
  switch (order.type) {
    case 'edit':
      if (editor) return;
      editor = new NoteEditor(tell);
      document.body.append(editor.element);
      void editor.open(order.id);
      return;
    case 'tip':
      void showTip(order.id);
      return;
    case 'commit':
      if (editor) void editor.commit();
      else tell({ type: 'closed' });
      return;
    case 'focus':
      editor?.focus();
      return;
    case 'margin':
      if (!margin) {
        margin = new MarginColumn();
        document.body.append(margin.element);
      }
      margin.show(order.notes);
  }
}

window.addEventListener('message', (event) => {
  if (port || !nonce || event.source !== window.parent || !isHello(event.data, nonce)) return;
  const [received] = event.ports;
  if (!received) return;
  port = received;
  port.onmessage = (message) => {
    if (isToFrame(message.data)) obey(message.data);
  };
});
