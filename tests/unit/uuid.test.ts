import { afterEach, describe, expect, it, vi } from 'vitest';
import { uuid } from '../../src/shared/uuid';
import { isId } from '../../src/shared/validate';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('uuid', () => {
  it('makes distinct version 4 UUIDs', () => {
    const ids = Array.from({ length: 100 }, () => uuid());
    for (const id of ids) expect(id).toMatch(V4);
    expect(new Set(ids).size).toBe(100);
  });

  it('falls back to getRandomValues where randomUUID is missing (plain-http pages), setting the version and variant bits', () => {
    vi.stubGlobal('crypto', { getRandomValues: <T extends Uint8Array>(bytes: T): T => bytes.fill(0xff) });
    expect(uuid()).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    vi.stubGlobal('crypto', { getRandomValues: <T extends Uint8Array>(bytes: T): T => bytes.fill(0x00) });
    expect(uuid()).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('the fallback’s ids pass the message validator’s id check', () => {
    vi.stubGlobal('crypto', { getRandomValues: <T extends Uint8Array>(bytes: T): T => bytes.fill(0xa5) });
    expect(isId(uuid())).toBeUndefined();
  });
});
