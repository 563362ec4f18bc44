import type { DurableClient } from 'durable-functions';
import type { OrchestrationPort, OrchestrationState } from './ports';

const RUNNING = new Set(['Running', 'Pending', 'ContinuedAsNew', 'Suspended']);

// The SDK reports an unknown instance only as an Error whose message names the 404.
const isNotFound = (e: unknown): boolean => e instanceof Error && /\b404\b|No instance with ID/.test(e.message);

/** Adapter: the OrchestrationPort over a DurableClient (the invitation event name is passed in). */
export function durableOrchestrations(client: DurableClient, answeredEvent: string): OrchestrationPort {
  return {
    async state(instanceId): Promise<OrchestrationState> {
      try {
        const status = await client.getStatus(instanceId);
        return RUNNING.has(String(status.runtimeStatus)) ? 'running' : 'finished';
      } catch (e) {
        if (isNotFound(e)) return 'missing';
        throw e;
      }
    },
    async raiseAnswered(instanceId, event) {
      try {
        await client.raiseEvent(instanceId, answeredEvent, event);
        return 'raised';
      } catch (e) {
        if (isNotFound(e)) return 'missing';
        throw e;
      }
    },
  };
}
