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

/**
 * How much room a write must leave on top of what it writes itself. Less than this left
 * (quota − usage), and a database that will not open is put down to a full disk.
 */
export const NEARLY_FULL_BYTES = 1024 * 1024;

/**
 * What the browser says is left for us, or undefined where it cannot say. For an extension
 * with "unlimitedStorage" Chromium's estimate is usage plus the disk's free space.
 */
async function roomLeft(): Promise<number | undefined> {
  try {
    const storage = (globalThis as { navigator?: { storage?: Partial<StorageManager> } }).navigator?.storage;
    if (typeof storage?.estimate !== 'function') return undefined;
    const { quota, usage } = await storage.estimate();
    return typeof quota === 'number' && typeof usage === 'number' ? quota - usage : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a write of about `bytes` fits with NEARLY_FULL_BYTES to spare; yes where the
 * browser cannot say. Asked before every write because in Chromium a write that meets a
 * full disk is not a clean failure: LevelDB fails half way, Chromium closes the database,
 * and after a large one (an import) it was found damaged on the next open and started
 * again empty: every highlight lost (tests/e2e/quota.e2e.ts). Refused here, nothing
 * reaches the disk and the database stays open and readable.
 */
export async function roomFor(bytes: number, spare = NEARLY_FULL_BYTES): Promise<boolean> {
  const left = await roomLeft();
  return left === undefined || left >= bytes + spare;
}

/**
 * Whether there is next to no room left. Chromium cannot open the database at all on a
 * full disk (LevelDB writes when it opens) and says only "Internal error opening backing
 * store for indexedDB.open.", nothing about space.
 */
export async function nearlyOutOfRoom(): Promise<boolean> {
  return !(await roomFor(0));
}
