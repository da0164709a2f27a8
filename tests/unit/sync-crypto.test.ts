import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decryptBody,
  docIdOf,
  encryptBody,
  KEY_DOC_ID,
  MIN_ITERATIONS,
  newKeyDoc,
  unlock,
} from '../../src/background/sync/crypto';

describe('sync encryption', () => {
  it('a second device derives the same key from the same passphrase; another passphrase is refused', async () => {
    const { doc, keys } = await newKeyDoc('correct horse battery staple');
    expect(doc).toMatchObject({ _id: KEY_DOC_ID, kdf: 'PBKDF2-SHA-256', iterations: MIN_ITERATIONS });
    expect(MIN_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const again = await unlock('correct horse battery staple', doc);
    expect(again).not.toBeNull();
    const sealed = await encryptBody(keys, 'doc-1', { note: 'hello' });
    expect(await decryptBody(again!, 'doc-1', { ...sealed })).toEqual({ note: 'hello' });
    expect(await docIdOf(again!, 'a:123')).toBe(await docIdOf(keys, 'a:123'));
    expect(await unlock('Correct horse battery staple', doc)).toBeNull();
    // A server cannot talk a device into a weak derivation.
    expect(await unlock('correct horse battery staple', { ...doc, iterations: 1000 })).toBeNull();
  });

  it('keys are not extractable, bodies are bound to their document id, and a changed byte is refused', async () => {
    const { keys } = await newKeyDoc('p');
    expect(keys.aes.extractable).toBe(false);
    expect(keys.mac.extractable).toBe(false);
    const sealed = await encryptBody(keys, 'doc-1', { quote: 'Call me Ishmael' });
    expect(JSON.stringify(sealed)).not.toContain('Ishmael');
    await expect(decryptBody(keys, 'doc-2', { ...sealed })).rejects.toThrow();
    const ct = Buffer.from(sealed.ct, 'base64');
    ct[0]! ^= 1;
    await expect(decryptBody(keys, 'doc-1', { ...sealed, ct: ct.toString('base64') })).rejects.toThrow();
    // Same plaintext twice: different ciphertext (random IV).
    expect((await encryptBody(keys, 'doc-1', { quote: 'x' })).ct).not.toBe(
      (await encryptBody(keys, 'doc-1', { quote: 'x' })).ct,
    );
  });

  it('document ids reveal neither the URL nor the annotation id', async () => {
    const { keys } = await newKeyDoc('p');
    const id = await docIdOf(keys, 'p:https://essays.example/on-reading');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(await docIdOf(keys, 'p:https://essays.example/on-reading')).toBe(id);
    expect(await docIdOf((await newKeyDoc('p')).keys, 'p:https://essays.example/on-reading')).not.toBe(id);
  });
});

describe('where PouchDB may be imported', () => {
  it('only the background sync code imports PouchDB: no page, popup or note frame loads it', () => {
    const src = resolve(import.meta.dirname, '../../src');
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
      );
    })(src);
    const importers = files
      .filter((f) => /from\s+'pouchdb[^']*'|import\(\s*'pouchdb/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(src, f).split('\\').join('/'));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((f) => !f.startsWith('background/sync/'))).toEqual([]);
  });
});
