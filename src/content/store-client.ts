import { MessageError, send } from '../shared/messages';
import type { Annotation } from '../shared/types';

const RETRY_DELAYS_MS = [250, 1000, 3000];

/**
 * Saves through the background. A restarting service worker can drop a message, and a
 * save is a put by id, so retrying is safe; errors the background reports (invalid,
 * forbidden, storage) are final and go to the reader.
 */
export async function saveAnnotation(annotation: Annotation, title: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await send('annotations/save', { annotation, title });
      return;
    } catch (error) {
      const final = error instanceof MessageError && error.code !== 'internal';
      const delay = RETRY_DELAYS_MS[attempt];
      if (final || delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

export function listAnnotations(url: string): Promise<Annotation[]> {
  return send('annotations/list', { url });
}

export async function deleteAnnotation(id: string): Promise<void> {
  await send('annotations/delete', { id });
}
