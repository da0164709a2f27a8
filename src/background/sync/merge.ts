/**
 * The conflict rule (docs/sync.md), pure so every device computes the same result from the
 * same revisions: per field the newest edit wins; a note that loses is appended to the
 * winner as a marked conflicted copy; an edit newer than a delete brings the annotation
 * back, otherwise the delete wins.
 */
import type { Annotation } from '../../shared/types';
import { isAnnotation } from '../../shared/validate';
import { noteHash } from './note-hash';

export const ANNOTATION_FIELDS = ['note', 'color', 'tags', 'target', 'review'] as const;
type AnnotationField = (typeof ANNOTATION_FIELDS)[number];
const PAGE_FIELDS = ['title', 'note'] as const;
type PageField = (typeof PAGE_FIELDS)[number];

/** What one server document holds, decrypted. `times`: when each field last changed (ISO). */
export interface AnnotationBody {
  kind: 'annotation';
  annotation: Annotation;
  /** The page's title when it was saved: a device that has no record of the page yet shows it. */
  title: string;
  times: Record<AnnotationField, string>;
  /** noteHash of the note this note was edited from (see mergeNote). */
  noteBase: string;
}
export interface PageBody {
  kind: 'page';
  url: string;
  title: string;
  note: string;
  times: Record<PageField, string>;
  noteBase: string;
}
export interface DeletedBody {
  kind: 'deleted';
  /** The local key of what was deleted (`a:<annotation id>`). */
  key: string;
  deletedAt: string;
}
export type Body = AnnotationBody | PageBody | DeletedBody;

const time = (iso: string | undefined): number => {
  const t = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

/** JSON with object keys sorted: equal values give equal text on every device. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function sameBody(a: Body | undefined, b: Body | undefined): boolean {
  return a !== undefined && b !== undefined && stableJson(a) === stableJson(b);
}

/** Checks a decrypted body's shape: a document from a newer version or a foreign writer is skipped. */
export function isBody(value: unknown): value is Body {
  const body = value as {
    kind?: unknown;
    key?: unknown;
    deletedAt?: unknown;
    annotation?: unknown;
    url?: unknown;
    title?: unknown;
    note?: unknown;
    noteBase?: unknown;
    times?: Record<string, unknown>;
  } | null;
  if (!body || typeof body !== 'object') return false;
  if (body.kind === 'deleted') return typeof body.key === 'string' && typeof body.deletedAt === 'string';
  if (body.kind === 'annotation') {
    return (
      isAnnotation(body.annotation) === undefined &&
      typeof body.title === 'string' &&
      typeof body.noteBase === 'string' &&
      typeof body.times === 'object' &&
      body.times !== null &&
      ANNOTATION_FIELDS.every((f) => typeof body.times?.[f] === 'string')
    );
  }
  if (body.kind === 'page') {
    return (
      typeof body.url === 'string' &&
      typeof body.title === 'string' &&
      typeof body.note === 'string' &&
      typeof body.noteBase === 'string' &&
      typeof body.times === 'object' &&
      PAGE_FIELDS.every((f) => typeof body.times?.[f] === 'string')
    );
  }
  return false;
}

/** The newer of two values of a field; a tie goes to the larger value as text, the same everywhere. */
function pick<T>(a: T, aAt: string, b: T, bAt: string): { winner: T; at: string } {
  const order = time(aAt) - time(bAt) || (stableJson(a) >= stableJson(b) ? 1 : -1);
  return order >= 0 ? { winner: a, at: aAt } : { winner: b, at: bAt };
}

export const CONFLICT_MARK = '--- Conflicted copy';

interface NoteSide {
  note: string;
  at: string;
  base: string;
}

/**
 * The winning note, with the losing one appended under a marked line, unless the loser is
 * only what the winner was edited from (an older version, superseded) or the winner holds
 * it already. So two edits of the same note made apart never lose one silently, and an
 * ordinary later edit never makes a copy.
 */
function mergeNote(a: NoteSide, b: NoteSide): { note: string; at: string; base: string } {
  const order = time(a.at) - time(b.at) || (a.note >= b.note ? 1 : -1);
  const [win, lose] = order >= 0 ? [a, b] : [b, a];
  const superseded = noteHash(lose.note) === win.base || noteHash(win.note) === lose.base;
  if (superseded || !lose.note.trim() || win.note.includes(lose.note)) return win;
  const copy = `${CONFLICT_MARK} (edited ${lose.at}) ---\n${lose.note}`;
  return { note: win.note ? `${win.note}\n\n${copy}` : copy, at: win.at, base: win.base };
}

function latestTime(times: Record<string, string>): number {
  return Math.max(...Object.values(times).map(time));
}

function mergeAnnotations(a: AnnotationBody, b: AnnotationBody): AnnotationBody {
  const annotation: Annotation = { ...a.annotation };
  const times = { ...a.times };
  let noteBase = a.noteBase;
  for (const field of ANNOTATION_FIELDS) {
    if (field === 'note') {
      const merged = mergeNote(
        { note: a.annotation.note, at: a.times.note, base: a.noteBase },
        { note: b.annotation.note, at: b.times.note, base: b.noteBase },
      );
      annotation.note = merged.note;
      times.note = merged.at;
      noteBase = merged.base;
      continue;
    }
    const { winner, at } = pick(a.annotation[field], a.times[field], b.annotation[field], b.times[field]);
    (annotation as unknown as Record<string, unknown>)[field] = winner;
    times[field] = at;
  }
  annotation.createdAt =
    time(a.annotation.createdAt) <= time(b.annotation.createdAt) ? a.annotation.createdAt : b.annotation.createdAt;
  annotation.updatedAt = pick(
    a.annotation.updatedAt,
    a.annotation.updatedAt,
    b.annotation.updatedAt,
    b.annotation.updatedAt,
  ).winner;
  const title = pick(a.title, a.times.target, b.title, b.times.target).winner || a.title || b.title;
  return { kind: 'annotation', annotation, title, times, noteBase };
}

function mergePages(a: PageBody, b: PageBody): PageBody {
  const note = mergeNote(
    { note: a.note, at: a.times.note, base: a.noteBase },
    { note: b.note, at: b.times.note, base: b.noteBase },
  );
  const title = pick(a.title, a.times.title, b.title, b.times.title);
  return {
    kind: 'page',
    url: a.url,
    title: title.winner,
    note: note.note,
    times: { title: title.at, note: note.at },
    noteBase: note.base,
  };
}

/**
 * One body from all the concurrent revisions of a document. Sorted first, so the result
 * does not depend on the order a device happens to hold them in.
 */
export function mergeBodies(bodies: readonly Body[]): Body | undefined {
  const sorted = [...bodies].sort((x, y) => (stableJson(x) < stableJson(y) ? -1 : 1));
  const live = sorted.filter((b): b is AnnotationBody | PageBody => b.kind !== 'deleted');
  const deletes = sorted.filter((b): b is DeletedBody => b.kind === 'deleted');
  const latestDelete = deletes.reduce<DeletedBody | undefined>(
    (best, d) => (!best || time(d.deletedAt) > time(best.deletedAt) ? d : best),
    undefined,
  );
  const first = live[0];
  if (!first) return latestDelete;
  let merged: AnnotationBody | PageBody = first;
  for (const next of live.slice(1)) {
    if (merged.kind === 'annotation' && next.kind === 'annotation') merged = mergeAnnotations(merged, next);
    else if (merged.kind === 'page' && next.kind === 'page') merged = mergePages(merged, next);
  }
  // Delete vs edit: an edit made after the delete brings it back; otherwise the delete wins.
  if (latestDelete && latestTime(merged.times) <= time(latestDelete.deletedAt)) return latestDelete;
  return merged;
}

/** The local side of a record as the outbox describes it: what changed here, and when. */
export interface LocalChange {
  key: string;
  fields: Record<string, string>;
  deletedAt?: string;
  noteBase?: string;
}

/**
 * The body to store after merging a local change into what the replica holds: the fields
 * changed here carry their local times, the others the replica's values (the replica may
 * hold newer remote edits this device has not applied yet), then the conflict rule.
 */
export function mergeLocal(
  replica: Body | undefined,
  local: { annotation: Annotation; title: string } | { url: string; title: string; note: string } | null,
  change: LocalChange,
  now: string,
): Body {
  let mine: Body;
  if (!local) {
    if (change.key.startsWith('p:')) {
      // A page record goes when its last note does; on the server it is an empty page note.
      const at = change.fields.note ?? now;
      const noteBase = change.noteBase ?? noteHash('');
      mine = { kind: 'page', url: change.key.slice(2), title: '', note: '', times: { title: at, note: at }, noteBase };
    } else mine = { kind: 'deleted', key: change.key, deletedAt: change.deletedAt ?? now };
  } else if ('annotation' in local) {
    const base = replica?.kind === 'annotation' ? replica : undefined;
    const annotation: Annotation = { ...local.annotation };
    const times = {} as Record<AnnotationField, string>;
    for (const field of ANNOTATION_FIELDS) {
      const at = change.fields[field];
      if (at !== undefined || !base) times[field] = at ?? local.annotation.updatedAt;
      else {
        (annotation as unknown as Record<string, unknown>)[field] = base.annotation[field];
        times[field] = base.times[field];
      }
    }
    const noteBase =
      change.fields.note !== undefined || !base ? (change.noteBase ?? noteHash(local.annotation.note)) : base.noteBase;
    mine = { kind: 'annotation', annotation, title: local.title || (base?.title ?? ''), times, noteBase };
  } else {
    const base = replica?.kind === 'page' ? replica : undefined;
    const noteAt = change.fields.note;
    const titleAt = change.fields.title;
    mine = {
      kind: 'page',
      url: local.url,
      note: noteAt !== undefined || !base ? local.note : base.note,
      title: titleAt !== undefined || !base ? local.title : base.title,
      times: {
        note: noteAt ?? base?.times.note ?? now,
        title: titleAt ?? base?.times.title ?? now,
      },
      noteBase: noteAt !== undefined || !base ? (change.noteBase ?? noteHash(local.note)) : base.noteBase,
    };
  }
  return (replica ? mergeBodies([replica, mine]) : mine) ?? mine;
}
