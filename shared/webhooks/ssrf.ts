import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * The SSRF guard of webhook delivery (issue 16; Standard Webhooks 1.0 "Server side request
 * forgery", "Request timeouts", "Delivery success and failure"): https only (http only to a loopback
 * host, and only when the local-dev setting allows it); every address the host resolves to is
 * checked, and the connection goes to the address checked (the lookup is the request's own, so a
 * second resolution cannot swap it); no private, loopback (unless local), link-local, CGNAT,
 * multicast, reserved or metadata address; redirects are not followed (a 3xx is a failure); 15 s
 * timeout; at most 64 KB of the response read.
 */
export const WEBHOOK_TIMEOUT_MS = 15_000;
export const WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024;

export type Refusal =
  | 'not_https'
  | 'bad_url'
  | 'credentials_in_url'
  | 'private_address'
  | 'loopback_address'
  | 'link_local_address'
  | 'metadata_address'
  | 'reserved_address'
  | 'unresolvable';

export class WebhookRefused extends Error {
  constructor(
    readonly refusal: Refusal,
    detail: string,
  ) {
    super(`${refusal}: ${detail}`);
    this.name = 'WebhookRefused';
  }
}

export interface GuardOptions {
  /** Local development only: http to a loopback host, and loopback addresses, are allowed. */
  allowLocalHttp?: boolean;
}

const list = (entries: Array<[string, number, 'ipv4' | 'ipv6']>): BlockList => {
  const b = new BlockList();
  for (const [net, prefix, type] of entries) b.addSubnet(net, prefix, type);
  return b;
};

// Instance metadata: 169.254.169.254 (Azure IMDS, AWS, GCP), 168.63.129.16 (Azure WireServer),
// fd00:ec2::254 (AWS IMDS over IPv6). Checked before the wider ranges so the reason is precise.
const metadata = list([
  ['169.254.169.254', 32, 'ipv4'],
  ['168.63.129.16', 32, 'ipv4'],
  ['fd00:ec2::254', 128, 'ipv6'],
]);
const loopback = list([
  ['127.0.0.0', 8, 'ipv4'],
  ['::1', 128, 'ipv6'],
]);
const linkLocal = list([
  ['169.254.0.0', 16, 'ipv4'],
  ['fe80::', 10, 'ipv6'],
]);
const privateNets = list([
  ['10.0.0.0', 8, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['fc00::', 7, 'ipv6'],
]);
const reserved = list([
  ['0.0.0.0', 8, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['100::', 64, 'ipv6'],
]);

/** Why an address may not be called, or undefined when it may. IPv4-mapped IPv6 is checked as IPv4. */
export function addressRefusal(address: string, opts: GuardOptions = {}): Refusal | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped ? (mapped[1] as string) : address;
  const type = isIP(ip) === 4 ? 'ipv4' : isIP(ip) === 6 ? 'ipv6' : undefined;
  if (!type) return 'unresolvable';
  if (metadata.check(ip, type)) return 'metadata_address';
  if (loopback.check(ip, type)) return opts.allowLocalHttp ? undefined : 'loopback_address';
  if (linkLocal.check(ip, type)) return 'link_local_address';
  if (privateNets.check(ip, type)) return 'private_address';
  if (reserved.check(ip, type)) return 'reserved_address';
  return undefined;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Checks the URL itself (registration and delivery): scheme, credentials, literal addresses. */
export function checkWebhookUrl(raw: string, opts: GuardOptions = {}): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookRefused('bad_url', 'not an absolute URL');
  }
  if (url.username || url.password) throw new WebhookRefused('credentials_in_url', 'the URL carries credentials');
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'http:') {
    if (!(opts.allowLocalHttp && (LOOPBACK_HOSTS.has(host) || host.startsWith('127.'))))
      throw new WebhookRefused('not_https', 'webhook URLs must be https');
  } else if (url.protocol !== 'https:') {
    throw new WebhookRefused('not_https', 'webhook URLs must be https');
  }
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isIP(literal)) {
    const why = addressRefusal(literal, opts);
    if (why) throw new WebhookRefused(why, `the address ${literal} may not be called`);
  }
  return url;
}

type LookupFn = (
  hostname: string,
  options: { all: true },
  cb: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** A `lookup` for http.request that refuses a host any of whose addresses is forbidden. */
export function guardedLookup(opts: GuardOptions = {}, resolve: LookupFn = dnsLookup as unknown as LookupFn) {
  return (hostname: string, options: { all?: boolean }, cb: (...args: unknown[]) => void): void => {
    resolve(hostname, { all: true }, (err, addresses) => {
      if (err) return cb(new WebhookRefused('unresolvable', `${hostname} does not resolve`));
      if (addresses.length === 0) return cb(new WebhookRefused('unresolvable', `${hostname} does not resolve`));
      for (const a of addresses) {
        const why = addressRefusal(a.address, opts);
        if (why) return cb(new WebhookRefused(why, `${hostname} resolves to a forbidden address`));
      }
      if (options.all) return cb(null, addresses);
      const first = addresses[0] as LookupAddress;
      return cb(null, first.address, first.family);
    });
  };
}

export type PostOutcome =
  | { kind: 'answered'; status: number; latencyMs: number; bytesRead: number; retryAfterSeconds?: number }
  | { kind: 'refused'; refusal: Refusal; detail: string; latencyMs: number }
  | { kind: 'timeout'; latencyMs: number }
  | { kind: 'network'; detail: string; latencyMs: number };

export interface PostOptions extends GuardOptions {
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** Name resolution (tests); the system resolver otherwise. */
  resolve?: LookupFn;
}

/** POSTs one webhook through the guard; never throws, never follows a redirect. */
export function postWebhook(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  opts: PostOptions = {},
): Promise<PostOutcome> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = checkWebhookUrl(rawUrl, opts);
  } catch (e) {
    const r = e as WebhookRefused;
    return Promise.resolve({ kind: 'refused', refusal: r.refusal, detail: r.message, latencyMs: latency() });
  }
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const maxBytes = opts.maxResponseBytes ?? WEBHOOK_MAX_RESPONSE_BYTES;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let done = false;
    const finish = (o: PostOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(o);
    };
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'ResellerConnect-Webhooks/1.0',
          ...headers,
        },
        lookup: guardedLookup(opts, opts.resolve) as never,
        agent: false,
      },
      (res) => {
        let bytesRead = 0;
        const status = res.statusCode ?? 0;
        // Retry-After in seconds (a date form is not honoured: the backoff applies).
        const ra = Number(res.headers['retry-after']);
        const extra = Number.isInteger(ra) && ra > 0 ? { retryAfterSeconds: ra } : {};
        res.on('data', (chunk: Buffer) => {
          bytesRead += chunk.length;
          if (bytesRead >= maxBytes) {
            bytesRead = Math.min(bytesRead, maxBytes);
            finish({ kind: 'answered', status, latencyMs: latency(), bytesRead, ...extra });
            res.destroy();
          }
        });
        res.on('end', () => finish({ kind: 'answered', status, latencyMs: latency(), bytesRead, ...extra }));
        res.on('error', () => finish({ kind: 'answered', status, latencyMs: latency(), bytesRead, ...extra }));
      },
    );
    const timer = setTimeout(() => {
      finish({ kind: 'timeout', latencyMs: latency() });
      req.destroy();
    }, timeoutMs);
    req.on('error', (e) => {
      if (e instanceof WebhookRefused)
        finish({ kind: 'refused', refusal: e.refusal, detail: e.message, latencyMs: latency() });
      else
        finish({ kind: 'network', detail: (e as NodeJS.ErrnoException).code ?? 'network error', latencyMs: latency() });
    });
    req.end(body);
  });
}
