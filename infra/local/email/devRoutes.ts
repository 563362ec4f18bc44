import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { DeliveryReporter } from './deliveryReports';
import { faultSpecSchema, type FaultQueue } from './faults';
import { readBody, sendAcsError, sendHtml, sendJson, sendMethodNotAllowed } from './httpIo';
import { renderInboxPage } from './inboxPage';
import type { MessageStore } from './store';

export interface DevDeps {
  readonly store: MessageStore;
  readonly faults: FaultQueue;
  readonly deliveryReports: DeliveryReporter;
}

/** `POST /dev/email/bounces`: addresses whose emails the delivery report says Bounced. */
const bounceSpecSchema = z.object({ addresses: z.array(z.string().trim().min(3).max(320)).min(1).max(1000) });

/** Small JSON bodies only: a fault plan is a few fields. */
const MAX_FAULT_BODY_BYTES = 4096;

// The inbox page carries mail content; forbid scripts outright and keep link targets' Referer empty.
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; frame-src 'self'; form-action 'self'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

/**
 * Developer and test routes: the inbox (HTML and JSON) and fault injection. They carry no auth
 * because the sink listens on loopback only; they never exist in Azure.
 */
export async function handleDev(req: IncomingMessage, res: ServerResponse, url: URL, deps: DevDeps): Promise<boolean> {
  const filter = url.searchParams.get('to')?.trim() || undefined;
  switch (url.pathname) {
    case '/dev/inbox':
      if (req.method !== 'GET') sendMethodNotAllowed(res, ['GET']);
      else sendHtml(res, 200, renderInboxPage(deps.store.list({ to: filter }), filter), PAGE_HEADERS);
      return true;
    case '/dev/inbox/messages':
      if (req.method === 'GET') sendJson(res, 200, deps.store.list({ to: filter }), { 'cache-control': 'no-store' });
      else if (req.method === 'DELETE') {
        deps.store.clearMessages();
        res.writeHead(204).end();
      } else sendMethodNotAllowed(res, ['GET', 'DELETE']);
      return true;
    case '/dev/email/faults':
      if (req.method === 'POST') await injectFaults(req, res, deps.faults);
      else if (req.method === 'DELETE') {
        deps.faults.clear();
        res.writeHead(204).end();
      } else sendMethodNotAllowed(res, ['POST', 'DELETE']);
      return true;
    case '/dev/email/bounces':
      if (req.method === 'GET') sendJson(res, 200, { addresses: deps.deliveryReports.bounces() });
      else if (req.method === 'POST') await addBounces(req, res, deps.deliveryReports);
      else if (req.method === 'DELETE') {
        deps.deliveryReports.clearBounces();
        res.writeHead(204).end();
      } else sendMethodNotAllowed(res, ['GET', 'POST', 'DELETE']);
      return true;
    default:
      return false;
  }
}

async function injectFaults(req: IncomingMessage, res: ServerResponse, faults: FaultQueue): Promise<void> {
  let json: unknown;
  try {
    json = JSON.parse((await readBody(req, MAX_FAULT_BODY_BYTES)).toString('utf8'));
  } catch (error) {
    if ((error as Error).name === 'BodyTooLargeError') throw error;
    return sendAcsError(res, 400, 'BadRequest', 'The request body is not valid JSON.');
  }
  const spec = faultSpecSchema.safeParse(json);
  if (!spec.success) {
    const problem = spec.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    return sendAcsError(res, 400, 'BadRequest', problem);
  }
  faults.inject(spec.data);
  sendJson(res, 200, { pending: faults.pending() });
}

async function addBounces(req: IncomingMessage, res: ServerResponse, reports: DeliveryReporter): Promise<void> {
  let json: unknown;
  try {
    json = JSON.parse((await readBody(req, MAX_FAULT_BODY_BYTES * 16)).toString('utf8'));
  } catch (error) {
    if ((error as Error).name === 'BodyTooLargeError') throw error;
    return sendAcsError(res, 400, 'BadRequest', 'The request body is not valid JSON.');
  }
  const spec = bounceSpecSchema.safeParse(json);
  if (!spec.success) return sendAcsError(res, 400, 'BadRequest', 'Send {"addresses": ["someone@example.com", ...]}.');
  reports.bounce(spec.data.addresses);
  sendJson(res, 200, { addresses: reports.bounces() });
}
