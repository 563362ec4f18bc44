import * as df from 'durable-functions';
import type { InvocationContext } from '@azure/functions';

/**
 * Registers an activity whose handler is built from the process-wide stores on first use, so
 * importing the app reads no configuration (a missing setting fails one call, not the whole app).
 * Logs the outcome only (ids and outcomes: inputs and results may hold addresses and links).
 * Returns the lazily built handler for callers outside the orchestration (the sweep).
 */
export function lazyActivity<R>(name: string, wire: () => (raw: unknown) => Promise<R>): () => (raw: unknown) => Promise<R> {
  let handler: ((raw: unknown) => Promise<R>) | undefined;
  const get = (): ((raw: unknown) => Promise<R>) => (handler ??= wire());
  df.app.activity(name, {
    handler: async (raw: unknown, context: InvocationContext) => {
      const result = await get()(raw);
      const outcome = typeof result === 'object' && result !== null && 'outcome' in result ? (result as { outcome: string; detail?: string }) : { outcome: String(result) };
      context.log(`${name}: ${outcome.outcome}${outcome.detail ? ` (${outcome.detail})` : ''}`);
      return result;
    },
  });
  return get;
}
