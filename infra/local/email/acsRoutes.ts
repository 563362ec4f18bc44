import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { OPERATION_ID, parseEmailRequest, type EmailMessageBody } from './emailRequest';
import type { FaultQueue } from './faults';
import { verifySignature } from './hmac';
import { readBody, sendAcsError, sendJson, sendMethodNotAllowed } from './httpIo';
import { extractLinks } from './links';
import type { RequestKind } from './rateLimits';
import type { MessageStore, StoredMessage } from './store';

export interface AcsDeps {
  readonly accessKey: string;
  readonly store: MessageStore;
  readonly faults: FaultQueue;
  readonly now: () => Date;
  /** Called once per newly stored message (not for a deduplicated repeat), after the 202 went out. */
  readonly onAccepted: (message: StoredMessage) => void;
  /** ACS's rate limits, when the sink enforces them: seconds to wait when a request is over a limit. */
  readonly admit?: (kind: RequestKind) => number | undefined;
  /** Status reads of an operation that still answer Running, as ACS does while it delivers (default 0). */
  readonly runningReads?: number;
  /** Status reads so far, per operation id (for runningReads). */
  readonly reads?: Map<string, number>;
}

/** Answers 429 with Retry-After, as ACS does, when the request is over an enforced rate limit. */
function throttled(res: ServerResponse, kind: RequestKind, deps: AcsDeps): boolean {
  const wait = deps.admit?.(kind);
  if (wait === undefined) return false;
  sendAcsError(res, 429, 'TooManyRequests', `Rate limit of the ${kind} operation exceeded (local email sink).`, {
    'retry-after': String(wait),
  });
  return true;
}

const SEND_PATH = '/emails:send';
const OPERATION_PATH = /^\/emails\/operations\/([^/]+)$/;

/** The two ACS Email data-plane routes; false when the path is not one of them. */
export async function handleAcs(req: IncomingMessage, res: ServerResponse, url: URL, deps: AcsDeps): Promise<boolean> {
  if (url.pathname === SEND_PATH) {
    if (req.method !== 'POST') sendMethodNotAllowed(res, ['POST']);
    else await send(req, res, url, deps);
    return true;
  }
  const operation = OPERATION_PATH.exec(url.pathname);
  if (operation) {
    if (req.method !== 'GET') sendMethodNotAllowed(res, ['GET']);
    else await status(req, res, safeDecode(operation[1] ?? ''), deps);
    return true;
  }
  return false;
}

/** Reads and authenticates a request; answers 401 itself and returns undefined when it fails. */
async function authenticated(req: IncomingMessage, res: ServerResponse, deps: AcsDeps): Promise<Buffer | undefined> {
  const body = await readBody(req);
  const verdict = verifySignature(
    { method: req.method ?? '', target: req.url ?? '/', headers: req.headers, body },
    deps.accessKey,
    deps.now(),
  );
  if (verdict.ok) return body;
  sendAcsError(res, 401, 'Denied', `Denied by the resource provider: ${verdict.reason}.`);
  return undefined;
}

async function send(req: IncomingMessage, res: ServerResponse, url: URL, deps: AcsDeps): Promise<void> {
  const body = await authenticated(req, res, deps);
  if (!body) return;
  const apiVersion = url.searchParams.get('api-version');
  if (!apiVersion)
    return sendAcsError(res, 400, 'MissingApiVersionParameter', "The 'api-version' query parameter is required.");

  // Faults come after authentication, as the real service authenticates before it throttles.
  if (throttled(res, 'send', deps)) return;
  const fault = deps.faults.take();
  if (fault) {
    const retryAfter: Record<string, string> =
      fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
    return sendAcsError(res, fault.status, FAULT_CODES[fault.status], 'Injected by the local email sink.', retryAfter);
  }

  const requested = headerValue(req, 'operation-id');
  if (requested !== undefined && !OPERATION_ID.test(requested)) {
    return sendAcsError(res, 400, 'BadRequest', "The 'operation-id' header must be a GUID.");
  }
  const parsed = parseEmailRequest(body);
  if (!parsed.ok) return sendAcsError(res, 400, 'BadRequest', parsed.problem);

  const receivedAt = deps.now().toISOString();
  const operationId = requested ?? randomUUID();
  let stored: StoredMessage | undefined;
  const { operation, created } = deps.store.accept(
    operationId,
    (id) => (stored = toStored(id, operationId, parsed.message, receivedAt)),
  );

  const location = `${origin(req)}/emails/operations/${encodeURIComponent(operation.id)}?api-version=${encodeURIComponent(apiVersion)}`;
  sendJson(
    res,
    202,
    { id: operation.id, status: 'Running' },
    {
      'operation-location': location,
      'operation-id': operation.id,
      'retry-after': '0',
    },
  );
  if (created && stored) deps.onAccepted(stored);
}

async function status(req: IncomingMessage, res: ServerResponse, id: string, deps: AcsDeps): Promise<void> {
  if (!(await authenticated(req, res, deps))) return;
  if (throttled(res, 'status', deps)) return;
  const operation = deps.store.operation(id);
  if (!operation) return sendAcsError(res, 404, 'NotFound', 'No send operation has this id.');
  // Delivery to the dev inbox is instant, so the first poll already sees the terminal state, unless
  // the sink is told to answer Running for a while, as ACS does while it delivers.
  const read = (deps.reads?.get(operation.id) ?? 0) + 1;
  deps.reads?.set(operation.id, read);
  if (read <= (deps.runningReads ?? 0))
    return sendJson(res, 200, { id: operation.id, status: 'Running', error: null }, { 'retry-after': '1' });
  sendJson(res, 200, { id: operation.id, status: 'Succeeded', error: null });
}

const FAULT_CODES = { 429: 'TooManyRequests', 500: 'InternalServerError', 503: 'ServiceUnavailable' } as const;

function toStored(id: string, operationId: string, message: EmailMessageBody, receivedAt: string): StoredMessage {
  const text = message.content.plainText ?? null;
  const html = message.content.html ?? null;
  const addresses = (list?: readonly { address: string }[]): string[] => (list ?? []).map((r) => r.address);
  return {
    id,
    operationId,
    from: message.senderAddress,
    to: addresses(message.recipients.to),
    cc: addresses(message.recipients.cc),
    bcc: addresses(message.recipients.bcc),
    subject: message.content.subject,
    text,
    html,
    links: extractLinks(text, html),
    receivedAt,
  };
}

/** A malformed escape is just an id nobody has, not a server error. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The origin the caller used, so the poll goes back to the same host and port it reached. */
function origin(req: IncomingMessage): string {
  const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  const host = req.headers.host ?? `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? 80}`;
  return `${scheme}://${host}`;
}
