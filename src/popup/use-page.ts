import { useEffect, useRef, useState } from 'preact/hooks';
import { onEvents } from '../shared/events';
import { t } from '../shared/i18n';
import { MAX_NOTE, noteTooLong } from '../shared/limits';
import { send } from '../shared/messages';
import { isPdfKey } from '../shared/pdf-key';
import type { Annotation, PageRecord } from '../shared/types';
import { errorText } from './format';

export interface PageData {
  /** Where the page's notes live: the address asked for, or the canonical address its tab declared. */
  url: string;
  title: string;
  page: PageRecord | null;
  annotations: Annotation[];
  /** Ids the page could not find, or null when no open tab has said. */
  orphans: string[] | null;
}

const UNDO_MS = 8_000;

function withSaved(annotations: Annotation[], saved: Annotation[], deleted: string[]): Annotation[] {
  const gone = new Set([...deleted, ...saved.map((a) => a.id)]);
  return [...annotations.filter((a) => !gone.has(a.id)), ...saved];
}

/**
 * One page's notes in the popup: loaded once, kept current with what happens in the page
 * (events from the background), and changed optimistically, with a message when a
 * change could not be stored.
 */
export function usePage(url: string, fallbackTitle: string) {
  const [data, setData] = useState<PageData | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState('');
  const [deleted, setDeleted] = useState<Annotation | undefined>();
  const undoTimer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => {
    let live = true;
    // The page's own address, and its canonical one once the background names it.
    const shown = new Set([url]);
    let recorded = false;
    send('page/get', { url })
      .then(({ page, annotations, orphans, alias }) => {
        if (alias) shown.add(alias);
        recorded = page !== null;
        if (live) setData({ url: alias ?? url, title: page?.title || fallbackTitle, page, annotations, orphans });
      })
      .catch((e: unknown) => live && setError(errorText(e)));
    const stop = onEvents({
      'annotations/changed': (event) => {
        if (!shown.has(event.url)) return;
        setData((d) => d && { ...d, annotations: withSaved(d.annotations, event.saved, event.deleted) });
        // The page's first highlight made its record (with its title) while the view was open
        // (the side panel stays open on pages read for the first time).
        if (!recorded && event.saved.length > 0) {
          recorded = true;
          send('page/get', { url })
            .then(({ page }) => {
              if (live && page) setData((d) => d && { ...d, page, title: d.title || page.title });
            })
            .catch(() => undefined);
        }
      },
      'page/status': (event) => {
        if (event.url === url) setData((d) => d && { ...d, orphans: event.orphans });
      },
    });
    return () => {
      live = false;
      stop();
      clearTimeout(undoTimer.current);
    };
  }, [url]);

  const title = data?.title ?? fallbackTitle;
  /** Shows the change at once; if it cannot be stored, shows what is stored again and says why. */
  const save = async (annotation: Annotation): Promise<boolean> => {
    if (annotation.note.length > MAX_NOTE) {
      setStatus(noteTooLong(annotation.note.length));
      return false;
    }
    const previous = data?.annotations.find((a) => a.id === annotation.id);
    setData((d) => d && { ...d, annotations: withSaved(d.annotations, [annotation], []) });
    try {
      await send('annotations/save', { annotation, title });
      return true;
    } catch (e) {
      // Back to what is stored, unless a later change is shown by now (it answers for itself);
      // an Undo that could not be stored takes the card away again.
      setData((d) => {
        if (!d || d.annotations.find((a) => a.id === annotation.id) !== annotation) return d;
        return previous
          ? { ...d, annotations: withSaved(d.annotations, [previous], []) }
          : { ...d, annotations: withSaved(d.annotations, [], [annotation.id]) };
      });
      setStatus(t('saveFailed', errorText(e)));
      return false;
    }
  };

  const actions = {
    update: save,
    async remove(annotation: Annotation) {
      setData((d) => d && { ...d, annotations: withSaved(d.annotations, [], [annotation.id]) });
      try {
        await send('annotations/delete', { id: annotation.id });
        setDeleted(annotation);
        clearTimeout(undoTimer.current);
        undoTimer.current = setTimeout(() => setDeleted(undefined), UNDO_MS);
      } catch (e) {
        setData((d) => d && { ...d, annotations: withSaved(d.annotations, [annotation], []) });
        setStatus(t('deleteFailed', errorText(e)));
      }
    },
    undo() {
      if (!deleted) return;
      const restoring = deleted;
      setDeleted(undefined);
      // Not stored again: Undo is offered again rather than the highlight lost.
      void save(restoring).then((stored) => stored || setDeleted(restoring));
    },
    async jump(annotation: Annotation) {
      const { found } = await send('tab/jump', { url, id: annotation.id }).catch(() => ({ found: false }));
      // A PDF's reader opens at its address; only one opened from a file has none to open.
      setStatus(found ? '' : isPdfKey(url) ? t('pdfJumpNeedsReader') : t('jumpNeedsTab'));
    },
    async reattach(annotation: Annotation) {
      const result = await send('tab/reattach', { url, id: annotation.id }).catch((e: unknown) => ({
        ok: false,
        reason: errorText(e),
      }));
      setStatus(result.ok ? t('reattached') : (result.reason ?? t('reattachFailed')));
    },
    async saveNote(note: string): Promise<boolean> {
      if (note.length > MAX_NOTE) {
        setStatus(noteTooLong(note.length));
        return false;
      }
      try {
        const { page } = await send('page/note', { url: data?.url ?? url, note, title });
        setData((d) => d && { ...d, page });
        return true;
      } catch (e) {
        setStatus(t('pageNoteFailed', errorText(e)));
        return false;
      }
    },
  };
  return { data, error, status, deleted, actions };
}
