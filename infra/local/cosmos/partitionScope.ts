import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/**
 * The package's server ignores the partition key of a query (x-ms-documentdb-partitionkey) and
 * answers from every partition, where Cosmos answers from that one partition only. Locally that
 * would show one tenant another's documents. This adds the partition predicate to such queries;
 * it learns each container's partition key path when the container is created (the server keeps
 * everything in memory, so every container is created through it).
 */
export function scopeQueriesToPartition(server: Server): void {
  const [original] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  if (!original) throw new Error('scopeQueriesToPartition: the server has no request listener');
  server.removeAllListeners('request');
  const pkPaths = new Map<string, string>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const created = req.method === 'POST' && /^\/dbs\/([^/]+)\/colls\/?$/.exec(path);
    const queried =
      req.method === 'POST' &&
      req.headers['x-ms-documentdb-isquery'] &&
      req.headers['x-ms-documentdb-partitionkey'] &&
      /^\/dbs\/([^/]+)\/colls\/([^/]+)\/docs\/?$/.exec(path);
    if (!created && !queried) return original.call(server, req, res);
    void readAll(req).then((raw) => {
      let body = raw;
      try {
        const json = JSON.parse(raw.toString('utf8')) as {
          id?: string;
          partitionKey?: { paths?: string[] };
          query?: string;
          parameters?: unknown[];
        };
        if (created && json.id && json.partitionKey?.paths?.[0])
          pkPaths.set(`${created[1]}/${json.id}`, json.partitionKey.paths[0]);
        const pkPath = queried ? pkPaths.get(`${queried[1]}/${queried[2]}`) : undefined;
        const value = queried ? partitionValue(req.headers['x-ms-documentdb-partitionkey']) : undefined;
        if (pkPath && value !== undefined && typeof json.query === 'string') {
          const scoped = scopeQuery(json.query, pkPath);
          if (scoped)
            body = Buffer.from(
              JSON.stringify({
                ...json,
                query: scoped,
                parameters: [...(json.parameters ?? []), { name: '@__partitionKey', value }],
              }),
            );
        }
      } catch {
        // not JSON: the package answers it as it would have
      }
      original.call(server, refed(req, body), res);
    });
  });
}

/**
 * `SELECT … FROM c [WHERE p] [ORDER BY …]` → with `c.<pk> = @__partitionKey` and p; undefined when
 * the shape is not this.
 */
export function scopeQuery(query: string, pkPath: string): string | undefined {
  const m = /^\s*(SELECT\s+[\s\S]+?\s+FROM\s+)(\w+)(?:\s+WHERE\s+([\s\S]*?))?(\s+ORDER\s+BY\s+[\s\S]*?)?\s*$/i.exec(
    query,
  );
  if (!m) return undefined;
  const [, head, alias, where, orderBy] = m;
  const field = `${alias}${pkPath
    .split('/')
    .filter(Boolean)
    .map((p) => (/^[A-Za-z_]\w*$/.test(p) ? `.${p}` : `["${p}"]`))
    .join('')}`;
  return `${head}${alias} WHERE ${field} = @__partitionKey${where ? ` AND (${where})` : ''}${orderBy ?? ''}`;
}

function partitionValue(header: string | string[] | undefined): unknown {
  const raw = Array.isArray(header) ? header[0] : header;
  const parsed = JSON.parse(raw ?? 'null') as unknown;
  return Array.isArray(parsed) ? parsed[0] : parsed;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The request again, with `body` as its stream (headers, method, url and socket as they were). */
function refed(req: IncomingMessage, body: Buffer): IncomingMessage {
  const stream = Readable.from([body]) as unknown as IncomingMessage;
  return Object.assign(stream, {
    headers: { ...req.headers, 'content-length': String(body.length) },
    rawHeaders: req.rawHeaders,
    method: req.method,
    url: req.url,
    httpVersion: req.httpVersion,
    socket: req.socket,
    connection: req.socket,
  });
}
