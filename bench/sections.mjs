import { readFile, writeFile } from 'node:fs/promises';

/**
 * Replaces one benchmark's section of a Markdown file (between `<!-- name -->` markers),
 * so each benchmark keeps its own part of docs/benchmarks.md current.
 * @param {string} file @param {string} name @param {string} body
 */
export async function replaceSection(file, name, body) {
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch {
    text = '# Benchmarks\n\nProduced by `npm run bench`; raw figures in `bench/*.json`.\n';
  }
  const block = `${start}\n${body.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next =
    from >= 0 && to > from
      ? text.slice(0, from) + block + text.slice(to + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  await writeFile(file, next);
}
