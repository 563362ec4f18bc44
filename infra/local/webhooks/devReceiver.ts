import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { escapeHtml } from '../../../shared/pages/html';
import { readBody, sendHtml, sendJson, sendMethodNotAllowed } from '../email/httpIo';

/**
 * The dev webhook receiver (issue 16), the dev inbox's sibling on the stand-ins: subscribe
 * `<stand-ins>/dev/webhooks/receive` (or `<host>/dev/webhooks/receive` through the host's /dev
 * proxy), give it the endpoint's secret, and watch events arrive at GET /dev/webhooks, each marked
 * verified when a known secret verifies its Standard Webhooks signature (the reference library,
 * with its 5-minute timestamp tolerance). Loopback only, no auth; never in Azure. In memory.
 */
export interface ReceivedWebhook {
  seq: number;
  receivedAt: string;
  path: string;
  webhookId: string | null;
  timestamp: string | null;
  signature: string | null;
  body: string;
  /** Whether one of the known secrets verified it (at arrival). */
  verified: boolean;
  type?: string;
}

/** At most this many are kept (the oldest go first). */
const KEEP = 500;
const MAX_BODY = 256 * 1024;

const esc = escapeHtml;

export function createDevWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const secrets = new Set<string>();
  let seq = 0;

  const verify = (body: string, h: Record<string, string | null>): boolean => {
    for (const s of secrets) {
      try {
        new Webhook(s).verify(body, {
          'webhook-id': h.id ?? '',
          'webhook-timestamp': h.ts ?? '',
          'webhook-signature': h.sig ?? '',
        });
        return true;
      } catch {
        // not this secret
      }
    }
    return false;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '/').split('?')[0] as string;
    if (path === '/dev/webhooks/receive' || path.startsWith('/dev/webhooks/receive/')) {
      if (req.method !== 'POST') return (sendMethodNotAllowed(res, ['POST']), true);
      const body = (await readBody(req, MAX_BODY)).toString('utf8');
      const one = (n: string) => (typeof req.headers[n] === 'string' ? (req.headers[n] as string) : null);
      const h = { id: one('webhook-id'), ts: one('webhook-timestamp'), sig: one('webhook-signature') };
      let type: string | undefined;
      try {
        type = (JSON.parse(body) as { type?: string }).type;
      } catch {
        // not JSON: shown as it came
      }
      received.push({
        seq: ++seq,
        receivedAt: new Date().toISOString(),
        path,
        webhookId: h.id,
        timestamp: h.ts,
        signature: h.sig,
        body,
        verified: verify(body, h),
        ...(type ? { type } : {}),
      });
      if (received.length > KEEP) received.splice(0, received.length - KEEP);
      res.writeHead(204).end();
      return true;
    }
    if (path === '/dev/webhooks/secrets') {
      if (req.method !== 'POST') return (sendMethodNotAllowed(res, ['POST']), true);
      let secret: unknown;
      try {
        secret = (JSON.parse((await readBody(req, 4096)).toString('utf8')) as { secret?: unknown }).secret;
      } catch {
        secret = undefined;
      }
      if (typeof secret !== 'string' || !/^whsec_[A-Za-z0-9+/=]+$/.test(secret))
        return (sendJson(res, 400, { code: 'bad_request', detail: 'Send {"secret": "whsec_…"}.' }), true);
      secrets.add(secret);
      res.writeHead(204).end();
      return true;
    }
    if (path === '/dev/webhooks/messages') {
      if (req.method === 'GET') sendJson(res, 200, received, { 'cache-control': 'no-store' });
      else if (req.method === 'DELETE') {
        received.length = 0;
        res.writeHead(204).end();
      } else sendMethodNotAllowed(res, ['GET', 'DELETE']);
      return true;
    }
    if (path === '/dev/webhooks') {
      if (req.method !== 'GET') return (sendMethodNotAllowed(res, ['GET']), true);
      sendHtml(res, 200, renderPage(received), {
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      return true;
    }
    return false;
  }

  return { handle, received: () => [...received] };
}

function renderPage(items: readonly ReceivedWebhook[]): string {
  const rows = [...items]
    .reverse()
    .map((m) => {
      let pretty = m.body;
      try {
        pretty = JSON.stringify(JSON.parse(m.body), null, 2);
      } catch {
        // as it came
      }
      const mark = m.verified
        ? '<span class="ok">✔ signature verified</span>'
        : '<span class="bad">✘ not verified (no known secret matches)</span>';
      return `<article><h3>${esc(m.type ?? '(no type)')} ${mark}</h3><p>${esc(m.receivedAt)} · ${esc(m.path)} · webhook-id ${esc(m.webhookId ?? '—')}</p><pre>${esc(pretty)}</pre></article>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dev webhook receiver</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}article{border:1px solid #ccc;border-radius:6px;padding:0 1rem;margin:1rem 0}.ok{color:#0a7a2f}.bad{color:#b00020}pre{background:#f6f6f6;padding:.5rem;overflow:auto}</style></head>
<body><h1>Dev webhook receiver</h1>
<p>Subscribe <code>/dev/webhooks/receive</code> on this server (POST /api/webhooks {"url": …}), then POST <code>/dev/webhooks/secrets</code> {"secret": "whsec_…"} with the secret the 201 showed, so arrivals can be verified. ${items.length} received.</p>
${rows || '<p>Nothing yet.</p>'}
</body></html>`;
}
