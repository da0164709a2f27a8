/**
 * End-to-end encryption for sync (docs/sync.md): the server stores only what this module
 * writes. WebCrypto only, so it runs the same in Chromium's service worker, Firefox's
 * background page and Node (tests).
 */

/** The one document the server may read: what a second device needs to derive the same key. */
export const KEY_DOC_ID = 'marginalia-key';
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256; a key document asking for fewer is refused. */
export const MIN_ITERATIONS = 600_000;
const KEY_CHECK_TEXT = 'marginalia key check v1';

export interface KeyDoc {
  _id: typeof KEY_DOC_ID;
  _rev?: string;
  v: 1;
  kdf: 'PBKDF2-SHA-256';
  iterations: number;
  /** base64, 16 random bytes */
  salt: string;
  iv: string;
  /** AES-GCM of KEY_CHECK_TEXT under the derived key: only the right passphrase opens it. */
  check: string;
}

/** The derived keys: never extractable, so they can be kept (IndexedDB) without the passphrase. */
export interface SyncKeys {
  /** AES-256-GCM over each document's body. */
  aes: CryptoKey;
  /** HMAC-SHA-256 that turns an annotation id or page URL into a document id. */
  mac: CryptoKey;
}

/** An encrypted body as stored on the server. */
export interface Sealed {
  v: 1;
  iv: string;
  ct: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its bytes as arguments, and a long note has millions.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** 512 bits from the passphrase: the first half keys AES-GCM, the second HMAC. */
export async function deriveKeys(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<SyncKeys> {
  const base = await crypto.subtle.importKey('raw', encoder.encode(passphrase.normalize('NFC')), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, 512),
  );
  try {
    const aes = await crypto.subtle.importKey('raw', bits.slice(0, 32), { name: 'AES-GCM' }, false, [
      'encrypt',
      'decrypt',
    ]);
    const mac = await crypto.subtle.importKey('raw', bits.slice(32), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    return { aes, mac };
  } finally {
    bits.fill(0);
  }
}

async function seal(keys: SyncKeys, data: Uint8Array<ArrayBuffer>, aad: string): Promise<{ iv: string; ct: string }> {
  const iv = randomBytes(12);
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(aad) }, keys.aes, data);
  return { iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

/** Throws when the key is wrong or the ciphertext, its iv or its id was changed. */
async function open(keys: SyncKeys, sealed: { iv: string; ct: string }, aad: string): Promise<Uint8Array> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: encoder.encode(aad) },
    keys.aes,
    fromBase64(sealed.ct),
  );
  return new Uint8Array(plain);
}

/** A new database's key document, with a fresh random salt, and the keys it describes. */
export async function newKeyDoc(passphrase: string): Promise<{ doc: KeyDoc; keys: SyncKeys }> {
  const salt = randomBytes(16);
  const keys = await deriveKeys(passphrase, salt, MIN_ITERATIONS);
  const { iv, ct } = await seal(keys, encoder.encode(KEY_CHECK_TEXT), KEY_DOC_ID);
  return {
    doc: {
      _id: KEY_DOC_ID,
      v: 1,
      kdf: 'PBKDF2-SHA-256',
      iterations: MIN_ITERATIONS,
      salt: toBase64(salt),
      iv,
      check: ct,
    },
    keys,
  };
}

export function isKeyDoc(value: unknown): value is KeyDoc {
  const doc = value as Partial<KeyDoc> | null;
  return (
    typeof doc === 'object' &&
    doc !== null &&
    doc._id === KEY_DOC_ID &&
    doc.v === 1 &&
    doc.kdf === 'PBKDF2-SHA-256' &&
    typeof doc.iterations === 'number' &&
    typeof doc.salt === 'string' &&
    typeof doc.iv === 'string' &&
    typeof doc.check === 'string'
  );
}

/** The keys for `passphrase` on a database set up with `doc`, or null when the passphrase is not its. */
export async function unlock(passphrase: string, doc: KeyDoc): Promise<SyncKeys | null> {
  // A server must not be able to talk a device into a weak derivation.
  if (doc.iterations < MIN_ITERATIONS || doc.iterations > 10_000_000) return null;
  const keys = await deriveKeys(passphrase, fromBase64(doc.salt), doc.iterations);
  try {
    const text = decoder.decode(await open(keys, { iv: doc.iv, ct: doc.check }, KEY_DOC_ID));
    return text === KEY_CHECK_TEXT ? keys : null;
  } catch {
    return null;
  }
}

/** The document id of a record: HMAC of its local key, so the same on every device and meaningless to the server. */
export async function docIdOf(keys: SyncKeys, localKey: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', keys.mac, encoder.encode(localKey)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function encryptBody(keys: SyncKeys, id: string, body: unknown): Promise<Sealed> {
  return { v: 1, ...(await seal(keys, encoder.encode(JSON.stringify(body)), id)) };
}

/** The body of document `id`; throws when it does not decrypt under these keys for this id. */
export async function decryptBody(keys: SyncKeys, id: string, sealed: Record<string, unknown>): Promise<unknown> {
  if (typeof sealed.iv !== 'string' || typeof sealed.ct !== 'string') throw new Error('not an encrypted document');
  return JSON.parse(decoder.decode(await open(keys, { iv: sealed.iv, ct: sealed.ct }, id)));
}
