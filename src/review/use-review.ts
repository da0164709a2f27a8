import { useEffect, useState } from 'preact/hooks';
import { onEvents } from '../shared/events';
import { t } from '../shared/i18n';
import { send } from '../shared/messages';
import { loadOptions } from '../shared/options';
import { dayOf, type Verdict } from '../shared/review-schedule';
import type { Annotation } from '../shared/types';

export interface Card {
  annotation: Annotation;
  title: string;
}

interface Today {
  cards: Card[];
  reviewed: number;
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Today's Review: the cards the background chose for the reader's day (src/shared/review-schedule.ts),
 * asked again after every verdict so the day's count and set are what is stored.
 */
export function useReview() {
  const [day] = useState(() => dayOf(new Date()));
  const [today, setToday] = useState<Today | undefined>();
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [perDay, setPerDay] = useState<number | undefined>();

  const load = async (count: number) => {
    try {
      const { cards, reviewed } = await send('review/today', { day, perDay: count });
      setToday({ cards, reviewed });
    } catch (e) {
      setError(t('loadFailed', reason(e)));
    }
  };

  useEffect(() => {
    void loadOptions().then((options) => {
      setPerDay(options.reviewPerDay);
      void load(options.reviewPerDay);
    });
    // A note edited or a highlight deleted elsewhere (a page, the popup) shows here too.
    return onEvents({
      'annotations/changed': ({ saved, deleted }) => {
        const gone = new Set(deleted);
        const byId = new Map(saved.map((a) => [a.id, a]));
        setToday(
          (d) =>
            d && {
              ...d,
              cards: d.cards
                .filter((c) => !gone.has(c.annotation.id))
                .map((c) => ({ ...c, annotation: byId.get(c.annotation.id) ?? c.annotation })),
            },
        );
      },
    });
  }, []);

  const actions = {
    async mark(card: Card, verdict: Verdict): Promise<void> {
      try {
        await send('review/mark', { id: card.annotation.id, verdict, day });
        setStatus('');
        if (perDay !== undefined) await load(perDay);
      } catch (e) {
        setStatus(t('reviewMarkFailed', reason(e)));
      }
    },
    /** A PDF's card: Jump to, as in the popup (a reader opens at the passage, or comes forward). */
    async openPdf(card: Card): Promise<void> {
      const { found } = await send('tab/jump', { url: card.annotation.url, id: card.annotation.id }).catch(() => ({
        found: false,
      }));
      setStatus(found ? '' : t('pdfJumpNeedsReader'));
    },
    async saveNote(card: Card, note: string): Promise<boolean> {
      try {
        const { annotation } = await send('annotations/patch', {
          id: card.annotation.id,
          change: { note },
          updatedAt: new Date().toISOString(),
        });
        if (annotation)
          setToday(
            (d) =>
              d && { ...d, cards: d.cards.map((c) => (c.annotation.id === annotation.id ? { ...c, annotation } : c)) },
          );
        return annotation !== null;
      } catch (e) {
        setStatus(t('saveFailed', reason(e)));
        return false;
      }
    },
  };
  return { today, error, status, actions };
}
