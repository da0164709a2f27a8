/**
 * The popup harness: the background's message handlers and the popup, in one page, with
 * the browser seam swapped (see fake-browser.ts). Tests seed it through `marginaliaHarness`.
 */
import { handlers } from '../../src/background/handlers';
import { handle, send } from '../../src/shared/messages';
import type { Annotation } from '../../src/shared/types';

handle(handlers);

declare global {
  interface Window {
    marginaliaHarness: { save(annotation: Annotation, title: string): Promise<unknown> };
  }
}
window.marginaliaHarness = { save: (annotation, title) => send('annotations/save', { annotation, title }) };
await import('../../src/popup/index');
