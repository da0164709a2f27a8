import { t } from '../shared/i18n';
import { MAX_MARGIN_NOTES, type MarginNote } from '../shared/note-frame';
import type { Annotation } from '../shared/types';
import { NoteFrame } from './note-frame';

/** The note marker's name in CSS.highlights, styled in assets/content.css. */
const MARK = 'marginalia-note';
/** As the toolbar's host (toolbar.ts): the page's CSS cannot undo it. Below the toolbar; clicks pass through. */
const HOST =
  'all:initial!important;position:fixed!important;top:0!important;height:100vh!important;z-index:2147483646!important;display:block!important;pointer-events:none!important;';
const STYLE =
  'iframe{display:block;border:0;width:100%;height:100%;color-scheme:normal}iframe[hidden]{display:none}button{all:unset;position:absolute;right:8px;bottom:12px;pointer-events:auto;cursor:pointer;padding:2px 8px;border-radius:9px;font:12px system-ui,sans-serif;color:#f6f8fa;background:#1f2328}button:focus-visible{outline:2px solid #7cc4ff}';

export interface Margin {
  owns(node: Node | null): boolean;
  /** What is drawn now, after every change: returns whether any of it has a note. */
  show(drawn: ReadonlyMap<string, { range: Range }>, get: (id: string) => Annotation | undefined): boolean;
  /** The reader's option; until it is read, no margin notes (they would flash for those who turned them off). */
  enable(on: boolean): void;
}

/**
 * Notes you can see on the page (issue 16). Every passage with a note carries a marker (a
 * dotted underline drawn by CSS.highlights: nothing added to the page's DOM). Where the
 * article leaves room beside it, the notes themselves are shown in the margin, in an
 * extension frame (src/note/margin.ts) that reads them from the background: this script
 * tells it only ids and positions, following scroll and reflow. One click hides them.
 * (A closure rather than a class: its names minify, and every page pays for this script.)
 */
export function watchMargin(signal: AbortSignal): Margin {
  const host = document.createElement('marginalia-margin');
  const root = host.attachShadow({ mode: 'closed' });
  const button = document.createElement('button');
  const mark = typeof Highlight === 'function' && 'highlights' in CSS ? new Highlight() : undefined;
  const blocks = new WeakMap<Range, Element>();
  let frame: NoteFrame | undefined;
  let noted: { id: string; range: Range; v: string }[] = [];
  let enabled = false;
  let hidden = false;
  let sent = '';
  let raf = 0;

  /** The block (paragraph, list item…) a passage starts in. */
  const blockOf = (range: Range): Element => {
    let block = blocks.get(range);
    if (block) return block;
    const start = range.startContainer;
    block = (start.nodeType === 1 ? (start as Element) : start.parentElement) ?? document.documentElement;
    while (block.parentElement && /^(inline|contents)/.test(getComputedStyle(block).display))
      block = block.parentElement;
    blocks.set(range, block);
    return block;
  };

  const place = () => {
    cancelAnimationFrame(raf);
    raf = 0;
    // The column: 24 px right of the widest block holding a noted passage, 180 to 280 px wide.
    let right = 0;
    for (const { range } of noted) right = Math.max(right, blockOf(range).getBoundingClientRect().right);
    const left = Math.round(right + 24);
    const width = Math.min(280, document.documentElement.clientWidth - left - 8);
    if (!enabled || !noted.length || width < 180) {
      host.remove();
      return;
    }
    host.setAttribute('style', `${HOST}left:${left}px!important;width:${width}px!important`);
    if (!host.isConnected) document.documentElement.append(host);
    if (!frame) {
      frame = new NoteFrame(t('marginNotes'), () => undefined);
      frame.element.tabIndex = -1;
      root.prepend(frame.element);
    }
    button.textContent = t(hidden ? 'marginShow' : 'marginHide');
    frame.element.hidden = hidden;
    const notes: MarginNote[] = [];
    for (const { id, range, v } of noted) {
      const top = range.getClientRects()[0]?.top;
      // Far off screen: neither seen nor in the way of what is.
      if (top === undefined || top < -innerHeight || top > 2 * innerHeight) continue;
      // Beside a passage on screen, nothing of the page (a sidebar, a sticky header) may be drawn in the column.
      const hit = top >= 0 && top < innerHeight && document.elementFromPoint(left + width / 2, top + 4);
      if (hit && hit !== host && !hit.contains(blockOf(range))) continue;
      notes.push({ id, top: Math.round(top), v });
    }
    const order = JSON.stringify(notes);
    if (order === sent) return;
    sent = order;
    frame.send({ type: 'margin', notes: notes.slice(0, MAX_MARGIN_NOTES) });
  };

  const schedule = () => {
    if (noted.length && !raf) raf = requestAnimationFrame(place);
  };
  const style = document.createElement('style');
  style.textContent = STYLE;
  button.type = 'button';
  button.addEventListener(
    'click',
    (event) => {
      if (!event.isTrusted) return;
      hidden = !hidden;
      place();
    },
    { signal },
  );
  root.append(style, button);
  document.addEventListener('scroll', schedule, { capture: true, passive: true, signal });
  window.addEventListener('resize', schedule, { signal });
  // Reflow that moves passages without an event of its own (images and fonts loading).
  const resized = new ResizeObserver(schedule);
  resized.observe(document.documentElement);
  signal.addEventListener('abort', () => {
    resized.disconnect();
    cancelAnimationFrame(raf);
    frame?.destroy();
    host.remove();
    if (mark && CSS.highlights.get(MARK) === mark) CSS.highlights.delete(MARK);
  });

  return {
    owns: (node) => node === host,
    show(drawn, get) {
      noted = [];
      mark?.clear();
      for (const [id, { range }] of drawn) {
        const annotation = get(id);
        if (!annotation?.note.trim()) continue;
        noted.push({ id, range, v: annotation.updatedAt });
        mark?.add(range);
      }
      if (mark) CSS.highlights.set(MARK, mark);
      place();
      return noted.length > 0;
    },
    enable(on) {
      enabled = on;
      place();
    },
  };
}
