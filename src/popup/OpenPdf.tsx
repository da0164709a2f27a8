import { ext, extPages } from '../shared/browser';
import { t } from '../shared/i18n';
import { readerUrl } from '../shared/pdf-key';

/** An address whose path names a PDF (what the browser's own viewer shows). */
export function looksLikePdf(url: string): boolean {
  try {
    const { protocol, pathname } = new URL(url);
    return /^(https?|file):$/.test(protocol) && /\.pdf$/i.test(pathname);
  } catch {
    return false;
  }
}

/** "Open in Marginalia": the PDF of this tab (or of `?url=`) in Marginalia's reader. */
export function OpenPdf({ url, tabId }: { url: string; tabId: number | undefined }) {
  const open = () => {
    const reader = readerUrl(ext.extensionUrl('pdf.html'), url);
    void (tabId === undefined ? ext.openTab(reader) : extPages.navigateTab(tabId, reader)).then(() => window.close());
  };
  return (
    <p class="open-pdf">
      <button type="button" onClick={open}>
        {t('openInMarginalia')}
      </button>
    </p>
  );
}
