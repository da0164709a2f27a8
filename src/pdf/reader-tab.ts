import { answerTabRequests } from '../shared/events';
import { t } from '../shared/i18n';

/** What a reader with its notes placed can be asked from the popup and the side panel. */
export interface Answering {
  jumpTo(id: string): Promise<boolean>;
  reattach(id: string): Promise<{ ok: boolean; reason?: string }>;
}

/**
 * The reader's tab as the background sees it (pdf-tabs.ts registers it under the PDF's
 * key): it answers the same tab requests as a web page's content script (Jump to, Re-attach,
 * which page it shows), waiting while the PDF is still loading. `undefined` is "not known
 * yet"; `null` is "nothing" (no PDF chosen, or it could not be opened).
 */
export class ReaderTab {
  private key: string | null | undefined;
  private reader: Answering | null | undefined;
  private readonly waiting = new Set<() => void>();
  readonly stop: () => void;

  constructor() {
    this.stop = answerTabRequests({
      'tab/page': async () => ({ url: (await this.known(() => this.key)) ?? null }),
      'tab/jump': async ({ id }) => {
        const reader = await this.known(() => this.reader);
        return { found: reader ? await reader.jumpTo(id) : false };
      },
      'tab/reattach': async ({ id }) => {
        const reader = await this.known(() => this.reader);
        return reader ? reader.reattach(id) : { ok: false, reason: t('reattachGone') };
      },
    });
  }

  /** A PDF is being opened (again): questions wait for it. */
  loading(): void {
    this.key = undefined;
    this.reader = undefined;
  }

  /** No PDF to show (none chosen yet, or it could not be opened or its notes loaded). */
  nothing(): void {
    this.set(this.key ?? null, null);
  }

  showing(key: string): void {
    this.set(key, this.reader);
  }

  ready(reader: Answering): void {
    this.set(this.key, reader);
  }

  private set(key: string | null | undefined, reader: Answering | null | undefined): void {
    this.key = key;
    this.reader = reader;
    for (const wake of [...this.waiting]) wake();
  }

  private async known<T>(read: () => T | undefined): Promise<T> {
    for (let value = read(); ; value = read()) {
      if (value !== undefined) return value;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiting.delete(wake);
          resolve();
        };
        this.waiting.add(wake);
      });
    }
  }
}
