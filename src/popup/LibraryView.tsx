import { useEffect, useRef, useState } from 'preact/hooks';
import { ext } from '../shared/browser';
import { colorName } from '../shared/color-names';
import { queryWords } from '../shared/fold';
import { t } from '../shared/i18n';
import { send } from '../shared/messages';
import { readerUrl } from '../shared/pdf-key';
import { type Annotation, COLORS, type Color, isPdfPage, type PageRecord, quoteOf } from '../shared/types';
import { BackupControls } from './BackupControls';
import { errorText, shortDate, siteOf } from './format';
import { Marked } from './Marked';

const PAGE_STEP = 100;
const SEARCH_LIMIT = 100;

interface Hit {
  annotation: Annotation;
  title: string;
}

/** Opens a page's notes in this popup (or tab). */
const notesHref = (url: string) => `popup.html?url=${encodeURIComponent(url)}`;

function PageList({ pages }: { pages: PageRecord[] }) {
  // Only what can be seen is rendered: more rows as the reader scrolls to the end.
  const [shown, setShown] = useState(PAGE_STEP);
  const sentinel = useRef<HTMLLIElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el) return undefined;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setShown((n) => n + PAGE_STEP);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [shown >= pages.length]);
  if (pages.length === 0) return <p class="empty">{t('emptyLibrary')}</p>;
  return (
    <ul class="pages" aria-label={t('pagesList')}>
      {pages.slice(0, shown).map((page) => (
        <li key={page.url} class="page-row">
          <a class="page-title" href={notesHref(page.url)}>
            {isPdfPage(page) && <span class="badge">{t('pdfLibraryMark')}</span>}
            {page.title || page.source || page.url}
          </a>
          <span class="meta">
            {t(
              'pageMeta',
              isPdfPage(page) ? (page.source ? siteOf(page.source) : t('pdfLibraryMark')) : siteOf(page.url),
              page.count === 1 ? t('oneHighlight') : t('manyHighlights', page.count),
              shortDate(page.updatedAt),
            )}
          </span>
          {(!isPdfPage(page) || page.source) && (
            <a
              class="open"
              href={isPdfPage(page) && page.source ? readerUrl(ext.extensionUrl('pdf.html'), page.source) : page.url}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={t('openPageNamed', page.title || page.url)}
            >
              {t('openPage')}
            </a>
          )}
        </li>
      ))}
      {shown < pages.length && <li ref={sentinel} class="more" aria-hidden="true" />}
    </ul>
  );
}

function Results({ hits, total, words }: { hits: Hit[]; total: number; words: string[] }) {
  return (
    <>
      <p class="count" role="status">
        {total === 0 ? t('nothingFound') : total === 1 ? t('oneResult') : t('manyResults', total)}
        {total > hits.length ? t('showingFirst', hits.length) : ''}
      </p>
      <ol class="results" aria-label={t('searchResults')}>
        {hits.map(({ annotation, title }) => (
          <li key={annotation.id} class={`highlight color-${annotation.color}`}>
            <blockquote class="quote clamped">
              <Marked text={quoteOf(annotation)?.exact ?? ''} words={words} />
            </blockquote>
            {annotation.note && (
              <p class="note">
                <Marked text={annotation.note} words={words} />
              </p>
            )}
            {annotation.tags.length > 0 && (
              <p class="tag-line">
                <Marked text={annotation.tags.map((t) => `#${t}`).join(' ')} words={words} />
              </p>
            )}
            <a class="source" href={notesHref(annotation.url)}>
              <Marked text={title || annotation.url} words={words} />
            </a>{' '}
            <span class="meta">{shortDate(annotation.updatedAt)}</span>
          </li>
        ))}
      </ol>
    </>
  );
}

/** Every page with notes, and a search over all quotes, notes, tags and titles. */
export function LibraryView() {
  const [pages, setPages] = useState<PageRecord[] | undefined>();
  const [tags, setTags] = useState<string[]>([]);
  const [query, setQuery] = useState('');
  const [color, setColor] = useState<Color | null>(null);
  const [tag, setTag] = useState<string | null>(null);
  // The words are those of the query these results answer, so marks always match what is shown.
  const [results, setResults] = useState<{ hits: Hit[]; total: number; words: string[] } | undefined>();
  const [error, setError] = useState('');
  const asked = useRef(0);

  const reload = () => {
    send('library/pages', {})
      .then(({ pages }) => setPages(pages))
      .catch((e: unknown) => setError(errorText(e)));
    send('library/tags', {})
      .then(({ tags }) => setTags(tags))
      .catch(() => undefined);
  };
  useEffect(reload, []);

  const searching = query.trim() !== '' || color !== null || tag !== null;
  useEffect(() => {
    if (!searching) {
      setResults(undefined);
      return;
    }
    // Answers can arrive out of order while the reader types: keep only the latest.
    const ticket = ++asked.current;
    send('library/search', { query, color, tag, limit: SEARCH_LIMIT })
      .then((found) => ticket === asked.current && setResults({ ...found, words: queryWords(query) }))
      .catch((e: unknown) => setError(errorText(e)));
  }, [query, color, tag]);

  return (
    <div class="library">
      <search class="filters">
        <input
          type="search"
          aria-label={t('search')}
          placeholder={t('searchPlaceholder')}
          value={query}
          onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
        />
        <select
          aria-label={t('colourFilter')}
          value={color ?? ''}
          onChange={(e) => setColor(((e.target as HTMLSelectElement).value || null) as Color | null)}
        >
          <option value="">{t('allColours')}</option>
          {COLORS.map((c) => (
            <option key={c} value={c}>
              {colorName(c)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('tagFilter')}
          value={tag ?? ''}
          onChange={(e) => setTag((e.target as HTMLSelectElement).value || null)}
        >
          <option value="">{t('allTags')}</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              #{t}
            </option>
          ))}
        </select>
      </search>
      {error && (
        <p class="status error" role="alert">
          {error}
        </p>
      )}
      {searching ? (
        results && <Results hits={results.hits} total={results.total} words={results.words} />
      ) : pages ? (
        <PageList pages={pages} />
      ) : error ? null : (
        // Once the list has failed, the error above is the answer: no "Loading…" for ever.
        <p class="status" role="status">
          {t('loading')}
        </p>
      )}
      <BackupControls onImported={reload} />
    </div>
  );
}
