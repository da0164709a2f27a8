import { useEffect, useRef } from 'preact/hooks';

/**
 * Saves `value` a short while after the reader stops typing, and at once when the popup
 * is closing (pagehide) or the field loses focus, so a note is never lost by closing the
 * popup right after typing. Returns `flush` for blur handlers.
 */
export function useDebouncedSave(
  value: string,
  saved: string,
  save: (value: string) => void,
  delayMs = 300,
): () => void {
  const latest = useRef({ value, saved, save });
  latest.current = { value, saved, save };
  const timer = useRef<ReturnType<typeof setTimeout>>();

  const flush = () => {
    clearTimeout(timer.current);
    timer.current = undefined;
    const { value, saved, save } = latest.current;
    if (value !== saved) save(value);
  };

  useEffect(() => {
    if (value === saved) return undefined;
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, delayMs);
    return undefined;
  }, [value, saved]);

  useEffect(() => {
    addEventListener('pagehide', flush);
    return () => {
      removeEventListener('pagehide', flush);
      flush();
    };
  }, []);

  return flush;
}
