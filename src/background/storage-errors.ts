import { t } from '../shared/i18n';
/**
 * What the reader is told when storage fails. The toolbar and the popup show these
 * messages as they are, so each says what happened, what was kept and what to do.
 */

/** A storage failure whose message is already written for the reader. */
export class StorageProblem extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'StorageProblem';
  }
}

export const outOfSpace = (): string => t('outOfSpace');

function names(error: unknown): string[] {
  const found: string[] = [];
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e === 'object' && 'name' in e) found.push(String((e as { name: unknown }).name));
  }
  return found;
}

/**
 * The reader's message for a storage failure. Browsers report a full disk as a
 * QuotaExceededError on the request or the transaction (Chromium may abort the
 * transaction with an AbortError whose cause is the quota).
 */
export function readerMessage(error: unknown): string {
  if (names(error).includes('QuotaExceededError')) return outOfSpace();
  if (error instanceof StorageProblem) return error.message;
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return t('databaseProblem', reason);
}
