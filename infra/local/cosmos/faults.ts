import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { z } from 'zod';
import { prng as generator } from '../prng';

/** The document operations a rule can name, as the SDK sends them (see `operationOf`). */
export const cosmosOperations = ['read', 'query', 'create', 'replace', 'upsert', 'patch', 'delete', 'batch'] as const;
export type CosmosOperation = (typeof cosmosOperations)[number];

/**
 * What Azure does to a request: throttle it (429 with x-ms-retry-after-ms), time it out (408),
 * fail over (503), drop the connection before the request is applied (`reset`), or apply it and
 * drop the connection before the response leaves (`appliedButLost`: the write is committed, the
 * client sees a reset and cannot tell it from `reset`).
 */
export const cosmosFaultKinds = ['429', '408', '503', 'reset', 'appliedButLost'] as const;
export type CosmosFaultKind = (typeof cosmosFaultKinds)[number];

export const cosmosFaultRuleSchema = z.object({
  fault: z.enum(cosmosFaultKinds),
  /** Container ids; absent = every container (the durable engine's too). */
  containers: z.array(z.string().min(1)).min(1).optional(),
  /** Operation kinds; absent = every document operation. */
  operations: z.array(z.enum(cosmosOperations)).min(1).optional(),
  /** Chance that a matching request fails (drawn from the seeded generator); default 1. */
  probability: z.number().min(0).max(1).optional(),
  /** Fail at most this many matching requests, then the rule is spent; absent = no limit. */
  count: z.number().int().min(1).max(1_000_000).optional(),
  /** The 429's x-ms-retry-after-ms (default 10). */
  retryAfterMs: z.number().int().min(0).max(60_000).optional(),
});
export type CosmosFaultRule = z.infer<typeof cosmosFaultRuleSchema>;

export const cosmosFaultPlanSchema = z.object({
  rules: z.array(cosmosFaultRuleSchema).max(100),
  /** Seed of the generator the probabilities draw from (default 1): a plan replays with it. */
  seed: z.number().int().optional(),
});
export type CosmosFaultPlan = z.infer<typeof cosmosFaultPlanSchema>;

/** One request that met a rule. */
export interface InjectedCosmosFault {
  fault: CosmosFaultKind;
  container: string;
  operation: CosmosOperation;
}

/** The programmatic handle: the same plan `POST /dev/cosmos/faults` takes. Off until a plan is set. */
export interface CosmosFaults {
  /** Replaces the whole plan (a test states all of it); throws on an invalid plan. */
  set(plan: CosmosFaultPlan): void;
  clear(): void;
  /** Requests failed so far (since the server started or `resetCounts`), by kind. */
  counts(): Record<CosmosFaultKind, number>;
  /** The most recent injections, oldest first (at most 1,000 kept). */
  log(): InjectedCosmosFault[];
  resetCounts(): void;
  /** The rule a request meets, if any (consumes one of its `count`). */
  match(container: string, operation: CosmosOperation): CosmosFaultRule | undefined;
}

const zeroCounts = (): Record<CosmosFaultKind, number> => ({
  '429': 0,
  '408': 0,
  '503': 0,
  reset: 0,
  appliedButLost: 0,
});

export function createCosmosFaults(): CosmosFaults {
  let rules: Array<{ rule: CosmosFaultRule; left: number }> = [];
  let rnd = generator(1);
  let counts = zeroCounts();
  let recent: InjectedCosmosFault[] = [];
  return {
    set(plan) {
      const parsed = cosmosFaultPlanSchema.parse(plan);
      rules = parsed.rules.map((rule) => ({ rule, left: rule.count ?? Infinity }));
      rnd = generator(parsed.seed ?? 1);
    },
    clear() {
      rules = [];
    },
    counts: () => ({ ...counts }),
    log: () => [...recent],
    resetCounts() {
      counts = zeroCounts();
      recent = [];
    },
    match(container, operation) {
      for (const r of rules) {
        if (r.left <= 0) continue;
        if (r.rule.containers && !r.rule.containers.includes(container)) continue;
        if (r.rule.operations && !r.rule.operations.includes(operation)) continue;
        if (r.rule.probability !== undefined && rnd() >= r.rule.probability) continue;
        r.left -= 1;
        counts[r.rule.fault] += 1;
        recent.push({ fault: r.rule.fault, container, operation });
        if (recent.length > 1000) recent = recent.slice(-1000);
        return r.rule;
      }
      return undefined;
    },
  };
}

/**
 * The document operation of a request as @azure/cosmos 4.x sends it, or undefined for anything
 * else (databases, containers, partition key ranges: never faulted, so setup stays reliable).
 */
export function operationOf(req: IncomingMessage): { container: string; operation: CosmosOperation } | undefined {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const m = /^\/dbs\/[^/]+\/colls\/([^/]+)\/docs(?:\/([^/]+))?\/?$/.exec(path);
  if (!m) return undefined;
  const container = decodeURIComponent(m[1] as string);
  const h = req.headers;
  if (!m[2]) {
    if (req.method !== 'POST') return undefined;
    if (h['x-ms-documentdb-isquery'] || h['x-ms-cosmos-is-query-plan-request'])
      return { container, operation: 'query' };
    if (h['x-ms-cosmos-is-batch-request']) return { container, operation: 'batch' };
    if (String(h['x-ms-documentdb-is-upsert']).toLowerCase() === 'true') return { container, operation: 'upsert' };
    return { container, operation: 'create' };
  }
  const byMethod: Record<string, CosmosOperation> = { GET: 'read', PUT: 'replace', PATCH: 'patch', DELETE: 'delete' };
  const operation = byMethod[req.method ?? ''];
  return operation ? { container, operation } : undefined;
}

const errorBodies: Record<'429' | '408' | '503', { status: number; code: string; message: string; substatus: string }> =
  {
    '429': {
      status: 429,
      code: 'TooManyRequests',
      message: 'Request rate is large. More Request Units may be needed, so no changes were made. (injected)',
      substatus: '3200',
    },
    '408': { status: 408, code: 'RequestTimeout', message: 'Request timed out. (injected)', substatus: '0' },
    '503': {
      status: 503,
      code: 'ServiceUnavailable',
      message: 'Service is currently unavailable. (injected)',
      substatus: '0',
    },
  };

/**
 * Puts `faults` in front of the server's request handling: a request that meets a rule is failed
 * as the rule says, every other one goes on as before. Also serves the plan at `/dev/cosmos/faults`
 * (POST a plan, GET the counts, DELETE to switch off), on the Cosmos port, loopback only.
 */
export function injectCosmosFaults(server: Server, faults: CosmosFaults): void {
  const [original] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  if (!original) throw new Error('injectCosmosFaults: the server has no request listener');
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if ((req.url ?? '').split('?')[0] === '/dev/cosmos/faults') return void handleFaultRoute(req, res, faults);
    const op = operationOf(req);
    const rule = op && faults.match(op.container, op.operation);
    if (!rule) return original.call(server, req, res);
    if (rule.fault === 'reset') {
      // Drain nothing, answer nothing: the client sees its connection drop (ECONNRESET).
      req.socket.destroy();
      return;
    }
    if (rule.fault === 'appliedButLost') {
      // The request is carried out in full; its response never leaves.
      res.writeHead = (() => res) as typeof res.writeHead;
      res.write = (() => true) as typeof res.write;
      res.end = (() => {
        req.socket.destroy();
        return res;
      }) as typeof res.end;
      return original.call(server, req, res);
    }
    const e = errorBodies[rule.fault];
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-ms-substatus': e.substatus,
      'x-ms-activity-id': '00000000-0000-0000-0000-000000000000',
    };
    if (rule.fault === '429') headers['x-ms-retry-after-ms'] = String(rule.retryAfterMs ?? 10);
    // The body is drained first, so the keep-alive connection stays usable.
    req.resume();
    req.on('end', () => res.writeHead(e.status, headers).end(JSON.stringify({ code: e.code, message: e.message })));
  });
}

/** `POST /dev/cosmos/faults` {rules, seed?} → the plan; `GET` → counts; `DELETE` → off. */
export async function handleFaultRoute(req: IncomingMessage, res: ServerResponse, faults: CosmosFaults): Promise<void> {
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };
  if (req.method === 'GET') return send(200, { counts: faults.counts(), recent: faults.log().slice(-50) });
  if (req.method === 'DELETE') {
    faults.clear();
    return send(200, { counts: faults.counts() });
  }
  if (req.method !== 'POST') return send(405, { code: 'method_not_allowed', detail: 'GET, POST or DELETE' });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 64 * 1024) return send(413, { code: 'payload_too_large', detail: 'A fault plan is a few rules.' });
    chunks.push(c as Buffer);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return send(400, { code: 'bad_request', detail: 'The body is not JSON.' });
  }
  const plan = cosmosFaultPlanSchema.safeParse(json);
  if (!plan.success)
    return send(400, {
      code: 'bad_request',
      detail: plan.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
    });
  faults.set(plan.data);
  send(200, { rules: plan.data.rules.length, counts: faults.counts() });
}
