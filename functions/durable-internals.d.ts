// durable-functions modules imported by path (functions/durableCore.ts; the golden tests replay with
// the Orchestrator too): not exported from the package root, so they have no types of their own.
declare module 'durable-functions/lib/src/orchestrations/Orchestrator.js' {
  import type { InvocationContext } from '@azure/functions';
  import type { OrchestrationHandler } from 'durable-functions';
  /** df.app.orchestration wraps a handler in `new Orchestrator(fn).listen()`. */
  export class Orchestrator {
    constructor(fn: OrchestrationHandler);
    handle(trigger: unknown, context: InvocationContext): Promise<unknown>;
    listen(): (trigger: unknown, context: InvocationContext) => Promise<unknown>;
  }
}

declare module 'durable-functions/lib/src/RetryOptions.js' {
  /** The class the package root exports as RetryOptions. */
  export { RetryOptions } from 'durable-functions';
}
