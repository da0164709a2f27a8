import { type Annotation, positionOf } from './types';

/** Annotations as they appear on the page: by stored start position, then by creation. */
export function inReadingOrder(annotations: readonly Annotation[]): Annotation[] {
  return [...annotations].sort(
    (a, b) =>
      (positionOf(a)?.start ?? Number.MAX_SAFE_INTEGER) - (positionOf(b)?.start ?? Number.MAX_SAFE_INTEGER) ||
      a.createdAt.localeCompare(b.createdAt),
  );
}
