/** Saves `text` as a file through the browser's own download, with no extra permission. */
export function downloadText(filename: string, text: string, type = 'text/markdown'): void {
  download(filename, new Blob([text], { type: `${type};charset=utf-8` }));
}

export function download(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns; keep the URL a moment for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
