import { t } from '../shared/i18n';
import { MAX_NOTE, MAX_PASSAGE, noteTooLong, passageTooLong } from '../shared/limits';
import { MessageError, NoAnswer, send } from '../shared/messages';
import { type Annotation, quoteOf } from '../shared/types';

const RETRY_DELAYS_MS = [250, 1000, 3000];
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
  for (let attempt = 0; ; attempt++) {
    try {
      await send('annotations/save', { annotation, title: shortTitle });
      return;
    } catch (error) {
      const final = error instanceof MessageError && error.code !== 'internal';
      const delay = RETRY_DELAYS_MS[attempt];
      if (final) throw error;
      if (delay === undefined) {
        // A message nobody answered: the browser's words for it ("Receiving end does not
        // exist", the channel closed) mean nothing to the reader.
        const answered = error instanceof MessageError && !(error instanceof NoAnswer);
        if (answered) throw error;
        console.warn('Marginalia: a save got no answer', error);
        throw new MessageError('internal', t('noAnswer'));
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** The page's annotations, and those of its canonical address when it has one on its site. */
export function listAnnotations(url: string, canonical: string | undefined): Promise<Annotation[]> {
  return send('annotations/list', canonical ? { url, canonical } : { url });
}

export async function deleteAnnotation(id: string): Promise<void> {
  await send('annotations/delete', { id });
}
