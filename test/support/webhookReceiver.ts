// A real webhook receiver for the e2e suites: an HTTP server on loopback that records every
// request (raw body and headers) and answers as told (fail N times, 410, …). Verification is the
// test's, with the Standard Webhooks reference library, as a receiver would.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { compileDocument } from './openapiContract';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  /** What the receiver answered. */
  status: number;
}

export interface Receiver {
  url(path?: string): string;
  received: Received[];
  /** Answers for a path: a status per call in order, then `then` (default 204); `headers` on the scripted ones. */
  script(path: string, statuses: number[], then?: number, headers?: Record<string, string>): void;
  forPath(path: string): Received[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const scripts = new Map<string, { statuses: number[]; after: number; headers: Record<string, string> }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] as string;
      const s = scripts.get(path);
      const scripted = s?.statuses.shift();
      const status = scripted ?? s?.after ?? 204;
      received.push({
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
        status,
      });
      res.writeHead(status, scripted !== undefined ? s?.headers : {}).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    received,
    script(path, statuses, then = 204, headers = {}) {
      scripts.set(path, { statuses: [...statuses], after: then, headers });
    },
    forPath: (path) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * Verifies a received request with the reference library; returns the parsed payload or throws.
 * `atArrival`: as the receiver would have when the request arrived (the library refuses a
 * webhook-timestamp more than 5 minutes from its clock, Date.now(): a check long after the
 * delivery, as the soak's at the end of a run, would otherwise refuse it as too old).
 */
export function verifyDelivery(secret: string, r: Received, { atArrival = false } = {}): any {
  const verify = () =>
    new Webhook(secret).verify(r.body, {
      'webhook-id': String(r.headers['webhook-id']),
      'webhook-timestamp': String(r.headers['webhook-timestamp']),
      'webhook-signature': String(r.headers['webhook-signature']),
    });
  if (!atArrival) return verify();
  const now = Date.now;
  Date.now = () => r.at;
  try {
    return verify();
  } finally {
    Date.now = now;
  }
}

/**
 * The document check of delivered events: each body against the `webhooks` entry of its type in
 * the OpenAPI document the stack serves (Ajv, JSON Schema 2020-12; the document's objects forbid
 * undescribed members, so a view with an extra field, e.g. a token hash, fails). Returns the
 * violations, empty when the body is as documented.
 */
export async function documentedEvents(origin: string): Promise<(event: { type: string }) => string[]> {
  const res = await fetch(`${origin}/api/openapi.json`);
  const c = compileDocument((await res.json()) as Record<string, unknown>);
  return (event) => {
    const at = `openapi.json#/webhooks/${event.type}/post/requestBody/content/application~1json/schema`;
    if (!(c.doc.webhooks ?? {})[event.type]) return [`${event.type}: not documented under webhooks`];
    const validate = c.ajv.compile({ $ref: at });
    const type = event.type;
    if (validate(event)) return [];
    return (validate.errors ?? []).map((e) => `${type} ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  };
}
