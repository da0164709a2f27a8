/**
 * The checks behind Test connection (and Turn on sync), straight over fetch: a clear answer
 * for each way a setup can be wrong, and nothing written (but a database the reader asked
 * to create). The passphrase is checked against the key document on the server.
 */
import { t } from '../../shared/i18n';
import type { SyncCheck, SyncSetup } from '../../shared/sync-types';
import { isKeyDoc, KEY_DOC_ID, type KeyDoc, newKeyDoc, type SyncKeys, unlock } from './crypto';

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** The check, and on success what enabling needs: the keys and the key document (none on a new database). */
export interface CheckResult extends SyncCheck {
  keys?: SyncKeys;
  keyDoc?: KeyDoc;
}

/**
 * fetch for a run's remote PouchDB: `stop` (sync turned off) aborts its requests in flight,
 * alongside PouchDB's own signal (it times out its long polls with one).
 */
export function stoppableFetch(stop: AbortSignal) {
  return (input: RequestInfo, init?: RequestInit) =>
    fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, stop]) : stop });
}

/** The server address as the reader gave it, without a trailing slash. */
export function serverBase(server: string): string {
  return server.trim().replace(/\/+$/, '');
}

export function databaseUrl(setup: Pick<SyncSetup, 'server' | 'database'>): string {
  return `${serverBase(setup.server)}/${encodeURIComponent(setup.database)}`;
}

function authHeader(setup: SyncSetup): Record<string, string> {
  const bytes = new TextEncoder().encode(`${setup.username}:${setup.password}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return { authorization: `Basic ${btoa(binary)}`, accept: 'application/json' };
}

async function json(response: Response): Promise<Record<string, unknown> | undefined> {
  try {
    const value = (await response.json()) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const fail = (code: SyncCheck['code'], message: string, extra: Partial<SyncCheck> = {}): CheckResult => ({
  ok: false,
  code,
  message,
  ...extra,
});

/** CouchDB says {"couchdb":"Welcome"}; pouchdb-server / express-pouchdb {"express-pouchdb":"Welcome!"}. */
function isCouchRoot(body: Record<string, unknown> | undefined): boolean {
  return !!body && ('couchdb' in body || 'express-pouchdb' in body);
}

/**
 * Every check in order: the server answers, like CouchDB, to this user; the database is
 * there (or is created, with `create`); its key document opens with this passphrase.
 */
export async function checkSetup(setup: SyncSetup, create: boolean, fetchFn: Fetch = fetch): Promise<CheckResult> {
  const base = serverBase(setup.server);
  const headers = authHeader(setup);
  const request = async (url: string, init: RequestInit = {}) => {
    try {
      return await fetchFn(url, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
    } catch {
      return undefined;
    }
  };

  const root = await request(`${base}/`);
  if (!root) return fail('unreachable', t('syncCheckUnreachable', base));
  if (root.status === 401) return fail('unauthorized', t('syncCheckUnauthorized'));
  if (!root.ok || !isCouchRoot(await json(root))) return fail('not-couchdb', t('syncCheckNotCouch', base));

  const dbUrl = databaseUrl(setup);
  let info = await request(dbUrl);
  if (!info) return fail('unreachable', t('syncCheckUnreachable', base));
  if (info.status === 401) return fail('unauthorized', t('syncCheckUnauthorized'));
  if (info.status === 403) return fail('forbidden', t('syncCheckForbidden', setup.database));
  if (info.status === 404) {
    const canCreate = await mayCreate(request, base);
    if (!create) {
      return canCreate
        ? fail('no-database', t('syncCheckNoDatabase', setup.database), { canCreate: true })
        : fail('no-database', t('syncCheckNoDatabaseAsk', setup.database), { canCreate: false });
    }
    const made = await request(dbUrl, { method: 'PUT' });
    if (!made) return fail('unreachable', t('syncCheckUnreachable', base));
    // 412: someone made it meanwhile, which is as good.
    if (!made.ok && made.status !== 412) {
      const reason = String((await json(made))?.reason ?? made.status);
      if (made.status === 401 || made.status === 403) {
        return fail('forbidden', t('syncCheckCreateFailed', setup.database, reason), { canCreate: false });
      }
      return fail('invalid', t('syncCheckCreateFailed', setup.database, reason));
    }
    info = await request(dbUrl);
    if (!info) return fail('unreachable', t('syncCheckUnreachable', base));
  }
  if (!info.ok) return fail('not-couchdb', t('syncCheckNotCouch', base));
  const dbInfo = await json(info);

  const keyResponse = await request(`${dbUrl}/${KEY_DOC_ID}`);
  if (!keyResponse) return fail('unreachable', t('syncCheckUnreachable', base));
  if (keyResponse.status === 401) return fail('unauthorized', t('syncCheckUnauthorized'));
  if (keyResponse.status === 403) return fail('forbidden', t('syncCheckForbidden', setup.database));
  if (keyResponse.status === 404) {
    // An empty database is set up at enable; one full of something else is not ours.
    if (typeof dbInfo?.doc_count === 'number' && dbInfo.doc_count > 0) {
      return fail('invalid', t('syncCheckForeign', setup.database));
    }
    return { ok: true, code: 'new-database', message: t('syncCheckNewDatabase') };
  }
  const keyDoc = await json(keyResponse);
  if (!keyResponse.ok || !isKeyDoc(keyDoc)) return fail('invalid', t('syncCheckForeign', setup.database));
  const keys = await unlock(setup.passphrase, keyDoc);
  if (!keys) return fail('wrong-passphrase', t('syncCheckWrongPassphrase'));
  return { ok: true, code: 'ok', message: t('syncCheckOk'), keys, keyDoc };
}

/** Whether this user may create databases: CouchDB lets server admins only. */
async function mayCreate(request: (url: string) => Promise<Response | undefined>, base: string): Promise<boolean> {
  const session = await request(`${base}/_session`);
  const ctx = session?.ok ? ((await json(session))?.userCtx as { roles?: unknown } | undefined) : undefined;
  // Without an answer, offer it: the server's own refusal then says why.
  return !Array.isArray(ctx?.roles) || ctx.roles.includes('_admin');
}

/**
 * Sets a new database up with this passphrase: writes the key document. If another device
 * did so first (409), its document decides, and a different passphrase is refused.
 */
export async function setUpKey(
  setup: SyncSetup,
  fetchFn: Fetch = fetch,
): Promise<{ keys: SyncKeys; keyDoc: KeyDoc } | CheckResult> {
  const { doc, keys } = await newKeyDoc(setup.passphrase);
  let response: Response;
  try {
    response = await fetchFn(`${databaseUrl(setup)}/${KEY_DOC_ID}`, {
      method: 'PUT',
      headers: { ...authHeader(setup), 'content-type': 'application/json' },
      body: JSON.stringify(doc),
    });
  } catch {
    return fail('unreachable', t('syncCheckUnreachable', serverBase(setup.server)));
  }
  if (response.ok) return { keys, keyDoc: doc };
  if (response.status === 409) {
    const check = await checkSetup(setup, false, fetchFn);
    return check.ok && check.keys && check.keyDoc ? { keys: check.keys, keyDoc: check.keyDoc } : check;
  }
  if (response.status === 401) return fail('unauthorized', t('syncCheckUnauthorized'));
  return fail('forbidden', t('syncCheckForbidden', setup.database));
}

/**
 * What Turn on sync needs before it stores anything: the checks passed, and the keys (a new
 * database set up with this passphrase now). Throws the check's reader-facing message.
 */
export async function keysForEnable(
  setup: SyncSetup,
  fetchFn: Fetch = fetch,
): Promise<{ keys: SyncKeys; salt: string }> {
  const check = await checkSetup(setup, false, fetchFn);
  if (!check.ok) throw new SetupRefused(check);
  if (check.keys && check.keyDoc) return { keys: check.keys, salt: check.keyDoc.salt };
  const made = await setUpKey(setup, fetchFn);
  if ('ok' in made) throw new SetupRefused(made);
  return { keys: made.keys, salt: made.keyDoc.salt };
}

export class SetupRefused extends Error {
  constructor(readonly check: SyncCheck) {
    super(check.message);
    this.name = 'SetupRefused';
  }
}
