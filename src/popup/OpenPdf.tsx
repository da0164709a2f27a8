import { useEffect, useState } from 'preact/hooks';
import { ext, extPages } from '../shared/browser';
import { t } from '../shared/i18n';
import { send } from '../shared/messages';
import { namesPdf, readerUrl } from '../shared/pdf-key';

/**
 * Whether a web tab may show a PDF its address does not name: no content script of ours
 * answers there (`tab/page` knows no page for it). Firefox's own PDF viewer takes no
 * content script and Firefox has no redirect by Content-Type, so a PDF at `/download?id=42`
 * is found only this way; a page that merely loaded before Marginalia did gets the offer
 * too, which is why it comes with a hint and the reader says so if it is not a PDF.
 */
export function mayShowPdf(url: string, answer: { url: string | null; loading: boolean }): boolean {
  return /^https?:/.test(url) && !namesPdf(url) && answer.url === null && !answer.loading;
}

/** "Open in Marginalia" where a tab shows a PDF: by its address at once, else once the tab did not answer. */
export function PdfOffer({ url, tabId }: { url: string; tabId: number | undefined }) {
  const named = namesPdf(url);
  const [silent, setSilent] = useState(false);
  useEffect(() => {
    setSilent(false);
    if (named || tabId === undefined || !/^https?:/.test(url)) return undefined;
    let live = true;
    send('tab/page', { tabId }).then(
      (answer) => live && setSilent(mayShowPdf(url, answer)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [url, tabId, named]);
  if (named) return <OpenPdf url={url} tabId={tabId} />;
  if (!silent) return null;
  return <OpenPdf url={url} tabId={tabId} hint={t('openPdfSilentTab')} />;
}

/** "Open in Marginalia": the PDF of this tab (or of `?url=`) in Marginalia's reader. */
export function OpenPdf({ url, tabId, hint }: { url: string; tabId: number | undefined; hint?: string }) {
  const open = () => {
    const reader = readerUrl(ext.extensionUrl('pdf.html'), url);
    void (tabId === undefined ? ext.openTab(reader) : extPages.navigateTab(tabId, reader)).then(() => window.close());
  };
  return (
    <p class="open-pdf">
      {hint && <span class="hint">{hint} </span>}
      <button type="button" onClick={open}>
        {t('openInMarginalia')}
      </button>
    </p>
  );
}
