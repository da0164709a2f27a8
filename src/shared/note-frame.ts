/**
 * The note frame (note.html): where a note is typed or shown on a web page. It is an
 * extension page in an <iframe> inside the toolbar, so the keys typed into it go to its
 * own document (never to the page's listeners, capture or not) and the page cannot read
 * its DOM. The frame reads and writes notes itself, through the background
 * (`annotations/get`, `annotations/patch`); the content script only tells it which
 * annotation to show, over a private MessageChannel handed to it once it loads.
 *
 * No note text ever crosses that channel in either direction: were a page ever to hold
 * one end of it, it would learn nothing but when the editor closes.
 */
export const NOTE_PAGE = 'note.html';

/** The one window message we send: to our own frame only, carrying the channel's port. */
export interface NoteHello {
  /** The nonce in the frame's URL fragment; the frame ignores any other hello. */
  marginaliaNoteFrame: string;
}

/** What the content script asks of a frame. */
export type ToFrame =
  /** Show the note editor for annotation `id`, focused. */
  | { type: 'edit'; id: string }
  /** Show the first line of annotation `id`'s note (the hover preview). */
  | { type: 'tip'; id: string }
  /** Save what was typed (if it changed), then answer `closed`. */
  | { type: 'commit' }
  /** Take the keyboard focus (the reader pressed Tab into the toolbar). */
  | { type: 'focus' };

/** What a frame tells the content script. */
export type FromFrame =
  /** Done (saved, or cancelled with Escape): the editor can go. */
  | { type: 'closed' }
  /** The note could not be opened (or is gone): what to tell the reader (never the note). */
  | { type: 'failed'; message: string }
  /** The note could not be saved: it is still in the editor, which stays open; why. */
  | { type: 'unsaved'; message: string };

export function isHello(value: unknown, nonce: string): value is NoteHello {
  return typeof value === 'object' && value !== null && (value as NoteHello).marginaliaNoteFrame === nonce;
}

export function isFromFrame(value: unknown): value is FromFrame {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as FromFrame;
  return (
    message.type === 'closed' ||
    ((message.type === 'failed' || message.type === 'unsaved') && typeof message.message === 'string')
  );
}

export function isToFrame(value: unknown): value is ToFrame {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as ToFrame;
  if (message.type === 'edit' || message.type === 'tip') return typeof message.id === 'string';
  return message.type === 'commit' || message.type === 'focus';
}
