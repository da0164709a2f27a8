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

/**
 * One margin note to show (issue 16): which annotation, where its passage's first line is
 * (px from the top of the frame, which is the top of the viewport), and the annotation's
 * updatedAt, so the frame reads the note again when it changed. Never the note itself.
 */
export interface MarginNote {
  id: string;
  top: number;
  v: string;
}

/** As many margin notes as one order may carry: a page with more shows the first ones. */
export const MAX_MARGIN_NOTES = 500;

/** What the content script asks of a frame. */
export type ToFrame =
  /** Show the note editor for annotation `id`, focused. */
  | { type: 'edit'; id: string }
  /** Show the first line of annotation `id`'s note (the hover preview). */
  | { type: 'tip'; id: string }
  /** Save what was typed (if it changed), then answer `closed`. */
  | { type: 'commit' }
  /** Take the keyboard focus (the reader pressed Tab into the toolbar). */
  | { type: 'focus' }
  /** Show these notes in the margin, each beside its passage (the frame is the margin column). */
  | { type: 'margin'; notes: MarginNote[] };

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
  if (message.type === 'margin') {
    return (
      Array.isArray(message.notes) && message.notes.length <= MAX_MARGIN_NOTES && message.notes.every(isMarginNote)
    );
  }
  return message.type === 'commit' || message.type === 'focus';
}

/** Exactly an id, a place and a version: an order carrying anything more (text) is refused. */
function isMarginNote(value: unknown): value is MarginNote {
  if (typeof value !== 'object' || value === null) return false;
  const note = value as MarginNote;
  return (
    Object.keys(note).length === 3 &&
    typeof note.id === 'string' &&
    note.id.length <= 100 &&
    Number.isFinite(note.top) &&
    typeof note.v === 'string' &&
    note.v.length <= 40
  );
}
