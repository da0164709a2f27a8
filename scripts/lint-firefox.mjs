// web-ext lint on dist/firefox: fails on any error, and on any warning not explained in
// the README ("Firefox lint"). Run after a build (npm run lint:firefox builds first).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/**
 * Explained in the README: Preact's runtime has a dangerouslySetInnerHTML code path we never
 * use; PDF.js (the reader, pdf.js, and its worker) has an eval feature test that the reader
 * turns off (isEvalSupported: false, and the extension's CSP forbids eval anyway), dynamic
 * import()s of its own bundled files, and an innerHTML into a <template> in its localization (its own bundled strings).
 */
const EXPLAINED = [
  { code: 'UNSAFE_VAR_ASSIGNMENT', files: ['popup.js', 'options.js', 'review.js', 'pdf.js', 'pdfjs/pdf.worker.mjs'] },
  { code: 'DANGEROUS_EVAL', files: ['pdf.js', 'pdfjs/pdf.worker.mjs'] },
];

let output;
try {
  output = execFileSync(
    path.join(root, 'node_modules/.bin/web-ext'),
    ['lint', '--source-dir', path.join(root, 'dist/firefox'), '--output', 'json'],
    {
      encoding: 'utf8',
    },
  );
} catch (error) {
  // web-ext exits non-zero when it finds errors; its JSON is still on stdout.
  output = /** @type {{ stdout?: string }} */ (error).stdout ?? '';
}
const report = JSON.parse(output);
const explained = (/** @type {{ code: string; file?: string }} */ m) =>
  EXPLAINED.some((e) => e.code === m.code && e.files.includes(m.file ?? ''));
const problems = [...report.errors, ...report.warnings.filter((/** @type {any} */ w) => !explained(w))];
const notes = report.warnings.filter(explained);
for (const m of notes) console.log(`explained: ${m.code} in ${m.file}`);
for (const m of problems) console.log(`${m._type}: ${m.code} ${m.file ?? ''}:${m.line ?? ''} ${m.message}`);
console.log(
  `web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings (${notes.length} explained), ${report.notices.length} notices`,
);
process.exit(problems.length ? 1 : 0);
