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

/** The error and its causes, outermost first (a StorageProblem keeps the browser's error as its cause). */
function chain(error: unknown): { name: string; message: string }[] {
  const found: { name: string; message: string }[] = [];
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e !== 'object') break;
    const { name, message } = e as { name?: unknown; message?: unknown };
    found.push({ name: String(name ?? ''), message: String(message ?? '') });
  }
  return found;
}

/**
 * How a full disk shows up when quota does not apply. Chromium exempts an extension with
 * "unlimitedStorage" from quota entirely, so there the disk itself fills up, and LevelDB's
 * failed write comes back as an UnknownError on the transaction: "Connection is closing
 * because of: IO error: …/000003.log: FILE_ERROR_NO_SPACE (ChromeMethodBFE: 3::WritableFileAppend::8)"
 * (Chromium 156, tests/e2e/quota.e2e.ts). The other two are what a POSIX file error says.
 */
const NO_SPACE = /FILE_ERROR_NO_SPACE|No space left on device|\bENOSPC\b/;

/** True when the browser refused a write for want of space: quota, or a full disk. */
export function isOutOfSpace(error: unknown): boolean {
  return chain(error).some(({ name, message }) => name === 'QuotaExceededError' || NO_SPACE.test(message));
}

/**
 * The reader's message for a storage failure. Browsers report running out of quota as a
 * QuotaExceededError on the request or the transaction, and a full disk as above.
 */
export function readerMessage(error: unknown): string {
  if (isOutOfSpace(error)) return outOfSpace();
  if (error instanceof StorageProblem) return error.message;
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return t('databaseProblem', reason);
}

/** Less room left than this (quota − usage), and a database that will not open is put down to a full disk. */
export const NEARLY_FULL_BYTES = 1024 * 1024;

/**
 * Whether the browser says there is next to no room left for us. Chromium cannot open the
 * database at all on a full disk (LevelDB writes when it opens) and says only "Internal
 * error opening backing store for indexedDB.open.", nothing about space. Its estimate for an
 * extension with "unlimitedStorage" is usage plus the disk's free space, so it tells.
 * Never throws: where there is no estimate, the answer is no.
 */
export async function nearlyOutOfRoom(): Promise<boolean> {
  try {
    const storage = (globalThis as { navigator?: { storage?: Partial<StorageManager> } }).navigator?.storage;
    if (typeof storage?.estimate !== 'function') return false;
    const { quota, usage } = await storage.estimate();
    return typeof quota === 'number' && typeof usage === 'number' && quota - usage < NEARLY_FULL_BYTES;
  } catch {
    return false;
  }
}
