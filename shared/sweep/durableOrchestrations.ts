import type { DurableClient } from 'durable-functions';
import { startInvitationOrchestrationWith } from '../invitations/invitationOrchestration';
import { instanceStatus, isNotFound } from './durableStatus';
import type { OrchestrationPort, OrchestrationState } from './ports';

const RUNNING = new Set(['Running', 'Pending', 'ContinuedAsNew', 'Suspended']);

/** Adapter: the OrchestrationPort over a DurableClient (the invitation event name is passed in). */
export function durableOrchestrations(client: DurableClient, answeredEvent: string): OrchestrationPort {
  return {
    async state(instanceId): Promise<OrchestrationState> {
      const status = await instanceStatus(client, instanceId);
      if (status === undefined) return 'missing';
      return RUNNING.has(status) ? 'running' : 'finished';
    },
    startInvitation: (invitation) => startInvitationOrchestrationWith(client, invitation),
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
