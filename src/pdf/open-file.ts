/**
 * "Open a PDF file…" and dropping a PDF on the reader: a PDF from disk read with the File
 * API, which needs no permission in either browser (Chromium's "Allow access to file URLs"
 * is off for an extension from the store, and Firefox never lets an extension read file:
 * addresses). The fingerprint comes from the bytes, so a downloaded copy shows the notes
 * made on the PDF at its web address.
 *
 * Offered while no PDF is shown: the reader opened without one, or the one it was given
 * could not be opened (no file access, too large, not found, damaged). One at a time:
 * the reader page shows one document for its whole life.
 */
export function offerFile(doc: Document, picker: HTMLElement, open: (file: File) => void): () => void {
  const input = picker.querySelector('input[type="file"]') as HTMLInputElement;
  const controller = new AbortController();
  const { signal } = controller;
  const withFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
  const take = (file: File | undefined) => {
    if (!file) return;
    controller.abort();
    input.value = '';
    picker.hidden = true;
    delete doc.body.dataset.dropping;
    open(file);
  };
  picker.hidden = false;
  input.addEventListener('change', () => take(input.files?.[0]), { signal });
  // The whole page is the drop target: without this the browser would leave the reader
  // for its own viewer of the dropped file.
  doc.addEventListener(
    'dragover',
    (event) => {
      if (!withFiles(event)) return;
      event.preventDefault();
      doc.body.dataset.dropping = 'true';
    },
    { signal },
  );
  doc.addEventListener(
    'dragleave',
    (event) => {
      if (event.relatedTarget === null) delete doc.body.dataset.dropping;
    },
    { signal },
  );
  doc.addEventListener(
    'drop',
    (event) => {
      if (!withFiles(event)) return;
      event.preventDefault();
      take(event.dataTransfer?.files[0]);
    },
    { signal },
  );
  return () => {
    controller.abort();
    picker.hidden = true;
  };
}
