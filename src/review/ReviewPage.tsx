import { useEffect, useRef } from 'preact/hooks';
import { t } from '../shared/i18n';
import { isPdfKey } from '../shared/pdf-key';
import { textFragmentUrl } from '../shared/text-fragment';
import { quoteOf } from '../shared/types';
import { NoteField } from '../shared/ui/NoteField';
import { type Card, useReview } from './use-review';

const shortDate = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** The daily Review (issue 16): a handful of past highlights, each kept, shown less often, or done. */
export function ReviewPage() {
  const { today, error, status, actions } = useReview();
  const list = useRef<HTMLOListElement>(null);
  const count = today?.cards.length;
  // After a verdict the next card takes the reader's focus, so the keyboard goes on from there.
  const previous = useRef(count);
  useEffect(() => {
    if (previous.current !== undefined && count !== undefined && count < previous.current) {
      (list.current?.querySelector('.review-card') as HTMLElement | null)?.focus();
    }
    previous.current = count;
  }, [count]);

  return (
    <main class="review">
      <h1>{t('reviewTitle')}</h1>
      <p class="hint">{t('reviewIntro')}</p>
      {error ? (
        <p class="status error" role="alert">
          {error}
        </p>
      ) : !today ? (
        <p class="status" role="status">
          {t('loading')}
        </p>
      ) : (
        <>
          <p class="count" role="status">
            {t('reviewProgress', today.reviewed, today.cards.length)}
          </p>
          {today.cards.length === 0 && (
            <p class="empty">{today.reviewed > 0 ? t('reviewAllDone') : t('reviewNothing')}</p>
          )}
          {today.cards.length > 0 && (
            <ol class="highlights" aria-label={t('reviewCards')} ref={list}>
              {today.cards.map((card) => (
                <ReviewCard key={card.annotation.id} card={card} actions={actions} />
              ))}
            </ol>
          )}
        </>
      )}
      <div class="live" role="status" aria-live="polite">
        {status && <span class="error">{status}</span>}
      </div>
    </main>
  );
}

function ReviewCard({ card, actions }: { card: Card; actions: ReturnType<typeof useReview>['actions'] }) {
  const { annotation, title } = card;
  const quote = quoteOf(annotation);
  return (
    <li class={`highlight review-card color-${annotation.color}`} tabIndex={-1} aria-label={title || annotation.url}>
      <blockquote class="quote">{quote?.exact ?? ''}</blockquote>
      <NoteField
        label={t('note')}
        placeholder={t('noteFieldPlaceholder')}
        value={annotation.note}
        onSave={(note) => actions.saveNote(card, note)}
      />
      <p class="source">
        <span class="page-title">{title || annotation.url}</span>
        <span class="meta">{t('reviewMadeOn', shortDate(annotation.createdAt))}</span>
        {isPdfKey(annotation.url) ? (
          // A PDF's key is no address: its reader opens (or comes forward) at the passage.
          <button type="button" class="link open" onClick={() => void actions.openPdf(card)}>
            {t('reviewOpenPage')}
          </button>
        ) : (
          <a
            class="open"
            href={quote ? textFragmentUrl(annotation.url, quote) : annotation.url}
            target="_blank"
            rel="noopener noreferrer"
          >
            {t('reviewOpenPage')}
          </a>
        )}
      </p>
      <div class="verdicts">
        <button type="button" onClick={() => void actions.mark(card, 'keep')}>
          {t('reviewKeep')}
        </button>
        <button type="button" onClick={() => void actions.mark(card, 'less')}>
          {t('reviewLess')}
        </button>
        <button type="button" onClick={() => void actions.mark(card, 'done')}>
          {t('reviewDone')}
        </button>
      </div>
    </li>
  );
}
