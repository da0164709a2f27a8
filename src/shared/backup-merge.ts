/**
 * What importing a backup would change, decided before anything is written: records the
 * library lacks are added, records the file has a newer version of are updated, and the rest
 * (the same age, or older in the file) are left. So importing one file twice changes nothing
 * the second time, and an old backup never undoes later edits.
 */

export interface MergePlan<T> {
  add: T[];
  update: T[];
  /** Records of the file that change nothing (including repeats within the file). */
  unchanged: number;
}

export type Lookup<T> = ReadonlyMap<string, T> | ((key: string) => T | undefined);

const newer = (a: { updatedAt: string }, b: { updatedAt: string }) => Date.parse(a.updatedAt) > Date.parse(b.updatedAt);

/**
 * The plan for `incoming` against `existing`, keyed by id (annotations) or by `keyOf` (pages:
 * `(page) => page.url`). Times are compared as times, not strings: "…:00Z" and "…:00.000Z"
 * are the same moment.
 */
export function planMerge<T extends { id: string; updatedAt: string }>(
  existing: Lookup<T>,
  incoming: readonly T[],
): MergePlan<T>;
export function planMerge<T extends { updatedAt: string }>(
  existing: Lookup<T>,
  incoming: readonly T[],
  keyOf: (item: T) => string,
): MergePlan<T>;
export function planMerge<T extends { updatedAt: string }>(
  existing: Lookup<T>,
  incoming: readonly T[],
  keyOf: (item: T) => string = (item) => (item as T & { id: string }).id,
): MergePlan<T> {
  const lookup = typeof existing === 'function' ? existing : (key: string) => existing.get(key);
  // The newest of each key in the file; an older repeat changes nothing.
  const newest = new Map<string, T>();
  let unchanged = 0;
  for (const item of incoming) {
    const key = keyOf(item);
    const seen = newest.get(key);
    if (seen === undefined || newer(item, seen)) newest.set(key, item);
    if (seen !== undefined) unchanged++;
  }
  const add: T[] = [];
  const update: T[] = [];
  for (const [key, item] of newest) {
    const current = lookup(key);
    if (current === undefined) add.push(item);
    else if (newer(item, current)) update.push(item);
    else unchanged++;
  }
  return { add, update, unchanged };
}
