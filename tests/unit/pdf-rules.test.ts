/**
 * The redirect rules the background installs for PDFs (src/background/pdf-open.ts), through
 * the seam: both rules where the browser takes them (Chromium), the address rule alone where
 * the Content-Type rule is refused (Firefox has no `responseHeaders` condition), none when
 * the option is off; and what the address rule's redirect gives the reader. In a browser:
 * pdf.e2e.ts (Chromium, both rules) and pdf-firefox.e2e.ts (Firefox: the rules installed
 * there are read back, and the redirect is followed).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { syncPdfRules } from '../../src/background/pdf-open';
import { ext, extPages } from '../../src/shared/browser';
import { OPTIONS_KEY } from '../../src/shared/options';
import { readerFile } from '../../src/shared/pdf-key';

interface Rule {
  id: number;
  condition: { regexFilter: string; resourceTypes: string[]; responseHeaders?: unknown };
  action: { type: string; redirect: { regexSubstitution: string } };
}

const setDynamicRules = vi.mocked(extPages.setDynamicRules);
const getStored = vi.mocked(ext.getStored);

afterEach(() => {
  setDynamicRules.mockReset();
  getStored.mockReset();
});

const added = (call: number) => setDynamicRules.mock.calls[call]![1] as Rule[];

/** What the browser does with a regexSubstitution rule: `\0` is the whole match. */
function redirect(rule: Rule, url: string): string | undefined {
  const match = new RegExp(rule.condition.regexFilter).exec(url);
  return match ? rule.action.redirect.regexSubstitution.replace('\\0', match[0]) : undefined;
}

describe('the PDF redirect rules', () => {
  it('where the browser takes both (Chromium): the address rule and the Content-Type rule, in one update', async () => {
    await syncPdfRules();
    expect(setDynamicRules).toHaveBeenCalledTimes(1);
    expect(setDynamicRules.mock.calls[0]![0]).toEqual([1, 2]);
    const [byName, byType] = added(0);
    expect(byName!.id).toBe(1);
    expect(byName!.condition.responseHeaders).toBeUndefined();
    expect(byType!.id).toBe(2);
    expect(byType!.condition.responseHeaders).toEqual([
      { header: 'content-type', values: ['application/pdf', 'application/pdf;*'] },
    ]);
    for (const rule of added(0)) expect(rule.condition.resourceTypes).toEqual(['main_frame']);
  });

  it('where the Content-Type rule is refused (Firefox): the address rule alone', async () => {
    setDynamicRules.mockRejectedValueOnce(new Error('responseHeaders is not supported'));
    await syncPdfRules();
    expect(setDynamicRules).toHaveBeenCalledTimes(2);
    expect(setDynamicRules.mock.calls[1]![0]).toEqual([1, 2]);
    const rules = added(1);
    expect(rules.map((rule) => rule.id)).toEqual([1]);
    expect(rules[0]!.condition.responseHeaders).toBeUndefined();
  });

  it('with "Open PDFs in Marginalia’s reader" off: both removed, none added', async () => {
    getStored.mockImplementation(async (key) => (key === OPTIONS_KEY ? { openPdfs: false } : undefined));
    await syncPdfRules();
    expect(setDynamicRules).toHaveBeenCalledTimes(1);
    expect(setDynamicRules.mock.calls[0]).toEqual([[1, 2], []]);
  });

  it('the address rule sends .pdf addresses (any case, with a query) to the reader, which reads the address back whole', async () => {
    await syncPdfRules();
    const byName = added(0)[0]!;
    for (const url of [
      'https://journal.example/papers/whales.pdf',
      'http://127.0.0.1:8720/Report.PDF',
      'https://example.org/get/paper.pdf?id=42&lang=en',
      'https://example.org/a%20b/paper.pdf?q=a%26b',
    ]) {
      const reader = redirect(byName, url);
      expect(reader).toBe(`chrome-extension://ext-id/pdf.html?file=${url}`);
      expect(readerFile(new URL(reader!).search)).toBe(url);
    }
    for (const url of [
      'https://example.org/pdf-guide.html',
      'https://example.org/paper.pdfx',
      'https://example.org/download?file=paper.pdf',
      'file:///home/reader/paper.pdf',
      'ftp://example.org/paper.pdf',
    ]) {
      expect(redirect(byName, url)).toBeUndefined();
    }
  });
});
