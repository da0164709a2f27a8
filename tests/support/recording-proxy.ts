import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Firefox's eyes for "Marginalia makes no network request" (WebDriver BiDi does not show an
 * extension's own requests). Firefox is told to send everything, loopback included, through
 * this proxy on 127.0.0.1: requests for the fixture server (and for hosts a test serves from
 * it, such as `*.test`) are passed on to it; every other request, plain or CONNECT, is
 * recorded and refused. No test page asks for anything else, so whatever is recorded was
 * asked for by the extension, or by Firefox itself for its own services (listed below and
 * left out: an extension request to one of those hosts would not be seen).
 */
export interface RecordingProxy {
  port: number;
  /** What was asked for that is not the fixture server's: `GET http://…` or `CONNECT host:443`. */
  recorded(): string[];
  close(): Promise<void>;
}

/**
 * Firefox's own background traffic (updates, remote settings, telemetry, captive portal
 * checks), and `dummy.test`, where puppeteer's profile points Firefox's own services
 * (remote settings asks it for blocklists when the enterprise policies of
 * private-firefox.e2e.ts are on).
 */
const FIREFOX_OWN =
  /(^|\.)(mozilla\.(com|net|org)|firefox\.com|mozaws\.net|mozgcp\.net|services\.mozilla\.com)$|^dummy\.test$/;

export async function startRecordingProxy(
  fixtureOrigin: string,
  served: (host: string) => boolean = () => false,
): Promise<RecordingProxy> {
  const fixture = new URL(fixtureOrigin);
  const seen: string[] = [];
  const record = (what: string, host: string) => {
    if (!FIREFOX_OWN.test(host)) seen.push(what);
  };
  // Addresses of 65,536 characters and more are tested (urls-firefox.e2e.ts).
  const server = http.createServer({ maxHeaderSize: 1 << 20 }, (req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (target.host !== fixture.host && !served(target.hostname)) {
      record(`${req.method} ${target.href}`, target.hostname);
      res.writeHead(502).end();
      return;
    }
    // Passed on as a proxy would: the absolute URL and the Host the browser sent (the
    // fixture server answers by path, and reads the host where a test needs it).
    const forward = http.request(
      {
        host: fixture.hostname,
        port: fixture.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        maxHeaderSize: 1 << 20,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.on('connect', (req, socket) => {
    const host = (req.url ?? '').replace(/:\d+$/, '');
    record(`CONNECT ${req.url}`, host);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    recorded: () => [...seen],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Firefox preferences that send every request, loopback included, to the proxy on `port`. */
export function proxyPrefs(port: number): Record<string, unknown> {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': port,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': port,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.share_proxy_settings': false,
  };
}
