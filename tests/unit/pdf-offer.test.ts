// @vitest-environment jsdom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { mayShowPdf, PdfOffer } from '../../src/popup/OpenPdf';
import { ext } from '../../src/shared/browser';

/**
 * "Open in Marginalia" in the popup for a PDF whose address does not say so: Firefox's own
 * viewer takes no content script and Firefox has no redirect by Content-Type, so a PDF at
 * `/download?id=42` is known only by its tab not answering. (Puppeteer cannot point the
 * popup at a Firefox tab, and in Chromium such PDFs are redirected by their Content-Type:
 * this is tested here, with the background's answer stubbed.)
 */
const DOWNLOAD = 'https://journal.example/download?id=42';

describe('when the popup offers Open in Marginalia', () => {
  it('a web tab where no content script answers may show a PDF; a page that answers, or is loading, does not', () => {
    expect(mayShowPdf(DOWNLOAD, { url: null, loading: false })).toBe(true);
    expect(mayShowPdf(DOWNLOAD, { url: DOWNLOAD, loading: false })).toBe(false);
    expect(mayShowPdf(DOWNLOAD, { url: null, loading: true })).toBe(false);
    // Named as a PDF: offered at once, without asking. Not the web: never.
    expect(mayShowPdf('https://journal.example/paper.pdf', { url: null, loading: false })).toBe(false);
    expect(mayShowPdf('about:addons', { url: null, loading: false })).toBe(false);
  });
});

describe('the offer in the popup', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
    vi.mocked(ext.sendMessage).mockReset();
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  /** Renders the offer with the background's answer for the tab, once that answer is in. */
  async function offerWith(url: string, value: { url: string | null; loading: boolean }) {
    const reply = Promise.resolve({ ok: true, value });
    vi.mocked(ext.sendMessage).mockReturnValue(reply);
    await act(() => {
      render(h(PdfOffer, { url, tabId: 7 }), root);
    });
    await act(async () => {
      await reply;
    });
  }
  const button = () => [...root.querySelectorAll('button')].find((b) => b.textContent === 'Open in Marginalia');

  it('a tab that does not answer gets the button, with the hint that says why', async () => {
    await offerWith(DOWNLOAD, { url: null, loading: false });
    expect(button()).toBeDefined();
    expect(root.textContent).toContain('Marginalia cannot read this tab. If it shows a PDF:');
    expect(vi.mocked(ext.sendMessage).mock.calls[0]?.[0]).toMatchObject({ name: 'tab/page', req: { tabId: 7 } });
  });

  it('a page whose content script answers gets nothing', async () => {
    await offerWith(DOWNLOAD, { url: DOWNLOAD, loading: false });
    expect(ext.sendMessage).toHaveBeenCalledTimes(1);
    expect(button()).toBeUndefined();
    expect(root.textContent).toBe('');
  });

  it('an address that names a PDF gets the button at once, without asking the tab', () => {
    render(h(PdfOffer, { url: 'https://journal.example/paper.pdf', tabId: 7 }), root);
    expect(button()).toBeDefined();
    expect(root.textContent).not.toContain('cannot read this tab');
    expect(ext.sendMessage).not.toHaveBeenCalled();
  });
});
