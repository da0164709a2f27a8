import { MAX_NOTE, MAX_PASSAGE, noteTooLong, passageTooLong } from '../shared/limits';
import { MessageError, send } from '../shared/messages';
import { retrying } from '../shared/retry';
import { type Annotation, quoteOf } from '../shared/types';

/** As RULES['annotations/save'] allows. */
const MAX_TITLE = 2000;

/**
 * Saves through the background. A restarting service worker can drop a message, and a
 * save is a put by id, so retrying is safe; errors the background reports (invalid,
 * forbidden, storage) are final and go to the reader.
 */
export async function saveAnnotation(annotation: Annotation, title: string): Promise<void> {
  // Refused here, with the reason, before megabytes go through messaging (the background
  // refuses them too). The passage limit is for new highlights; see the save handler.
  const passage = quoteOf(annotation)?.exact.length ?? 0;
  if (passage > MAX_PASSAGE && annotation.createdAt === annotation.updatedAt) {
    throw new MessageError('invalid', passageTooLong(passage));
  }
  if (annotation.note.length > MAX_NOTE) throw new MessageError('invalid', noteTooLong(annotation.note.length));
  // A page's title is the page's to choose: one longer than the protocol allows must not
  // make every save on that page fail.
  const shortTitle = title.length > MAX_TITLE ? title.slice(0, MAX_TITLE) : title;
  await retrying(() => send('annotations/save', { annotation, title: shortTitle }));
}

/** The page's annotations, and those of its canonical address when it has one on its site. */
export function listAnnotations(url: string, canonical: string | undefined): Promise<Annotation[]> {
  return send('annotations/list', canonical ? { url, canonical } : { url });
}

export async function deleteAnnotation(id: string): Promise<void> {
  await send('annotations/delete', { id });
}
