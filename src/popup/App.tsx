import { useEffect, useState } from 'preact/hooks';
import { t } from '../shared/i18n';
import { MAX_URL, urlTooLong } from '../shared/limits';
import { urlKey } from '../shared/url-key';
import { LibraryView } from './LibraryView';
import { looksLikePdf, OpenPdf } from './OpenPdf';
import { PageView } from './PageView';
import { targetUrl } from './target-url';

type Target =
  | { kind: 'loading' }
  | { kind: 'page'; url: string; title: string; tabId?: number }
  | { kind: 'none' }
  | { kind: 'private' }
  | { kind: 'too-long'; length: number };

/**
 * The popup: "This page" (the active tab, or `?url=`) and "Library" (`?view=library`),
 * as two tabs of one view.
 */
export function App({ search }: { search: string }) {
  const params = new URLSearchParams(search);
  const [view, setView] = useState<'page' | 'library'>(params.get('view') === 'library' ? 'library' : 'page');
  const [target, setTarget] = useState<Target>({ kind: 'loading' });

  useEffect(() => {
    targetUrl(search)
      .then((found) => {
        const key = found && found !== 'private' && urlKey(found.url);
        if (found === 'private') setTarget({ kind: 'private' });
        else if (key && key.length > MAX_URL) setTarget({ kind: 'too-long', length: key.length });
        else
          setTarget(
            key
              ? {
                  kind: 'page',
                  url: key,
                  title: found.title,
                  ...(found.tabId === undefined ? {} : { tabId: found.tabId }),
                }
              : { kind: 'none' },
          );
      })
      .catch(() => setTarget({ kind: 'none' }));
  }, [search]);

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
      <div class="tabs" role="tablist" aria-label={t('extensionName')}>
        {tab('page', t('tabThisPage'))}
        {tab('library', t('tabLibrary'))}
      </div>
      <main id="view" role="tabpanel" aria-labelledby={`tab-${view}`}>
        {view === 'library' ? (
          <LibraryView />
        ) : target.kind === 'loading' ? (
          <p class="status" role="status">
            {t('loading')}
          </p>
        ) : target.kind === 'page' ? (
          <>
            {looksLikePdf(target.url) && <OpenPdf url={target.url} tabId={target.tabId} />}
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
