/**
 * Local PDFs open in Marginalia's reader by themselves (Chromium), as web PDFs do through
 * the background's redirect rule, which never sees file: addresses (declarativeNetRequest
 * does not act on them). Chromium shows a PDF in a wrapper document at the PDF's own
 * address (`document.contentType` application/pdf, the viewer in a frame inside it), and
 * content scripts run in that document when the reader allowed file access: the same switch
 * the reader then needs to read the file, so this runs exactly when opening can work.
 * Apart from content.js (a script of its own, for file: addresses ending in .pdf only):
 * every other page would pay for these bytes otherwise (CONTENT_BUDGET in build.mjs).
 * The background decides (the option, the reader's "browser's viewer" choice) and moves
 * the tab. Firefox shows PDFs in its pdf.js viewer, where no content script runs: there a
 * local PDF opens with "Open a PDF file…" in the reader.
 */
import { send } from '../shared/messages';

if (document.contentType === 'application/pdf') void send('pdf/local', {}).catch(() => undefined);
