/**
 * The popup harness: the background's message handlers and the popup (or the Review), in one page, with
 * the browser seam swapped (see fake-browser.ts). Tests seed it through `marginaliaHarness`.
 */
import { handlers } from '../../src/background/handlers';
import { handle, send } from '../../src/shared/messages';
import type { Annotation } from '../../src/shared/types';

handle(handlers);

interface Download {
  filename: string;
  text: string;
}

declare global {
  interface Window {
    marginaliaHarness: {
      save(annotation: Annotation, title: string): Promise<unknown>;
      /** Files the popup offered for download (WebDriver BiDi cannot watch Firefox's downloads). */
      downloads: Download[];
    };
  }
}
const downloads: Download[] = [];
window.marginaliaHarness = { save: (annotation, title) => send('annotations/save', { annotation, title }), downloads };

const click = HTMLAnchorElement.prototype.click;
HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
  if (!this.download) return click.call(this);
  void fetch(this.href)
    .then((response) => response.text())
    .then((text) => downloads.push({ filename: this.download, text }));
};
// The same harness renders the Review page (harness/review.html) from its real code.
if (location.pathname.endsWith('/review.html')) await import('../../src/review/index');
else await import('../../src/popup/index');
