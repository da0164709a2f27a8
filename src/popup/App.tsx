import { useEffect, useState } from 'preact/hooks';
import { ext, extWindows } from '../shared/browser';
import { t } from '../shared/i18n';
import { urlTooLong } from '../shared/limits';
import { errorText } from './format';
import { LibraryView } from './LibraryView';
import { PdfOffer } from './OpenPdf';
import { PageView } from './PageView';
import { SyncLine } from './SyncLine';
import { usePanelTarget, usePopupTarget } from './use-target';

export type Mode = 'popup' | 'panel';

/**
 * The popup: "This page" (the active tab, or `?url=`) and "Library" (`?view=library`),
 * as two tabs of one view. The side panel (sidepanel.html) is the same app in `panel` mode:
 * its page follows the active tab, and it stays open while the reader reads.
 */
export function App({ search, mode = 'popup' }: { search: string; mode?: Mode }) {
  const params = new URLSearchParams(search);
  const [view, setView] = useState<'page' | 'library'>(params.get('view') === 'library' ? 'library' : 'page');
  const popupTarget = usePopupTarget(search, mode === 'popup');
  const panelTarget = usePanelTarget(mode === 'panel');
  const target = mode === 'panel' ? panelTarget : popupTarget;
  const [windowId, setWindowId] = useState<number | undefined>();
  const [problem, setProblem] = useState('');
  useEffect(() => {
    if (mode === 'popup') extWindows.currentWindowId().then(setWindowId, () => undefined);
  }, [mode]);

  const tab = (id: 'page' | 'library', label: string) => (
    <button
      type="button"
      role="tab"
      id={`tab-${id}`}
      aria-selected={view === id}
      aria-controls="view"
      tabIndex={view === id ? 0 : -1}
      onClick={() => setView(id)}
      onKeyDown={(event) => {
        if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
          const other = id === 'page' ? 'library' : 'page';
          setView(other);
          requestAnimationFrame(() => document.getElementById(`tab-${other}`)?.focus());
        }
      }}
    >
      {label}
    </button>
  );

  return (
    <>
      <div class="top">
        <div class="tabs" role="tablist" aria-label={t('extensionName')}>
          {tab('page', t('tabThisPage'))}
          {tab('library', t('tabLibrary'))}
        </div>
        <nav class="extras" aria-label={t('extensionName')}>
          <button type="button" class="link" onClick={() => void ext.openTab(ext.extensionUrl('review.html'))}>
            {t('openReview')}
          </button>
          {mode === 'popup' && (
            <button
              type="button"
              class="link"
              onClick={() =>
                // Called at once: the browser opens a side panel only in answer to a click.
                extWindows.openSidePanel(windowId).then(
                  // The toolbar popup gives way to the panel; a popup opened as a page stays.
                  () => params.has('url') || params.has('view') || window.close(),
                  (e: unknown) => setProblem(t('sidePanelFailed', errorText(e))),
                )
              }
            >
              {t('openSidePanel')}
            </button>
          )}
        </nav>
      </div>
      <SyncLine />
      {problem && (
        <p class="status error" role="alert">
          {problem}
        </p>
      )}
      <main id="view" role="tabpanel" aria-labelledby={`tab-${view}`}>
        {view === 'library' ? (
          <LibraryView />
        ) : target.kind === 'loading' ? (
          <p class="status" role="status">
            {t('loading')}
          </p>
        ) : target.kind === 'page' ? (
          <>
            <PdfOffer url={target.url} tabId={target.tabId} />
            <PageView key={target.url} url={target.url} fallbackTitle={target.title} />
          </>
        ) : target.kind === 'private' ? (
          <p class="status" role="status">
            {t('privateNotKept')}
          </p>
        ) : target.kind === 'too-long' ? (
          <p class="status" role="status">
            {urlTooLong(target.length)}
          </p>
        ) : (
          <p class="status">{t('unsupportedPage')}</p>
        )}
      </main>
    </>
  );
}
