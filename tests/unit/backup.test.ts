import { describe, expect, it } from 'vitest';
import {
  BackupFormatError,
  backupFileName,
  derivedId,
  parseBackup,
  planMerge,
  toBackup,
} from '../../src/shared/backup';
import { isAnnotation } from '../../src/shared/validate';
import { makeAnnotation } from './make-annotation';

const exportedAt = '2025-03-04T05:06:07.000Z';
const annotation = makeAnnotation({
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  url: 'https://a.example/essay',
  quote: 'A passage.',
  start: 10,
  color: 'green',
  note: 'My *note*.',
  tags: ['one', 'two words'],
});
const page = { url: 'https://a.example/essay', title: 'An essay', note: 'About the page.', updatedAt: exportedAt };

/** A row as Hypothesis's API returns it (trimmed of fields this ignores). */
const hypothesisRow = (overrides: Record<string, unknown> = {}) => ({
  id: 'Zx1dXkL8Ee6Wq8NNw9z4Hw',
  created: '2023-11-02T09:14:55.123456+00:00',
  updated: '2023-11-03T10:00:00.654321+00:00',
  user: 'acct:reader@hypothes.is',
  uri: 'https://example.com/article?utm_source=feed',
  text: 'A **note** in Markdown.',
  tags: ['ml', ' to read '],
  group: '__world__',
  target: [
    {
      source: 'https://example.com/article?utm_source=feed',
      selector: [
        {
          type: 'RangeSelector',
          startContainer: '/div[1]/p[2]',
          startOffset: 0,
          endContainer: '/div[1]/p[2]',
          endOffset: 11,
        },
        { type: 'TextPositionSelector', start: 1200, end: 1211 },
        { type: 'TextQuoteSelector', exact: 'quoted text', prefix: 'before the ', suffix: ' and after' },
      ],
    },
  ],
  document: { title: ['An article'] },
  ...overrides,
});

describe('toBackup: a W3C Web Annotation collection', () => {
  const backup = toBackup([page], [annotation], exportedAt);

  it('is a JSON-LD AnnotationCollection with Marginalia’s own fields in its namespace', () => {
    expect(backup).toMatchObject({
      '@context': ['http://www.w3.org/ns/anno.jsonld', { marginalia: 'https://marginalia.example/ns#' }],
      type: 'AnnotationCollection',
      generated: exportedAt,
      total: 1,
      'marginalia:pages': [page],
      first: { type: 'AnnotationPage', startIndex: 0 },
    });
  });

  it('writes each annotation as a W3C Annotation: quote and position selectors, note and tags as bodies', () => {
    expect((backup.first as { items: unknown[] }).items).toEqual([
      {
        id: 'urn:uuid:7c9e6679-7425-40de-944b-e07fc1f90ae7',
        type: 'Annotation',
        motivation: 'commenting',
        created: annotation.createdAt,
        modified: annotation.updatedAt,
        body: [
          { type: 'TextualBody', purpose: 'commenting', format: 'text/markdown', value: 'My *note*.' },
          { type: 'TextualBody', purpose: 'tagging', value: 'one' },
          { type: 'TextualBody', purpose: 'tagging', value: 'two words' },
        ],
        target: {
          source: 'https://a.example/essay',
          selector: [
            { type: 'TextQuoteSelector', exact: 'A passage.', prefix: '', suffix: '' },
            { type: 'TextPositionSelector', start: 10, end: 20 },
          ],
        },
        'marginalia:color': 'green',
      },
    ]);
  });

  it('writes a plain highlight with no body, and an id that is not a UUID under Marginalia’s URN', () => {
    const plain = makeAnnotation({ id: 'not-a-uuid-1' });
    const [item] = (toBackup([], [plain], exportedAt).first as { items: Record<string, unknown>[] }).items;
    expect(item).toMatchObject({ id: 'urn:marginalia:annotation:not-a-uuid-1', motivation: 'highlighting' });
    expect(item).not.toHaveProperty('body');
  });

  it('is named for the day it was made', () => {
    expect(backupFileName(exportedAt)).toBe('marginalia-backup-2025-03-04.json');
  });
});

describe('parseBackup: reading a backup file', () => {
  it('reads its own backup, from the file’s text as well', () => {
    const text = JSON.stringify(toBackup([page], [annotation], exportedAt));
    expect(parseBackup(text)).toEqual({ format: 'marginalia', pages: [page], annotations: [annotation], rejected: [] });
  });

  it('says plainly when the file is not JSON, or JSON of some other kind', () => {
    expect(() => parseBackup('{"oops')).toThrow(new BackupFormatError('This file is not JSON, so it is not a backup.'));
    expect(() => parseBackup({ hello: 'world' })).toThrow(BackupFormatError);
    expect(() => parseBackup(42)).toThrow(
      /not a Marginalia backup, a W3C annotation collection or a Hypothesis export/,
    );
    expect(() => parseBackup(null)).toThrow(BackupFormatError);
  });

  it('refuses a collection whose annotations are at another address, rather than import part of it', () => {
    expect(() => parseBackup({ type: 'AnnotationCollection', first: 'https://x.example/page1' })).toThrow(
      /another address/,
    );
    expect(() =>
      parseBackup({
        type: 'AnnotationCollection',
        first: { type: 'AnnotationPage', items: [], next: 'https://x.example/2' },
      }),
    ).toThrow(/continues at another address/);
  });

  it('imports the good records of a file and lists each bad one with its reason', () => {
    const backup = toBackup([page, { ...page, url: 'ftp://x.example/' }], [annotation], exportedAt) as {
      first: { items: unknown[] };
    };
    const good = backup.first.items[0] as Record<string, unknown>;
    backup.first.items.push(
      'a string',
      { ...good, type: 'Comment' },
      { ...good, target: { source: 'https://a.example/', selector: [{ type: 'CssSelector', value: 'p' }] } },
      { ...good, target: { source: 'javascript:alert(1)', selector: (good.target as { selector: unknown }).selector } },
      { ...good, created: 'last week' },
      { ...good, 'marginalia:color': 'red', id: 'urn:uuid:11111111-2222-4333-8444-555555555555' },
    );
    const result = parseBackup(JSON.parse(JSON.stringify(backup)));
    expect(result.annotations.map((a) => [a.id, a.color])).toEqual([
      [annotation.id, 'green'],
      ['11111111-2222-4333-8444-555555555555', 'yellow'],
    ]);
    expect(result.rejected).toEqual([
      { kind: 'annotation', index: 1, reason: 'not an object' },
      { kind: 'annotation', index: 2, reason: 'not an Annotation' },
      { kind: 'annotation', index: 3, reason: 'no TextQuoteSelector: nothing says which passage it is about' },
      { kind: 'annotation', index: 4, reason: 'not an http(s) page: javascript:alert(1)' },
      { kind: 'annotation', index: 5, reason: 'created: expected an ISO date' },
      { kind: 'page', index: 1, reason: 'not an http(s) page: ftp://x.example/' },
    ]);
  });

  it('reads another tool’s W3C annotations: its IRIs become stable ids, its text bodies the note', () => {
    const other = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'https://tool.example/anno/17',
      type: 'Annotation',
      created: '2024-05-06T07:08:09+02:00',
      body: [
        { type: 'TextualBody', value: 'First thought.' },
        'https://tool.example/some-iri',
        { type: 'TextualBody', value: 'Second.', purpose: 'describing' },
      ],
      target: [
        'https://tool.example/no-selector',
        { source: 'https://b.example/page#section', selector: { type: 'TextQuoteSelector', exact: 'words' } },
      ],
    };
    const first = parseBackup([other]);
    expect(first.format).toBe('w3c');
    expect(first.annotations).toEqual([
      {
        id: derivedId('w3c:https://tool.example/anno/17'),
        url: 'https://b.example/page',
        target: { selector: [{ type: 'TextQuoteSelector', exact: 'words', prefix: '', suffix: '' }] },
        color: 'yellow',
        note: 'First thought.\n\nSecond.',
        tags: [],
        createdAt: '2024-05-06T05:08:09.000Z',
        updatedAt: '2024-05-06T05:08:09.000Z',
      },
    ]);
    expect(parseBackup(other).annotations).toEqual(first.annotations);
  });
});

describe('parseBackup: Hypothesis exports', () => {
  it('turns a Hypothesis annotation into a yellow highlight with its note, tags, quote and page title', () => {
    const result = parseBackup({ total: 1, rows: [hypothesisRow()] });
    expect(result.format).toBe('hypothesis');
    expect(result.rejected).toEqual([]);
    expect(result.annotations).toEqual([
      {
        id: derivedId('hypothesis:Zx1dXkL8Ee6Wq8NNw9z4Hw'),
        url: 'https://example.com/article',
        target: {
          selector: [
            { type: 'TextPositionSelector', start: 1200, end: 1211 },
            { type: 'TextQuoteSelector', exact: 'quoted text', prefix: 'before the ', suffix: ' and after' },
          ],
        },
        color: 'yellow',
        note: 'A **note** in Markdown.',
        tags: ['ml', 'to read'],
        createdAt: '2023-11-02T09:14:55.123Z',
        updatedAt: '2023-11-03T10:00:00.654Z',
      },
    ]);
    expect(result.pages).toEqual([
      { url: 'https://example.com/article', title: 'An article', updatedAt: '2023-11-03T10:00:00.654Z' },
    ]);
  });

  it('gives the same ids every time, valid ones, so importing the same export twice adds nothing', () => {
    const rows = [hypothesisRow(), hypothesisRow({ id: 'another_id-with_underscores' })];
    const once = parseBackup(rows).annotations;
    expect(once.map((a) => isAnnotation(a))).toEqual([undefined, undefined]);
    expect(new Set(once.map((a) => a.id)).size).toBe(2);
    const again = parseBackup({ annotations: rows }).annotations;
    expect(planMerge(new Map(once.map((a) => [a.id, a])), again)).toEqual({ add: [], update: [], unchanged: 2 });
  });

  it('rejects page notes and replies (no quoted passage), keeps the rest, and a PDF’s under its fingerprint', () => {
    const rows = [
      hypothesisRow({ id: 'page-note', target: [{ source: 'https://example.com/article' }] }),
      hypothesisRow({
        id: 'reply',
        references: ['Zx1dXkL8Ee6Wq8NNw9z4Hw'],
        target: [{ source: 'https://example.com/article' }],
      }),
      hypothesisRow({ id: 'pdf', uri: 'urn:x-pdf:6d2f2b1c' }),
      hypothesisRow({ id: 'untagged', tags: undefined, text: undefined, document: {} }),
    ];
    const result = parseBackup(rows);
    expect(result.rejected).toEqual([
      {
        kind: 'annotation',
        index: 0,
        reason: 'no TextQuoteSelector: a page note or a highlight without its quote, with no passage to anchor',
      },
      { kind: 'annotation', index: 1, reason: 'no TextQuoteSelector: a reply, with no passage to anchor' },
    ]);
    // Hypothesis keys a PDF by PDF.js's fingerprint, as Marginalia's PDF reader does.
    expect(result.annotations).toMatchObject([{ url: 'urn:x-pdf:6d2f2b1c' }, { note: '', tags: [] }]);
    expect(result.pages).toMatchObject([{ url: 'urn:x-pdf:6d2f2b1c' }, { title: '' }]);
  });
});
