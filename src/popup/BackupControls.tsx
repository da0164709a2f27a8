import { useRef, useState } from 'preact/hooks';
import { BackupFormatError, backupFileName, parseBackup, toBackup } from '../shared/backup';
import { t } from '../shared/i18n';
import { libraryMarkdown } from '../shared/markdown';
import { libraryFileName } from '../shared/markdown-file-names';
import { markdownZip } from '../shared/markdown-zip';
import { send } from '../shared/messages';
import { exportOptions, loadOptions } from '../shared/options';
import type { Annotation, PageRecord } from '../shared/types';
import { download, downloadText } from './download';
import { errorText } from './format';

function byPage(pages: PageRecord[], annotations: Annotation[]) {
  const grouped = new Map<string, Annotation[]>();
  for (const a of annotations) {
    const list = grouped.get(a.url);
    if (list) list.push(a);
    else grouped.set(a.url, [a]);
  }
  return pages.map((page) => ({ page, annotations: grouped.get(page.url) ?? [] }));
}

/** Everything out (Markdown, one file or a zip; the JSON backup) and a backup back in. */
export function BackupControls({ onImported }: { onImported(): void }) {
  const [status, setStatus] = useState('');
  const [rejected, setRejected] = useState<string[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);

  const everything = async () => {
    const [{ pages, annotations }, options] = await Promise.all([send('library/everything', {}), loadOptions()]);
    return { pages, annotations, now: new Date().toISOString(), format: exportOptions(options) };
  };
  const run = (what: string, work: () => Promise<void>) => () =>
    void work().catch((e: unknown) => setStatus(t('couldNot', what, errorText(e))));

  const importFile = async (file: File) => {
    setRejected([]);
    let parsed: ReturnType<typeof parseBackup>;
    try {
      parsed = parseBackup(await file.text());
    } catch (e) {
      // A file that is not a backup at all changes nothing.
      setStatus(t('notImported', e instanceof BackupFormatError ? e.message : errorText(e)));
      return;
    }
    const report = await send('library/import', { pages: parsed.pages, annotations: parsed.annotations });
    setStatus(t('importReport', file.name, report.added, report.updated, report.unchanged, parsed.rejected.length));
    setRejected(parsed.rejected.map((r) => `${r.kind} ${r.index + 1}: ${r.reason}`));
    onImported();
  };

  return (
    <footer class="actions">
      <button
        type="button"
        onClick={run(t('actionExport'), async () => {
          const { pages, annotations, now, format } = await everything();
          downloadText(
            libraryFileName(now),
            libraryMarkdown(byPage(pages, annotations), { ...format, exportedAt: now }),
          );
        })}
      >
        {t('exportAll')}
      </button>
      <button
        type="button"
        onClick={run(t('actionExport'), async () => {
          const { pages, annotations, now, format } = await everything();
          download(
            libraryFileName(now).replace(/\.md$/, '.zip'),
            new Blob(
              [markdownZip(byPage(pages, annotations), { ...format, exportedAt: now }) as Uint8Array<ArrayBuffer>],
              { type: 'application/zip' },
            ),
          );
        })}
      >
        {t('exportAllZip')}
      </button>
      <button
        type="button"
        onClick={run(t('actionBackUp'), async () => {
          const { pages, annotations, now } = await everything();
          downloadText(
            backupFileName(now),
            JSON.stringify(toBackup(pages, annotations, now), null, 2),
            'application/json',
          );
        })}
      >
        {t('backUp')}
      </button>
      <button type="button" onClick={() => fileInput.current?.click()}>
        {t('importBackup')}
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json,application/ld+json"
        aria-label={t('importBackupFile')}
        hidden
        onChange={(event) => {
          const input = event.target as HTMLInputElement;
          const file = input.files?.[0];
          input.value = '';
          if (file) void importFile(file).catch((e: unknown) => setStatus(t('notImported', errorText(e))));
        }}
      />
      <div class="live" role="status" aria-live="polite">
        {status && <span>{status}</span>}
        {rejected.length > 0 && (
          <ul class="rejected">
            {rejected.slice(0, 20).map((r) => (
              <li key={r}>{r}</li>
            ))}
            {rejected.length > 20 && <li>{t('andMore', rejected.length - 20)}</li>}
          </ul>
        )}
      </div>
    </footer>
  );
}
