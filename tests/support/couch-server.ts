import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

/**
 * A real CouchDB-protocol server for the sync tests: express-pouchdb (the HTTP layer of
 * pouchdb-server) over PouchDB's memory adapter, behind HTTP basic auth so a wrong user or
 * password gets 401 as from CouchDB. It listens on 127.0.0.1 on a free port; `stop()` takes
 * it off the network keeping its data (the server "goes down"), `start()` brings it back
 * on the same port, `docs(db)` reads every stored document raw (what the server operator
 * sees), `requests()` counts the requests it answered, `close()` ends it for good.
 */
export interface CouchServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: raw server documents, of any shape
  docs(db: string): Promise<any[]>;
  requests(): number;
}

const require = createRequire(import.meta.url);

/** The little of PouchDB's server-side API used here (PouchDB ships no types). */
interface ServerPouchDB {
  new (name: string): { allDocs(options: { include_docs: true }): Promise<{ rows: { doc?: unknown }[] }> };
}
interface PouchConstructor {
  plugin(plugin: unknown): void;
  defaults(options: Record<string, unknown>): ServerPouchDB;
}
type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;
let servers = 0;

export async function startCouch({ username, password }: { username: string; password: string }): Promise<CouchServer> {
  const PouchDB = require('pouchdb-core') as PouchConstructor;
  PouchDB.plugin(require('pouchdb-adapter-memory'));
  // A prefix per server: the memory adapter's stores are named globally in the process.
  const ServerPouch = PouchDB.defaults({ adapter: 'memory', prefix: `couch-${process.pid}-${++servers}-` });
  const expressPouch = require('express-pouchdb') as (db: ServerPouchDB, options: object) => RequestHandler;
  const couch = expressPouch(ServerPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: null });

  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  let requests = 0;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    requests++;
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="server"' });
      res.end(JSON.stringify({ error: 'unauthorized', reason: 'Name or password is incorrect.' }));
      return;
    }
    couch(req, res);
  };

  let port = 0;
  let server: Server | undefined;
  const start = async () => {
    if (server) return;
    const next = createServer(handler);
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    port = (next.address() as AddressInfo).port;
    server = next;
  };
  const stop = async () => {
    const running = server;
    server = undefined;
    if (!running) return;
    // Down means down: open keep-alive connections are cut too, as when a machine goes away.
    running.closeAllConnections();
    await new Promise<void>((resolve) => running.close(() => resolve()));
  };
  await start();
  return {
    url: `http://127.0.0.1:${port}`,
    start,
    stop,
    close: stop,
    requests: () => requests,
    async docs(db: string) {
      const result = await new ServerPouch(db).allDocs({ include_docs: true });
      return result.rows.map((row) => row.doc);
    },
  };
}
