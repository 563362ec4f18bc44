// The parts of durable-functions an orchestration needs, imported by path (the package root also
// loads the durable client and what it brings). Types: functions/durable-internals.d.ts.
import type { InvocationContext } from '@azure/functions';
import type { OrchestrationHandler } from 'durable-functions';
import { Orchestrator } from 'durable-functions/lib/src/orchestrations/Orchestrator.js';

/**
 * The SDK's replay entry for an orchestrator, `new Orchestrator(fn).listen()`: what
 * df.app.orchestration wraps a handler in (durable-functions 3.5, util/testingUtils createOrchestrator).
 * The class is not exported from the package root. Loaded with the first episode (functions/register.ts).
 */
export function replayEntry(fn: OrchestrationHandler): (trigger: unknown, context: InvocationContext) => Promise<unknown> {
  return new Orchestrator(fn).listen();
}
