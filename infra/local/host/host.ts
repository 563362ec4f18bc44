import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { createCosmosClient, CosmosConnection } from '../../../shared/store/cosmosClient';
import { containers } from '../../../shared/store/containers';
import { ensureContainers } from '../../../shared/store/ensureContainers';
import { Clock } from '../durable/clock';
import { CosmosInstanceStore } from '../durable/cosmosStore';
import { DurableEngine } from '../durable/engine';
import { InstanceStore } from '../durable/instance';
import { durableClientData } from './clientData';
import { CoreApi, installCoreApi } from './coreApi';
import { FunctionsDurableRunner } from './durableRunner';
import { httpRoutes, invokeHttp, readBody } from './httpFunctions';
import { Invoker } from './invoker';
import { loadApp } from './loadApp';
import { EVENT_GRID_WEBHOOK_PATH, handleEventGrid } from './eventGridWebhook';
import { handleManagement } from './managementApi';
import { proxyTo } from './proxy';
import { FunctionIndex } from './registry';
import { resolveSettings, startTimerTriggers } from './timerTriggers';

export interface HostOptions {
  appDir: string;
  port: number;
  /**
   * The interface to listen on: loopback unless HOST says otherwise, since /dev/* mints tokens and
   * shows every invitation link without authentication.
   */
  host?: string;
  /** Durable state: Cosmos (any endpoint) or an injected store. */
  cosmos?: CosmosConnection & { database: string };
  store?: InstanceStore;
  /** Lets tests and the CLI skip time (POST /dev/time/advance). */
  virtualTime?: boolean;
  /**
   * With virtual time: the instant the clock starts at (default: now). A host restarted on the
   * same store after a skip starts where its predecessor had got to, as wall time would have.
   */
  virtualTimeStart?: number;
  /** Where /dev/* (inbox, token issuer) is served from, on this same origin. */
  devUpstream?: string;
  log?: (line: string) => void;
}

export interface RunningHost {
  url: string;
  port: number;
  engine: DurableEngine;
  clock: Clock;
  close(): Promise<void>;
}

const coreApi = new CoreApi((level, category, message) => {
  if (level === 'error' || level === 'critical' || (category === 'system' && level === 'warning'))
    console.error(`[${category}] ${message}`);
});
let installed = false;

/**
 * The embedded Functions host: loads an unchanged Node v4 programming-model app, serves its HTTP
 * functions, runs its timers, and runs its orchestrations and activities on the durable backend.
 */
export async function startHost(o: HostOptions): Promise<RunningHost> {
  const log = o.log ?? ((line: string) => console.log(line));
  if (installed) throw new Error('One host per process: @azure/functions caches the core module it finds');
  installed = true;
  process.env.NO_PROXY = [process.env.NO_PROXY, '127.0.0.1', 'localhost'].filter(Boolean).join(',');
  installCoreApi(coreApi);
  const app = await loadApp(path.resolve(o.appDir), coreApi);
  const index = new FunctionIndex(coreApi);
  for (const fn of index.all()) {
    for (const [name, b] of Object.entries(fn.metadata.bindings)) {
      const known =
        /^(httpTrigger|timerTrigger|eventGridTrigger|orchestrationTrigger|activityTrigger|entityTrigger|durableClient|orchestrationClient|http)$/.test(
          b.type,
        );
      if (!known)
        log(
          `[host] function "${fn.metadata.name}": binding "${name}" of type "${b.type}" is not emulated locally and is ignored`,
        );
    }
  }
  const hub = resolveSettings(app.hostJson.extensions?.durableTask?.hubName ?? 'TestHubName', {
    ...process.env,
    DURABLE_TASK_HUB_NAME: process.env.DURABLE_TASK_HUB_NAME ?? 'TestHubName',
  });
  if (o.virtualTimeStart !== undefined && !o.virtualTime)
    throw new Error('A start instant for the clock needs virtual time');
  const clock = new Clock(o.virtualTime ?? false, o.virtualTimeStart);
  // The app's send limits count in this clock's time (shared/appClock.ts), so skipping time gives
  // quota back as real time would.
  if (o.virtualTime)
    (globalThis as Record<symbol, unknown>)[Symbol.for('reseller-connect.appClock')] = () => clock.now();
  let store = o.store;
  if (!store) {
    if (!o.cosmos) throw new Error('The durable backend needs a Cosmos connection (or an injected store)');
    const database = await ensureContainers(createCosmosClient(o.cosmos), o.cosmos.database);
    store = new CosmosInstanceStore(database.container(containers.durableInstances.id), hub);
  }
  const userLog = (fn: string, _id: string, level: string, message: string): void =>
    log(`[${fn}] ${level === 'information' ? '' : level + ': '}${message}`);
  const invoker = new Invoker(coreApi, {}, userLog);
  const engine = new DurableEngine({
    store,
    clock,
    hub,
    runner: new FunctionsDurableRunner(index, invoker, () => clientData),
    log: (m) => log(m),
  });

  const routePrefix = app.hostJson.extensions?.http?.routePrefix ?? 'api';
  const routes = httpRoutes(index.all(), routePrefix);
  const hostInflight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    hostInflight.add(p);
    void p.finally(() => hostInflight.delete(p)).catch(() => undefined);
    return p;
  };
  const settle = async (): Promise<void> => {
    do {
      await Promise.allSettled(hostInflight);
      await engine.idle();
    } while (hostInflight.size > 0);
  };

  let baseUrl = '';
  let clientData = '';
  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      log(`[host] ${req.method} ${req.url?.split('?')[0]} failed: ${(err as Error)?.stack ?? err}`);
      if (!res.headersSent) res.writeHead((err as { status?: number }).status === 413 ? 413 : 500);
      res.end();
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathname = url.pathname;
    if (pathname.startsWith('/dev/time')) return timeApi(req, res, clock, settle);
    if (pathname.startsWith('/dev/') || pathname === '/dev') {
      if (o.devUpstream) return proxyTo(o.devUpstream, req, res);
      res.writeHead(404).end();
      return;
    }
    if (pathname.toLowerCase() === EVENT_GRID_WEBHOOK_PATH)
      return handleEventGrid(req, res, url, index, invoker, track, log);
    for (const base of ['/runtime/webhooks/durabletask/', '/durabletask/']) {
      if (pathname.startsWith(base)) {
        const body = (await readBody(req)).toString('utf8');
        const relative = (req.url ?? '').slice(base.length);
        return handleManagement(req, res, relative, body, engine, (id) => linksFor(clientData, id));
      }
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const candidates = routes
      .map((r) => ({ r, params: r.route.match(pathname) }))
      .filter((c) => c.params !== undefined);
    const hit = candidates.find((c) => c.r.methods.length === 0 || c.r.methods.includes(method));
    if (!hit) {
      res.writeHead(candidates.length > 0 ? 405 : 404).end();
      return;
    }
    const body = await readBody(req);
    const reply = await track(
      invokeHttp(
        invoker,
        hit.r,
        hit.params as Record<string, string>,
        req,
        `http://${req.headers.host ?? `localhost:${port}`}${req.url}`,
        body,
        clientData,
      ),
    );
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? process.env.HOST ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://localhost:${port}`;
  process.env.WEBSITE_HOSTNAME = `localhost:${port}`;
  clientData = JSON.stringify(durableClientData(baseUrl, hub));

  await coreApi.runHooks('appStart', { hookData: {}, appHookData: {}, functionAppDirectory: app.appDir });
  const recovered = await engine.start();
  const timers = startTimerTriggers(
    index.ofTrigger('timerTrigger'),
    clock,
    invoker,
    clientData,
    (m) => log(`[host] ${m}`),
    track,
  );
  log(
    `[host] ${index.all().length} functions loaded from ${app.appDir}; ${routes.length} HTTP routes under /${routePrefix}; ${recovered} durable instances recovered; listening on ${baseUrl}`,
  );
  for (const r of routes)
    log(`[host]   ${r.fn.metadata.name}: [${r.methods.join(',')}] ${baseUrl}/${r.route.template}`);

  return {
    url: baseUrl,
    port,
    engine,
    clock,
    close: async () => {
      timers.stop();
      engine.stop();
      clock.stop();
      await coreApi.runHooks('appTerminate', { hookData: {}, appHookData: {} });
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function linksFor(clientData: string, id: string): Record<string, string> {
  const urls = (JSON.parse(clientData) as { managementUrls: Record<string, string> }).managementUrls;
  return Object.fromEntries(
    Object.entries(urls)
      .filter(([k]) => k !== 'id')
      .map(([k, v]) => [k, v.replace('INSTANCEID', encodeURIComponent(id))]),
  );
}

/** Virtual time control: GET reports the clock; POST /dev/time/advance {ms} skips time. */
async function timeApi(
  req: IncomingMessage,
  res: ServerResponse,
  clock: Clock,
  settle: () => Promise<void>,
): Promise<void> {
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  if (req.method === 'GET')
    return send(200, {
      now: new Date(clock.now()).toISOString(),
      virtual: clock.skippable,
      pendingTimers: clock.pending(),
    });
  if (req.method === 'POST' && req.url?.startsWith('/dev/time/settle')) {
    await settle();
    return send(200, { now: new Date(clock.now()).toISOString() });
  }
  if (req.method !== 'POST' || !req.url?.startsWith('/dev/time/advance')) return send(404, { code: 'not_found' });
  if (!clock.skippable)
    return send(409, { code: 'virtual_time_off', detail: 'Start the host with --virtual-time to skip time.' });
  const body = (await readBody(req, 4096)).toString('utf8');
  let ms: unknown;
  try {
    ms = (JSON.parse(body || '{}') as { ms?: unknown }).ms;
  } catch {
    return send(400, { code: 'bad_request', detail: 'Body must be JSON {"ms": <milliseconds>}' });
  }
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
    return send(400, { code: 'bad_request', detail: 'ms must be a non-negative number' });
  const r = await clock.advance(ms, settle);
  return send(200, { now: new Date(r.now).toISOString(), fired: r.fired });
}
