// A counting HTTPS proxy in front of the Cosmos-protocol server: the app's COSMOS_ENDPOINT points
// here, every request is classified by the Cosmos REST API's shape and forwarded unchanged.
//   POST …/docs            create (upsert with x-ms-documentdb-is-upsert), or a query with
//                          x-ms-documentdb-isquery (a query plan with x-ms-cosmos-is-query-plan-request)
//   GET  …/docs/{id}       point read;  GET …/docs = read feed
//   PUT  …/docs/{id}       replace;     DELETE = delete;  PATCH = patch
// A query without x-ms-documentdb-partitionkey is cross-partition (and so is one that sets
// x-ms-documentdb-query-enablecrosspartition without a key). Anything else is metadata.
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export type CosmosOp =
  | 'pointRead'
  | 'create'
  | 'upsert'
  | 'replace'
  | 'delete'
  | 'patch'
  | 'batch'
  | 'query'
  | 'crossPartitionQuery'
  | 'queryPlan'
  | 'readFeed'
  | 'metadata';

/** Counts by container, then by operation. */
export type CosmosCounts = Record<string, Partial<Record<CosmosOp, number>>>;

export interface CosmosCounter {
  endpoint: string;
  counts(): CosmosCounts;
  reset(): void;
  close(): Promise<void>;
}

function classify(
  method: string,
  url: string,
  h: Record<string, string | string[] | undefined>,
): { container: string; op: CosmosOp } {
  const m = /^\/dbs\/[^/]+\/colls\/([^/]+)\/docs(\/[^/?]+)?\/?(?:\?.*)?$/.exec(url);
  if (!m) return { container: '(account)', op: 'metadata' };
  const container = decodeURIComponent(m[1] as string);
  const one = m[2] !== undefined;
  const flag = (name: string) => String(h[name] ?? '').toLowerCase() === 'true';
  if (method === 'POST' && !one) {
    if (flag('x-ms-cosmos-is-query-plan-request')) return { container, op: 'queryPlan' };
    if (flag('x-ms-documentdb-isquery') || String(h['content-type'] ?? '').startsWith('application/query+json')) {
      return { container, op: h['x-ms-documentdb-partitionkey'] === undefined ? 'crossPartitionQuery' : 'query' };
    }
    if (flag('x-ms-cosmos-is-batch-request')) return { container, op: 'batch' };
    return { container, op: flag('x-ms-documentdb-is-upsert') ? 'upsert' : 'create' };
  }
  if (method === 'GET') return { container, op: one ? 'pointRead' : 'readFeed' };
  if (method === 'PUT') return { container, op: 'replace' };
  if (method === 'DELETE') return { container, op: 'delete' };
  if (method === 'PATCH') return { container, op: 'patch' };
  return { container, op: 'metadata' };
}

/** Starts the proxy on a free port, TLS with the local server's own localhost certificate. */
export async function startCosmosCounter(o: {
  upstream: string;
  key: string;
  cert: string;
  ca: string;
}): Promise<CosmosCounter> {
  const upstream = new URL(o.upstream);
  const agent = new https.Agent({ ca: o.ca, keepAlive: true, maxSockets: 256 });
  let counts: CosmosCounts = {};
  const server = https.createServer({ key: o.key, cert: o.cert, keepAlive: true }, (req, res) => {
    const { container, op } = classify(req.method ?? 'GET', req.url ?? '/', req.headers);
    const c = (counts[container] ??= {});
    c[op] = (c[op] ?? 0) + 1;
    const up = https.request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
        agent,
      },
      (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `https://localhost:${(server.address() as AddressInfo).port}/`,
    counts: () => structuredClone(counts),
    reset: () => void (counts = {}),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

/** b − a, per container and operation (zeros dropped). */
export function diffCounts(a: CosmosCounts, b: CosmosCounts): CosmosCounts {
  const out: CosmosCounts = {};
  for (const [container, ops] of Object.entries(b)) {
    for (const [op, n] of Object.entries(ops) as Array<[CosmosOp, number]>) {
      const d = n - (a[container]?.[op] ?? 0);
      if (d !== 0) (out[container] ??= {})[op] = d;
    }
  }
  return out;
}
