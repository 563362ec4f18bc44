// The SDK's own replay entry, used by golden tests exactly as df.app.orchestration wraps handlers.
declare module 'durable-functions/lib/src/orchestrations/Orchestrator' {
  import type { InvocationContext } from '@azure/functions';
  import type { OrchestrationHandler } from 'durable-functions';
  export class Orchestrator {
    constructor(fn: OrchestrationHandler);
    handle(trigger: unknown, context: InvocationContext): Promise<unknown>;
  }
}
