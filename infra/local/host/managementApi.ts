import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { DurableEngine, InstanceAlreadyRunningError, SignalOutcome, UnknownFunctionError } from '../durable/engine';
import { EventType, eventTypeName } from '../durable/history';
import { InstanceDoc, RuntimeStatus, isFinished } from '../durable/instance';

const statuses: RuntimeStatus[] = [
  'Pending',
  'Running',
  'Completed',
  'ContinuedAsNew',
  'Failed',
  'Canceled',
  'Terminated',
  'Suspended',
];

/**
 * The Durable extension's HTTP management API (HttpApiHandler.cs), which DurableClient calls and
 * createCheckStatusResponse links to. Mounted at /durabletask/ and /runtime/webhooks/durabletask/.
 */
export async function handleManagement(
  req: IncomingMessage,
  res: ServerResponse,
  relative: string,
  body: string,
  engine: DurableEngine,
  links: (id: string) => Record<string, string>,
): Promise<void> {
  const url = new URL(relative, 'http://x/');
  const parts = url.pathname.split('/').filter(Boolean).map(safeDecode);
  const q = url.searchParams;
  const method = req.method ?? 'GET';
  const send = (status: number, payload?: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(payload === undefined ? '' : JSON.stringify(payload));
  };
  const signal = (outcome: SignalOutcome, id: string): void => {
    if (outcome === 'accepted') send(202);
    else if (outcome === 'finished') send(410, { Message: `The instance ${id} has already completed.` });
    else send(404, { Message: `No instance with ID '${id}' was found.` });
  };

  if (parts[0] === 'orchestrators' && parts[1] && parts.length <= 3) {
    if (method !== 'POST') return send(405, { Message: 'Use POST to start an orchestration.' });
    const id = parts[2] ?? randomUUID().replace(/-/g, '');
    const invalid = invalidInstanceId(id);
    if (invalid) return send(400, { Message: invalid });
    try {
      await engine.startNew(parts[1], id, body.trim() === '' ? null : body);
    } catch (err) {
      if (err instanceof UnknownFunctionError) return send(400, { Message: err.message });
      if (err instanceof InstanceAlreadyRunningError) return send(500, { Message: err.message });
      throw err;
    }
    const l = links(id);
    return send(202, { id, ...l }, { Location: l.statusQueryGetUri as string });
  }

  if (parts[0] !== 'instances') return send(404, { Message: `Unknown management route ${url.pathname}` });
  const id = parts[1];
  if (id === undefined) {
    if (method === 'GET') {
      const filter = listFilter(q);
      if (typeof filter === 'string') return send(400, { Message: filter });
      const page = await engine.list({ ...filter, continuationToken: header(req, 'x-ms-continuation-token') });
      return send(
        200,
        page.docs.map((d) => statusPayload(d, q.get('showInput') !== 'false', false, false)),
        page.continuationToken ? { 'x-ms-continuation-token': page.continuationToken } : {},
      );
    }
    if (method === 'DELETE') {
      if (!q.get('createdTimeFrom')) return send(400, { Message: 'createdTimeFrom is required to purge by filter.' });
      const filter = listFilter(q);
      if (typeof filter === 'string') return send(400, { Message: filter });
      const n = await engine.purgeWhere(filter);
      return n === 0 ? send(404, { Message: 'No instances matched.' }) : send(200, { instancesDeleted: n });
    }
    return send(405, { Message: `${method} is not supported here.` });
  }
  const invalid = invalidInstanceId(id);
  if (invalid) return send(400, { Message: invalid });
  const op = parts[2];
  if (op === undefined && method === 'GET') {
    const doc = await engine.getStatus(id);
    if (!doc) return send(404, { Message: `No instance with ID '${id}' was found.` });
    const payload = statusPayload(
      doc,
      q.get('showInput') !== 'false',
      q.get('showHistory') === 'true',
      q.get('showHistoryOutput') === 'true',
    );
    if (isFinished(doc.runtimeStatus)) return send(200, payload);
    const l = links(id);
    return send(202, payload, { Location: l.statusQueryGetUri as string, 'Retry-After': '5' });
  }
  if (op === undefined && method === 'DELETE') {
    return (await engine.purge(id))
      ? send(200, { instancesDeleted: 1 })
      : send(404, { Message: `No instance with ID '${id}' was found.` });
  }
  if (method !== 'POST') return send(405, { Message: `${method} is not supported here.` });
  const reason = q.get('reason') ?? '';
  if (op === 'raiseEvent' && parts[3]) {
    const type = header(req, 'content-type') ?? '';
    if (body.trim() !== '' && !/json/i.test(type))
      return send(400, { Message: 'Event data must be JSON (Content-Type: application/json).' });
    if (body.trim() !== '' && !isJson(body)) return send(400, { Message: 'Event data is not valid JSON.' });
    return signal(await engine.raiseEvent(id, parts[3], body.trim() === '' ? null : body), id);
  }
  if (op === 'terminate') return signal(await engine.terminate(id, reason), id);
  if (op === 'suspend') return signal(await engine.suspend(id, reason), id);
  if (op === 'resume') return signal(await engine.resume(id, reason), id);
  if (op === 'rewind' || op === 'restart')
    return send(501, { Message: `${op} is not supported by the local durable backend.` });
  return send(404, { Message: `Unknown operation ${op ?? ''}` });
}

/** DurableClient.cs instance id rules. */
export function invalidInstanceId(id: string): string | undefined {
  if (id.length === 0) return 'Instance ID must not be empty.';
  if (id.length > 256) return 'Instance ID must not exceed 256 characters.';
  if (id.startsWith('@')) return "Instance ID must not start with '@'.";
  if (/[/\\?#]/.test(id)) return "Instance ID must not contain '/', '\\', '?' or '#'.";
  // oxlint-disable-next-line no-control-regex -- the rule is exactly about control characters
  if (/[\u0000-\u001f\u007f-\u009f]/.test(id)) return 'Instance ID must not contain control characters.';
  return undefined;
}

function listFilter(q: URLSearchParams): Parameters<DurableEngine['list']>[0] | string {
  const runtimeStatus = (q.get('runtimeStatus') ?? '').split(',').filter(Boolean);
  const unknown = runtimeStatus.find((s) => !statuses.includes(s as RuntimeStatus));
  if (unknown) return `Unknown runtimeStatus '${unknown}'.`;
  const top = q.get('top');
  if (top !== null && !/^\d+$/.test(top)) return 'top must be a positive integer.';
  for (const key of ['createdTimeFrom', 'createdTimeTo']) {
    const v = q.get(key);
    if (v && Number.isNaN(Date.parse(v))) return `${key} is not a date.`;
  }
  const iso = (k: string) => (q.get(k) ? new Date(q.get(k) as string).toISOString() : undefined);
  return {
    createdTimeFrom: iso('createdTimeFrom'),
    createdTimeTo: iso('createdTimeTo'),
    runtimeStatus: runtimeStatus as RuntimeStatus[],
    instanceIdPrefix: q.get('instanceIdPrefix') ?? undefined,
    top: top ? Number(top) : 100,
  };
}

/** StatusResponsePayload.cs: input/output always present; history merged and stringly typed. */
export function statusPayload(
  d: InstanceDoc,
  showInput: boolean,
  showHistory: boolean,
  showHistoryOutput: boolean,
): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    name: d.name,
    instanceId: d.id,
    runtimeStatus: d.runtimeStatus,
    input: showInput && d.input !== null ? JSON.parse(d.input) : null,
    customStatus: d.customStatus ?? null,
    output: d.output ?? null,
    createdTime: d.createdTime.replace(/\.\d{3}Z$/, 'Z'),
    lastUpdatedTime: d.lastUpdatedTime.replace(/\.\d{3}Z$/, 'Z'),
  };
  if (showHistory) {
    const scheduled = new Map(
      d.history
        .filter(
          (e) => e.EventType === EventType.TaskScheduled || e.EventType === EventType.SubOrchestrationInstanceCreated,
        )
        .map((e) => [e.EventId, e]),
    );
    payload.historyEvents = d.history
      .filter(
        (e) =>
          ![
            EventType.OrchestratorStarted,
            EventType.OrchestratorCompleted,
            EventType.TaskScheduled,
            EventType.SubOrchestrationInstanceCreated,
          ].includes(e.EventType as 12),
      )
      .map((e) => {
        const from = e.TaskScheduledId !== undefined ? scheduled.get(e.TaskScheduledId) : undefined;
        const out: Record<string, unknown> = { EventType: eventTypeName[e.EventType], Timestamp: e.Timestamp };
        if (from) Object.assign(out, { FunctionName: from.Name, ScheduledTime: from.Timestamp });
        if (e.Name) out.Name = e.Name;
        if (e.FireAt) out.FireAt = e.FireAt;
        if (e.Reason) out.Reason = e.Reason;
        if (showHistoryOutput && e.Result !== undefined) out.Result = e.Result === null ? null : tryParse(e.Result);
        if (showInput && e.EventType === EventType.ExecutionStarted)
          out.Input = e.Input === null || e.Input === undefined ? null : tryParse(e.Input);
        return out;
      });
  }
  return payload;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v || undefined;
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

function tryParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
