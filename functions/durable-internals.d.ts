// The SDK's own replay entry: df.app.orchestration wraps a handler in `new Orchestrator(fn).listen()`.
// functions/register.ts registers the orchestrator that way without loading the SDK at start-up, and
// the golden tests replay with it. Not exported from the package root, hence this declaration.
declare module 'durable-functions/lib/src/orchestrations/Orchestrator.js' {
  import type { InvocationContext } from '@azure/functions';
  import type { OrchestrationHandler } from 'durable-functions';
  export class Orchestrator {
    constructor(fn: OrchestrationHandler);
    handle(trigger: unknown, context: InvocationContext): Promise<unknown>;
    listen(): (trigger: unknown, context: InvocationContext) => Promise<unknown>;
  }
}
