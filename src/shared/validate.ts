import { isDomRangeSelector, isPageSelector } from '../anchoring/selectors';
import { MAX_NOTE, MAX_STORED_QUOTE, MAX_URL } from './limits';
import { isPdfKey } from './pdf-key';
import { type Annotation, isColor, type Selector } from './types';

/**
 * Hand-written shape checks for everything that crosses a message boundary.
 * Each returns an error message, or undefined when the value is well formed.
 */
export type Check = (value: unknown) => string | undefined;

// A new highlight's passage is held to MAX_PASSAGE where it is made (store-client, the
// save handler); what is stored or imported may be as long as earlier versions allowed.
const MAX_QUOTE = MAX_STORED_QUOTE;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const isString =
  (max: number): Check =>
  (value) =>
    typeof value !== 'string' ? 'expected a string' : value.length > max ? `longer than ${max} characters` : undefined;

export function object(fields: Record<string, Check>): Check {
  return (value) => {
    if (!isRecord(value)) return 'expected an object';
    for (const [name, check] of Object.entries(fields)) {
      const problem = check(value[name]);
      if (problem) return `${name}: ${problem}`;
    }
    return undefined;
  };
}

export const isCount: Check = (value) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? undefined : 'expected a whole number';

/** ISO 8601 date-time as `Date.prototype.toISOString` writes it (sorting compares the strings). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const isIsoDate: Check = (value) =>
  typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))
    ? undefined
    : 'expected an ISO date';

/** An optional field: absent (undefined) or valid. */
export const isOptional =
  (check: Check): Check =>
  (value) =>
    value === undefined ? undefined : check(value);

export const isNullOr =
  (check: Check): Check =>
  (value) =>
    value === null ? undefined : check(value);

export const isColorCheck: Check = (value) => (isColor(value) ? undefined : 'unknown colour');

const EXPECTED_URL = 'expected an http(s) or file URL';

/** A page's address (http, https, file), or a PDF's fingerprint key (`urn:x-pdf:…`, see pdf-key.ts). */
export const isUrl: Check = (value) => {
  const problem = isString(MAX_URL)(value);
  if (problem) return problem;
  if (isPdfKey(value as string)) return undefined;
  try {
    const { protocol } = new URL(value as string);
    return protocol === 'http:' || protocol === 'https:' || protocol === 'file:' ? undefined : EXPECTED_URL;
  } catch {
    return EXPECTED_URL;
  }
};

export const isId: Check = (value) =>
  typeof value === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(value) ? undefined : 'expected an annotation id';

export const isIdList: Check = (value) => {
  if (!Array.isArray(value) || value.length > 100_000) return 'expected a list of annotation ids';
  for (const id of value) {
    const problem = isId(id);
    if (problem) return problem;
  }
  return undefined;
};

const isSelector: Check = (value) => {
  if (!isRecord(value)) return 'expected a selector';
  if (value.type === 'TextQuoteSelector') {
    return object({ exact: isString(MAX_QUOTE), prefix: isString(1000), suffix: isString(1000) })(value);
  }
  if (value.type === 'TextPositionSelector') {
    const problem = object({ start: isCount, end: isCount })(value);
    if (problem) return problem;
    return (value.start as number) <= (value.end as number) ? undefined : 'start after end';
  }
  if (value.type === 'PageSelector') return isPageSelector(value) ? undefined : 'expected a well-formed page selector';
  if (value.type === 'marginalia:DomRangeSelector') {
    return isDomRangeSelector(value) ? undefined : 'expected a well-formed DOM range selector';
  }
  return 'unknown selector type';
};

const isSelectorList: Check = (value) => {
  if (!Array.isArray(value) || value.length === 0 || value.length > 8) return 'expected 1 to 8 selectors';
  for (const selector of value) {
    const problem = isSelector(selector);
    if (problem) return problem;
  }
  return value.some((s: Selector) => s.type === 'TextQuoteSelector') ? undefined : 'a TextQuoteSelector is required';
};

const isTags: Check = (value) => {
  if (!Array.isArray(value) || value.length > 100) return 'expected at most 100 tags';
  return value.every((tag) => typeof tag === 'string' && tag.length > 0 && tag.length <= 100)
    ? undefined
    : 'expected tags of 1 to 100 characters';
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay: Check = (value) =>
  typeof value === 'string' && DAY.test(value) ? undefined : 'expected a day (YYYY-MM-DD)';

/** The Review's schedule (types.ts ReviewState). */
export const isReview: Check = /* @__PURE__ */ object({
  last: isDay,
  next: /* @__PURE__ */ isNullOr(isDay),
  interval: (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100_000
      ? undefined
      : 'expected a whole number of days',
});

export const isAnnotation: Check = /* @__PURE__ */ object({
  id: isId,
  url: isUrl,
  target: /* @__PURE__ */ object({ selector: isSelectorList }),
  color: isColorCheck,
  note: /* @__PURE__ */ isString(MAX_NOTE),
  tags: isTags,
  createdAt: isIsoDate,
  updatedAt: isIsoDate,
  review: /* @__PURE__ */ isOptional(isReview),
});

export function assertAnnotation(value: unknown): asserts value is Annotation {
  const problem = isAnnotation(value);
  if (problem) throw new Error(problem);
}

export const isList =
  (check: Check, max: number): Check =>
  (value) => {
    if (!Array.isArray(value) || value.length > max) return `expected a list of at most ${max}`;
    for (const [i, item] of value.entries()) {
      const problem = check(item);
      if (problem) return `[${i}] ${problem}`;
    }
    return undefined;
  };

export const isPdfKeyCheck: Check = (value) =>
  typeof value === 'string' && isPdfKey(value) ? undefined : 'expected a PDF key (urn:x-pdf:…)';

/** Where a PDF was read (http(s) or file), kept with its fingerprint's page record. */
export const isSourceUrl: Check = (value) =>
  typeof value === 'string' && isPdfKey(value) ? EXPECTED_URL : isUrl(value);

export const isBackupPage: Check = (value) => {
  const problem = object({
    url: isUrl,
    title: isString(2000),
    updatedAt: isIsoDate,
    source: /* @__PURE__ */ isOptional(isSourceUrl),
  })(value);
  if (problem) return problem;
  const note = (value as { note?: unknown }).note;
  return note === undefined ? undefined : isString(MAX_NOTE)(note);
};

/** A change to some of an annotation's fields (annotations/patch): only those, each valid. */
const PATCHABLE: Record<string, Check> = {
  color: isColorCheck,
  note: /* @__PURE__ */ isString(MAX_NOTE),
  tags: isTags,
  target: /* @__PURE__ */ object({ selector: isSelectorList }),
};

export const isPatch: Check = (value) => {
  const problem = object({
    id: isId,
    updatedAt: isIsoDate,
    change: (v) => (isRecord(v) ? undefined : 'expected an object'),
  })(value);
  if (problem) return problem;
  const change = (value as { change: Record<string, unknown> }).change;
  for (const [field, fieldValue] of Object.entries(change)) {
    const check = PATCHABLE[field];
    if (!check) return `change: ${field} cannot be changed`;
    const fieldProblem = check(fieldValue);
    if (fieldProblem) return `change: ${field}: ${fieldProblem}`;
  }
  return undefined;
};

/**
 * A sync setup (issue 12): an http(s) server address without credentials in it (they go in
 * their own fields, never into a stored URL), a CouchDB database name, and the secrets.
 */
export const isSyncSetup: Check = (value) => {
  const problem = object({
    server: isString(2000),
    database: isString(238),
    username: isString(1000),
    password: isString(1000),
    passphrase: isString(1000),
  })(value);
  if (problem) return problem;
  const { server, database, passphrase } = value as { server: string; database: string; passphrase: string };
  try {
    const url = new URL(server);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'server: expected an http(s) address';
    if (url.username || url.password) return 'server: put the user name and password in their own fields';
  } catch {
    return 'server: expected an http(s) address';
  }
  // CouchDB's rule for database names.
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(database)) return 'database: expected a CouchDB database name';
  if (passphrase.length === 0) return 'passphrase: expected a passphrase';
  return undefined;
};

export const isSyncTest: Check = (value) => {
  const problem = isSyncSetup(value);
  if (problem) return problem;
  const create = (value as { create?: unknown }).create;
  return create === undefined || typeof create === 'boolean' ? undefined : 'create: expected true or false';
};
