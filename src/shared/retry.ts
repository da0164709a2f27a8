import { t } from './i18n';
import { MessageError, NoAnswer } from './messages';

const RETRY_DELAYS_MS = [250, 1000, 3000];

/**
 * Runs a write through the background, again after a pause when it got no answer. A
 * restarting service worker can drop a message; our writes are puts by id (or patches
 * with their own time), so repeating one is harmless. Errors the background reports
 * (invalid, forbidden, storage) are final.
 */
export async function retrying<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const final = error instanceof MessageError && error.code !== 'internal';
      const delay = RETRY_DELAYS_MS[attempt];
      if (final) throw error;
      if (delay === undefined) {
        // A message nobody answered: the browser's words for it ("Receiving end does not
        // exist", the channel closed) mean nothing to the reader.
        const answered = error instanceof MessageError && !(error instanceof NoAnswer);
        if (answered) throw error;
        console.warn('Marginalia: a write got no answer', error);
        throw new MessageError('internal', t('noAnswer'));
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
