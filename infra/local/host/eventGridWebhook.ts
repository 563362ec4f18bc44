import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './httpFunctions';
import { Invoker, RpcTypedData } from './invoker';
import { FunctionIndex } from './registry';

/** Where Core Tools and the Functions host take Event Grid deliveries (case-insensitive, as there). */
export const EVENT_GRID_WEBHOOK_PATH = '/runtime/webhooks/eventgrid';

/**
 * Serves Event Grid triggers as the Functions host's Event Grid extension does at
 * `POST /runtime/webhooks/eventgrid?functionName=<name>` (Learn, functions-bindings-event-grid
 * "local testing"; Microsoft.Azure.WebJobs.Extensions.EventGrid's HttpRequestProcessor), on the
 * `aeg-event-type` header Event Grid sends:
 * - `SubscriptionValidation`: answers 200 `{"validationResponse": <data.validationCode>}`, the
 *   handshake that proves the endpoint to a new subscription; the function is not invoked.
 * - `Notification`: invokes the function once per event of the body (an array in the Event Grid
 *   schema, or one event), and answers 202 when every invocation succeeded, 500 when one failed,
 *   which Event Grid retries.
 * - `Unsubscribe`: 202. Anything else: 400. An unknown function, or one without an
 *   eventGridTrigger: 404. No key is checked: the host listens on loopback (Azure requires the
 *   `eventgrid_extension` system key, or an `azurefunction` endpoint).
 */
export async function handleEventGrid(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  index: FunctionIndex,
  invoker: Invoker,
  track: <T>(p: Promise<T>) => Promise<T>,
  log: (m: string) => void,
): Promise<void> {
  const send = (status: number, body?: unknown): void => {
    if (body === undefined) res.writeHead(status).end();
    else res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };
  if ((req.method ?? '').toUpperCase() !== 'POST') {
    res.writeHead(405, { allow: 'POST' }).end();
    return;
  }
  const name = url.searchParams.get('functionName') ?? '';
  const fn = name ? index.get(name, 'eventGridTrigger') : undefined;
  if (!fn) return send(404, { error: `No function with an Event Grid trigger is named "${name}".` });
  const kind = String(req.headers['aeg-event-type'] ?? '');
  const body = (await readBody(req)).toString('utf8');
  let events: unknown[];
  try {
    const parsed: unknown = JSON.parse(body || 'null');
    events = Array.isArray(parsed) ? parsed : parsed && typeof parsed === 'object' ? [parsed] : [];
  } catch {
    return send(400, { error: 'The body is not JSON.' });
  }
  if (kind === 'SubscriptionValidation') {
    const code = (events[0] as { data?: { validationCode?: unknown } } | undefined)?.data?.validationCode;
    if (typeof code !== 'string' || code === '')
      return send(400, { error: 'A validation event carries data.validationCode.' });
    return send(200, { validationResponse: code });
  }
  if (kind === 'Unsubscribe') return send(202);
  if (kind !== 'Notification') return send(400, { error: "Header 'aeg-event-type' is not recognized." });
  if (events.length === 0) return send(400, { error: 'A notification carries at least one event.' });

  const [triggerName] = Object.entries(fn.metadata.bindings).find(([, b]) => b.type === 'eventGridTrigger') ?? [
    'eventGridEvent',
  ];
  let failed = 0;
  for (const event of events) {
    const inputData: Array<{ name: string; data: RpcTypedData }> = [
      { name: triggerName, data: { json: JSON.stringify(event) } },
    ];
    try {
      const r = await track(invoker.invoke(fn, { inputData }));
      if (r.error !== undefined) {
        failed++;
        log(`[host] Event Grid function "${fn.metadata.name}" failed: ${(r.error as Error)?.message ?? r.error}`);
      }
    } catch (err) {
      failed++;
      log(`[host] Event Grid function "${fn.metadata.name}" failed: ${(err as Error).message}`);
    }
  }
  send(failed === 0 ? 202 : 500);
}
