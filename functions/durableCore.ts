// The parts of durable-functions an orchestration needs, imported by path: the package root also
// loads the durable client and what it brings (axios, validator, moment, mime-db), which an
// orchestrator never uses. With the root, a cold start that runs the orchestrator's first episode
// took 191 ms bundled and 320 ms unbundled; by path, 76 and 131 ms (load plus first episode,
// test/bench/firstCall.ts). These are the classes the root exports (test/unit/registration.test.ts
// checks that); durable-functions is pinned. Types: functions/durable-internals.d.ts.
import type { InvocationContext } from '@azure/functions';
import type { OrchestrationHandler } from 'durable-functions';
import { Orchestrator } from 'durable-functions/lib/src/orchestrations/Orchestrator.js';

export { RetryOptions } from 'durable-functions/lib/src/RetryOptions.js';

/**
 * The SDK's replay entry for an orchestrator, `new Orchestrator(fn).listen()`: what
 * df.app.orchestration wraps a handler in (durable-functions 3.5, util/testingUtils createOrchestrator).
 * Loaded with the first episode (functions/register.ts).
 */
export function replayEntry(
  fn: OrchestrationHandler,
): (trigger: unknown, context: InvocationContext) => Promise<unknown> {
  return new Orchestrator(fn).listen();
}
