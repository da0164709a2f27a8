import { readHypothesis } from './backup-hypothesis';
import {
  asList,
  BackupFormatError,
  type BackupPage,
  checked,
  checkedPage,
  colorOr,
  derivedId,
  isoTime,
  isRecord,
  type ParsedBackup,
  pageKey,
  type Rejected,
  readSelectors,
} from './backup-read';
import { fileDay } from './markdown-file-names';
import type { Annotation, ReviewState } from './types';
import { isReview } from './validate';

export { type MergePlan, planMerge } from './backup-merge';
export type { BackupPage, ParsedBackup, Rejected } from './backup-read';
export { BackupFormatError, derivedId } from './backup-read';

/**
 * The JSON backup: a W3C Web Annotation collection (https://www.w3.org/TR/annotation-model/),
 * so other annotation tools can read the passages, notes and tags, with what only Marginalia
 * has (colours, page titles and page notes) under its own namespace. Reading accepts this,
 * any W3C collection, page or list of annotations, and Hypothesis's exports.
 */

export const NAMESPACE = 'https://marginalia.example/ns#';
/** Bumped when the meaning of a field changes, so a reader can tell old files. */
export const BACKUP_VERSION = 1;

// Only a prefix for our fields: declaring page records as JSON literals would need JSON-LD 1.1
// ('@version': 1.1), which 1.0 processors reject outright. Readers of this file read JSON.
const CONTEXT = ['http://www.w3.org/ns/anno.jsonld', { marginalia: NAMESPACE }];

const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
/** For ids that are not UUIDs (made by older versions or tests): urn:uuid: would be a lie. */
const ID_URN = 'urn:marginalia:annotation:';

const idIri = (id: string) => (UUID.test(id) ? `urn:uuid:${id}` : `${ID_URN}${id}`);

/** The file name of a backup made at `exportedAt`. */
export function backupFileName(exportedAt: string): string {
  return `marginalia-backup-${fileDay(exportedAt)}.json`;
}

function toW3C(annotation: Annotation): Record<string, unknown> {
  const body: Record<string, unknown>[] = [];
  if (annotation.note !== '') {
    body.push({ type: 'TextualBody', purpose: 'commenting', format: 'text/markdown', value: annotation.note });
  }
  for (const tag of annotation.tags) body.push({ type: 'TextualBody', purpose: 'tagging', value: tag });
  return {
    id: idIri(annotation.id),
    type: 'Annotation',
    motivation: annotation.note === '' ? 'highlighting' : 'commenting',
    created: annotation.createdAt,
    modified: annotation.updatedAt,
    ...(body.length ? { body } : {}),
    target: {
      source: annotation.url,
      selector: annotation.target.selector.map((s) => {
        if (s.type === 'TextQuoteSelector') return { type: s.type, exact: s.exact, prefix: s.prefix, suffix: s.suffix };
        if (s.type === 'TextPositionSelector') return { type: s.type, start: s.start, end: s.end };
        if (s.type === 'PageSelector') return { type: s.type, index: s.index, ...(s.label ? { label: s.label } : {}) };
        const { start, startOffset, end, endOffset, check } = s;
        return { type: s.type, start, startOffset, end, endOffset, check };
      }),
    },
    'marginalia:color': annotation.color,
    // The Review's schedule travels with the highlight (a restore does not bring back
    // highlights the reader retired).
    ...(annotation.review ? { 'marginalia:review': { ...annotation.review } } : {}),
  };
}

/** Everything, as one JSON-LD document. `exportedAt` is passed in so the function stays pure. */
export function toBackup(
  pages: readonly BackupPage[],
  annotations: readonly Annotation[],
  exportedAt: string,
): Record<string, unknown> {
  return {
    '@context': CONTEXT,
    type: 'AnnotationCollection',
    label: 'Marginalia backup',
    generator: { type: 'Software', name: 'Marginalia' },
    generated: exportedAt,
    'marginalia:version': BACKUP_VERSION,
    'marginalia:pages': pages.map(({ url, title, note, updatedAt, source }) => ({
      url,
      title,
      ...(note === undefined ? {} : { note }),
      updatedAt,
      ...(source === undefined ? {} : { source }),
    })),
    total: annotations.length,
    first: { type: 'AnnotationPage', startIndex: 0, items: annotations.map(toW3C) },
  };
}

const hasType = (value: Record<string, unknown>, type: string) => asList(value.type).includes(type);

/** Our id back from its IRI; another tool's IRI gives a derived id, the same on every import. */
function idFrom(iri: unknown): string | undefined {
  if (typeof iri !== 'string' || iri === '') return undefined;
  for (const prefix of ['urn:uuid:', ID_URN]) {
    const id = iri.startsWith(prefix) ? iri.slice(prefix.length) : undefined;
    if (id !== undefined && /^[A-Za-z0-9-]{8,64}$/.test(id)) return id;
  }
  return derivedId(`w3c:${iri}`);
}

function readW3CAnnotation(item: unknown): Annotation | { reason: string } {
  if (!isRecord(item)) return { reason: 'not an object' };
  if (!hasType(item, 'Annotation')) return { reason: 'not an Annotation' };
  const id = idFrom(item.id);
  if (!id) return { reason: 'no id' };
  // W3C allows several targets; Marginalia anchors by one, the first with a passage.
  const targets = asList(item.target).filter(isRecord);
  const target = targets.find((t) => readSelectors(t.selector).some((s) => s.type === 'TextQuoteSelector'));
  if (!target) return { reason: 'no TextQuoteSelector: nothing says which passage it is about' };
  const url = pageKey(target.source);
  if (typeof url !== 'string') return url;
  const createdAt = isoTime(item.created);
  if (!createdAt) return { reason: 'created: expected an ISO date' };
  const notes: string[] = typeof item.bodyValue === 'string' ? [item.bodyValue] : [];
  const tags: string[] = [];
  for (const body of asList(item.body)) {
    if (!isRecord(body) || typeof body.value !== 'string') continue;
    if (asList(body.purpose).includes('tagging')) tags.push(body.value);
    else notes.push(body.value);
  }
  return checked({
    id,
    url,
    target: { selector: readSelectors(target.selector) },
    color: colorOr(item['marginalia:color'], 'yellow'),
    note: notes.join('\n\n'),
    tags,
    createdAt,
    updatedAt: isoTime(item.modified) ?? createdAt,
    ...reviewOf(item['marginalia:review']),
  });
}

/** A stored review state; a damaged one is dropped (the highlight is simply due again), not the highlight. */
function reviewOf(value: unknown): { review?: ReviewState } {
  if (!isRecord(value) || isReview(value) !== undefined) return {};
  const { last, next, interval } = value as unknown as ReviewState;
  return { review: { last, next, interval } };
}

function readPage(value: unknown): BackupPage | { reason: string } {
  if (!isRecord(value)) return { reason: 'not an object' };
  const url = pageKey(value.url);
  if (typeof url !== 'string') return url;
  if (typeof value.title !== 'string') return { reason: 'title: expected a string' };
  if (value.note !== undefined && typeof value.note !== 'string') return { reason: 'note: expected a string' };
  const updatedAt = isoTime(value.updatedAt);
  if (!updatedAt) return { reason: 'updatedAt: expected an ISO date' };
  if (value.source !== undefined && typeof value.source !== 'string') return { reason: 'source: expected a string' };
  return checkedPage({
    url,
    title: value.title,
    ...(value.note === undefined ? {} : { note: value.note }),
    updatedAt,
    ...(value.source === undefined ? {} : { source: value.source }),
  });
}

/** The items of a collection, a page of one, a list of annotations or a single one. */
function w3cItems(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json;
  if (!isRecord(json)) return undefined;
  if (hasType(json, 'Annotation')) return [json];
  const page = hasType(json, 'AnnotationCollection') ? json.first : hasType(json, 'AnnotationPage') ? json : undefined;
  if (page === undefined) return hasType(json, 'AnnotationCollection') ? [] : undefined;
  if (!isRecord(page)) {
    throw new BackupFormatError(
      'This collection keeps its annotations at another address; only a file that includes them can be imported.',
    );
  }
  if (page.next !== undefined) {
    throw new BackupFormatError(
      'This collection continues at another address; only a file that includes all of it can be imported.',
    );
  }
  return Array.isArray(page.items) ? page.items : [];
}

function readW3C(json: unknown, items: unknown[]): ParsedBackup {
  const rejected: Rejected[] = [];
  const annotations: Annotation[] = [];
  items.forEach((item, index) => {
    const result = readW3CAnnotation(item);
    if ('reason' in result) rejected.push({ kind: 'annotation', index, reason: result.reason });
    else annotations.push(result);
  });
  const pages: BackupPage[] = [];
  const seen = new Set<string>();
  const records = isRecord(json) ? asList(json['marginalia:pages']) : [];
  records.forEach((record, index) => {
    const result = readPage(record);
    if ('reason' in result) rejected.push({ kind: 'page', index, reason: result.reason });
    else if (seen.has(result.url)) rejected.push({ kind: 'page', index, reason: 'a second record of the same page' });
    else {
      pages.push(result);
      seen.add(result.url);
    }
  });
  const format = isRecord(json) && json['marginalia:version'] !== undefined ? 'marginalia' : 'w3c';
  return { format, pages, annotations, rejected };
}

/** Is this list Hypothesis's (rows with `uri`, `text`, `target`) rather than W3C annotations? */
const isHypothesisList = (items: unknown[]) =>
  items.some((item) => isRecord(item) && !hasType(item, 'Annotation') && ('uri' in item || 'text' in item));

/**
 * What a backup file holds, checked record by record: every annotation returned is valid
 * (validate.ts), the rest are listed in `rejected` with the reason. Throws BackupFormatError
 * only when the file as a whole is not one this can read. Takes the parsed JSON, or its text.
 */
export function parseBackup(json: unknown): ParsedBackup {
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch {
      throw new BackupFormatError('This file is not JSON, so it is not a backup.');
    }
  }
  if (isRecord(data) && (Array.isArray(data.rows) || Array.isArray(data.annotations))) {
    return readHypothesis((data.rows ?? data.annotations) as unknown[]);
  }
  if (Array.isArray(data) && isHypothesisList(data)) return readHypothesis(data);
  const items = w3cItems(data);
  if (items === undefined) {
    throw new BackupFormatError(
      'This file is JSON, but not a Marginalia backup, a W3C annotation collection or a Hypothesis export.',
    );
  }
  return readW3C(data, items);
}
