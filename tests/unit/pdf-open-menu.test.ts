/**
 * "Open in Marginalia" on a PDF link's and a PDF page's context menu, and the automatic
 * opening's rules, with the browser seam swapped (puppeteer cannot open a context menu, so
 * the e2e files cannot click it): what a click opens, and where.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { registerPdfOpening, syncPdfRules } from '../../src/background/pdf-open';
import { ext, extPages } from '../../src/shared/browser';

const READER = 'chrome-extension://ext-id/pdf.html';
const PAPER = 'https://journal.example/papers/whales.pdf';

/** Registers the menus and returns their click handler, as the browser would call it. */
function menuClick() {
  registerPdfOpening();
  return vi.mocked(extPages.onMenuClickAt).mock.calls.at(-1)![0];
}

describe('“Open in Marginalia” on the context menu', () => {
  beforeEach(() => vi.clearAllMocks());

  it('is offered on PDF links and PDF pages only (the browser shows it where these patterns match)', () => {
    registerPdfOpening();
    const calls = vi.mocked(extPages.createMenuOn).mock.calls;
    expect(calls.map(([id, title, contexts]) => [id, title, contexts])).toEqual([
      ['open-pdf-page', 'Open in Marginalia', ['page']],
      ['open-pdf-link', 'Open in Marginalia', ['link']],
    ]);
    for (const [, , , patterns] of calls) {
      expect(patterns).toEqual(expect.arrayContaining(['https://*/*.pdf', 'http://*/*.pdf?*', 'file:///*.pdf']));
      expect(patterns.every((p) => /\.pdf(\?\*)?$/.test(p))).toBe(true);
    }
  });

  it('on a link: the PDF opens in the reader in a new tab, its address (and #page) kept whole', async () => {
    menuClick()('open-pdf-link', `${PAPER}?download=1#page=4`, 'https://journal.example/issue/7', 3);
    expect(ext.openTab).toHaveBeenCalledWith(`${READER}?file=${encodeURIComponent(`${PAPER}?download=1#page=4`)}`);
    expect(extPages.navigateTab).not.toHaveBeenCalled();
  });

  it('on a PDF page (the browser’s own viewer): that tab goes to the reader', async () => {
    menuClick()('open-pdf-page', undefined, PAPER, 5);
    expect(extPages.navigateTab).toHaveBeenCalledWith(5, `${READER}?file=${encodeURIComponent(PAPER)}`);
    expect(ext.openTab).not.toHaveBeenCalled();
  });

  it('a local PDF (file:) opens as well', () => {
    menuClick()('open-pdf-link', 'file:///home/reader/Downloads/whales.pdf', 'file:///home/reader/', 5);
    expect(ext.openTab).toHaveBeenCalledWith(
      `${READER}?file=${encodeURIComponent('file:///home/reader/Downloads/whales.pdf')}`,
    );
  });

  it('on anything that is not a PDF, or from another menu item, nothing is opened', () => {
    const click = menuClick();
    click('open-pdf-link', 'https://journal.example/papers/whales.html', 'https://journal.example/', 3);
    click('open-pdf-page', undefined, 'https://journal.example/issue/7', 3);
    click('open-pdf-link', 'javascript:alert(1)//.pdf', 'https://journal.example/', 3);
    click('open-pdf-link', undefined, PAPER, 3);
    click('highlight-selection', PAPER, PAPER, 3);
    expect(ext.openTab).not.toHaveBeenCalled();
    expect(extPages.navigateTab).not.toHaveBeenCalled();
  });
});

describe('the automatic opening’s redirect', () => {
  beforeEach(() => vi.clearAllMocks());

  it('sends a PDF address to the reader with its fragment (a Markdown #page= link), and leaves other pages alone', async () => {
    vi.mocked(ext.getStored).mockResolvedValue(undefined);
    await syncPdfRules();
    const [remove, add] = vi.mocked(extPages.setDynamicRules).mock.calls[0]!;
    expect(remove).toEqual([1, 2]);
    const byName = (
      add as { condition: { regexFilter: string }; action: { redirect: { regexSubstitution: string } } }[]
    )[0]!;
    // declarativeNetRequest's RE2 and JavaScript read these patterns alike.
    const rule = new RegExp(byName.condition.regexFilter);
    const substitution = byName.action.redirect.regexSubstitution;
    const redirect = (url: string) => (rule.test(url) ? substitution.split('\\0').join(url) : undefined);
    expect(redirect(`${PAPER}#page=3`)).toBe(`${READER}?file=${PAPER}#page=3`);
    expect(redirect(`${PAPER}?v=2`)).toBe(`${READER}?file=${PAPER}?v=2`);
    expect(redirect('https://journal.example/papers/whales.html#page=3')).toBeUndefined();
    expect(redirect('https://journal.example/search?q=whales.pdf#x')).toBeUndefined();
  });
});
