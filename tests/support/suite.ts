import { afterAll, beforeAll, expect } from 'vitest';
import { type FixtureServer, startServer } from '../../scripts/fixture-server.mjs';
import { type Launched, setFixtureOrigin } from './browsers';

export interface Suite {
  launched(): Launched;
  server(): FixtureServer;
}

/**
 * One browser and one fixture server for an e2e file. At the end, the privacy check: the
 * extension's own code made no network request (see Launched.extensionRequests).
 */
export function useBrowser(launch: () => Promise<Launched>): Suite {
  let server: FixtureServer | undefined;
  let launched: Launched | undefined;
  beforeAll(async () => {
    server = await startServer();
    setFixtureOrigin(server.origin);
    launched = await launch();
  });
  afterAll(async () => {
    expect(launched?.extensionRequests() ?? []).toEqual([]);
    await launched?.browser.close();
    await server?.close();
  });
  return {
    launched: () => launched!,
    server: () => server!,
  };
}
