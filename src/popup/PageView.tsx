import { useEffect, useState } from 'preact/hooks';
import { ext } from '../shared/browser';
import { t } from '../shared/i18n';
import { pageMarkdown } from '../shared/markdown';
import { markdownFileName } from '../shared/markdown-file-names';
import { send } from '../shared/messages';
import { DEFAULT_OPTIONS, exportOptions, loadOptions, type Options } from '../shared/options';
import { isPdfKey, readerUrl } from '../shared/pdf-key';
import { inReadingOrder } from '../shared/reading-order';
import { NoteField } from '../shared/ui/NoteField';
import { downloadText } from './download';
import { HighlightCard } from './HighlightCard';
import { usePage } from './use-page';

export function PageView({ url, fallbackTitle }: { url: string; fallbackTitle: string }) {
  const { data, error, status, deleted, actions } = usePage(url, fallbackTitle);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [copied, setCopied] = useState('');
  const [options, setOptions] = useState<Options>(DEFAULT_OPTIONS);
  useEffect(() => {
    void loadOptions().then(setOptions);
  }, []);
  // Suggestions can wait until the page's own notes are on screen.
  const loaded = data !== undefined;
  useEffect(() => {
    if (!loaded) return undefined;
    const timer = setTimeout(() => {
      send('library/tags', {})
        .then(({ tags }) => setSuggestions(tags))
        .catch(() => undefined);
    }, 50);
    return () => clearTimeout(timer);
  }, [loaded]);

  if (error)
    return (
      <p class="status error" role="alert">
        {t('loadFailed', error)}
      </p>
    );
  if (!data)
    return (
      <p class="status" role="status">
        {t('loading')}
      </p>
    );

  const ordered = inReadingOrder(data.annotations);
  const missing = new Set(data.orphans ?? []);
  const found = ordered.filter((a) => !missing.has(a.id));
  const notFound = ordered.filter((a) => missing.has(a.id));
  // An aliased page is shown as its canonical address, where its notes are kept.
  const { url: pageUrl } = data;
  const source = data.page?.source;
  const page = { title: data.title, url: pageUrl, note: data.page?.note ?? '', ...(source ? { source } : {}) };
  const pdf = isPdfKey(pageUrl);
  const markdown = () => pageMarkdown(page, ordered, exportOptions(options));
  const cardProps = { suggestions, actions };

  return (
    <div class="page">
      <header class="page-header">
        <h1>
          {pdf && <span class="badge">{t('pdfLibraryMark')}</span>}
          {data.title || source || url}
        </h1>
        {(!pdf || source) && (
          <p class="url">
            <a
              href={pdf && source ? readerUrl(ext.extensionUrl('pdf.html'), source) : url}
              target="_blank"
              rel="noopener noreferrer"
            >
              {pdf ? source : url}
            </a>
          </p>
        )}
      </header>
      <NoteField
        label={t('pageNote')}
        placeholder={t('pageNotePlaceholder')}
        value={page.note}
        onSave={actions.saveNote}
      />
      {ordered.length === 0 && <p class="empty">{t('noHighlights')}</p>}
      {found.length > 0 && (
        <ol class="highlights" aria-label={t('highlightsList')}>
          {found.map((a) => (
            <HighlightCard key={a.id} annotation={a} orphan={false} {...cardProps} />
          ))}
        </ol>
      )}
      {notFound.length > 0 && (
        <section class="orphans" aria-labelledby="orphans-heading">
          <h2 id="orphans-heading">{t('notFound')}</h2>
          <p class="hint">{t('notFoundHint')}</p>
          <ol class="highlights" aria-label={t('notFound')}>
            {notFound.map((a) => (
              <HighlightCard key={a.id} annotation={a} orphan {...cardProps} />
            ))}
          </ol>
        </section>
      )}
      <div class="live" role="status" aria-live="polite">
        {deleted && (
          <span class="undo">
            {t('undoDeleted')}{' '}
            <button type="button" onClick={actions.undo}>
              {t('undo')}
            </button>
          </span>
        )}
        {status && <span>{status}</span>}
        {copied && <span>{copied}</span>}
      </div>
      <footer class="actions">
        <button
          type="button"
          onClick={() => downloadText(markdownFileName({ url, title: data.title }), markdown())}
          disabled={ordered.length === 0}
        >
          {t('exportMarkdown')}
        </button>
        <button
          type="button"
          disabled={ordered.length === 0}
          onClick={() =>
            navigator.clipboard.writeText(markdown()).then(
              () => setCopied(t('copied')),
              (e: unknown) => setCopied(t('copyFailed', String(e))),
            )
          }
        >
          {t('copyMarkdown')}
        </button>
        <button
          type="button"
          onClick={() => void ext.openTab(ext.extensionUrl(`popup.html?url=${encodeURIComponent(url)}`))}
        >
          {t('openInTab')}
        </button>
      </footer>
    </div>
  );
}
