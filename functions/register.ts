// Registration is metadata plus a loader. A cold start (the worker loading package.json "main")
// runs only this file, @azure/functions and the registration tables; a function's own module (its
// schemas, stores, SDKs, durable-functions) loads on its first invocation, through `import()`,
// which the bundle turns into a chunk of its own. Nothing here may import app code or
// durable-functions at run time (types only). Loaders import() app modules only, never a CommonJS
// package directly: esbuild gives a split CommonJS module a default export only, where Node (the
// tsc build) also gives it named exports.
import {
  app,
  input,
  trigger,
  type FunctionInput,
  type HttpHandler,
  type HttpMethod,
  type InvocationContext,
  type Timer,
} from '@azure/functions';
import type { OrchestrationHandler } from 'durable-functions';
import { withProblems } from '../shared/http/handler';

/** `load()` once; concurrent callers share the promise, and a failed load is retried by the next call. */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
}

/**
 * The durable client input binding, as `df.input.durableClient()` builds it (durable-functions
 * 3.5 lib/src/input.js); `df.getClient(context)` finds it by this type. One per function, as there.
 */
export function durableClientInput(): FunctionInput {
  return input.generic({ type: 'durableClient' });
}

/** The process's webhook publisher's module (functions/compose/processPublisher.ts), loaded on first use. */
const publisherModule = onFirstUse(async () => (await import('./compose/processPublisher.js')).processPublisher);

/**
 * Sets up this process's in-process webhook publisher from an invocation's durable client, once per
 * process, before the handler appends anything, so this instance's changes are published as they
 * are written whichever instance the publisher's timer runs on. A failure is logged, not the
 * request's: the timer's catch-up publishes what this process does not.
 */
async function setUpPublisher(context: InvocationContext): Promise<void> {
  try {
    (await publisherModule())(context);
  } catch (err) {
    context.warn(`webhook publisher not set up in this process: ${(err as Error)?.message ?? String(err)}`);
  }
}

export interface HttpRoute {
  route: string;
  methods: HttpMethod[];
  /** Adds the durable client input (the handler calls `df.getClient(context)`); sets up the webhook publisher. */
  durableClient?: boolean;
}

/** An anonymous HTTP function (the app authenticates callers itself); every throw becomes problem+json. */
export function http(
  name: string,
  { route, methods, durableClient }: HttpRoute,
  load: () => Promise<HttpHandler>,
): void {
  // Authorization's ports are installed before the first handler runs (compose/authDeps.ts), once
  // per process however many HTTP functions load.
  const handler = onFirstUse(async () => {
    const [{ installAuthDeps }, fn] = await Promise.all([import('./compose/authDeps.js'), load()]);
    installAuthDeps();
    return fn;
  });
  app.http(name, {
    route,
    methods,
    authLevel: 'anonymous',
    ...(durableClient ? { extraInputs: [durableClientInput()] } : {}),
    handler: withProblems(async (request, context) => {
      const [h] = await Promise.all([handler(), durableClient ? setUpPublisher(context) : undefined]);
      return h(request, context);
    }),
  });
}

export type TimerHandler = (timer: Timer, context: InvocationContext) => Promise<void>;

/** A timer function; `durableClient` adds the durable client input, as `df.app.client.timer` does. */
export function timer(
  name: string,
  schedule: string,
  load: () => Promise<TimerHandler>,
  options: { durableClient?: boolean } = {},
): void {
  const handler = onFirstUse(load);
  app.timer(name, {
    schedule,
    ...(options.durableClient ? { extraInputs: [durableClientInput()] } : {}),
    handler: async (t, context) => {
      const [h] = await Promise.all([handler(), options.durableClient ? setUpPublisher(context) : undefined]);
      return h(t, context);
    },
  });
}

export type ActivityHandler = (input: unknown) => Promise<unknown>;

/**
 * An activity, registered as `df.app.activity` does (an `activityTrigger`). durable-functions also
 * wraps the handler to serialise failure details for an exception-properties provider; the app
 * registers none, and without one that wrapper rethrows the error unchanged.
 * Logs the outcome only (ids and outcomes: inputs and results may hold addresses and links).
 */
export function activity(name: string, load: () => Promise<ActivityHandler>): void {
  const handler = onFirstUse(load);
  app.generic(name, {
    trigger: trigger.generic({ type: 'activityTrigger' }),
    handler: async (raw: unknown, context: InvocationContext) => {
      const result = await (await handler())(raw);
      const outcome =
        typeof result === 'object' && result !== null && 'outcome' in result
          ? (result as { outcome: string; detail?: string })
          : { outcome: String(result) };
      context.log(`${name}: ${outcome.outcome}${outcome.detail ? ` (${outcome.detail})` : ''}`);
      return result;
    },
  });
}

/**
 * An orchestrator, registered as `df.app.orchestration` does: an `orchestrationTrigger` whose
 * handler is the SDK's own replay entry (durableCore.ts). durable-functions is pinned, and
 * test/unit/registration.test.ts checks the metadata and a replay against the SDK's own registration.
 */
export function orchestration(name: string, load: () => Promise<OrchestrationHandler>): void {
  const handler = onFirstUse(async () => {
    const [{ replayEntry }, fn] = await Promise.all([import('./durableCore.js'), load()]);
    return replayEntry(fn);
  });
  app.generic(name, {
    trigger: trigger.generic({ type: 'orchestrationTrigger' }),
    handler: async (t: unknown, context: InvocationContext) => (await handler())(t, context),
  });
}
