import type { Container } from '@azure/cosmos';
import { containers } from './containers';
import { appDatabase } from './database';
import { readItem } from './cosmosOps';

/**
 * Which invitation email an ACS operation is: its Operation-Id, the invitation and the send number;
 * for a reminder, also which reminder (1-based, as the timeline counts them), and the send number is
 * that of the send whose link and address it carried (the invitation's count when it went out).
 */
export interface EmailOperation {
  id: string;
  invitationId: string;
  sendNumber: number;
  reminder?: number;
}

/** Port: the lookup from an ACS messageId (the Operation-Id the product sent with) to its invitation email. */
export interface EmailOperationStore {
  /** Idempotent (upsert of a document derived from the send): a retried send writes the same. */
  put(op: EmailOperation): Promise<void>;
  get(operationId: string): Promise<EmailOperation | undefined>;
}

export function cosmosEmailOperationStore(container: Container): EmailOperationStore {
  return {
    async put(op) {
      await container.items.upsert({
        id: op.id.toLowerCase(),
        invitationId: op.invitationId,
        sendNumber: op.sendNumber,
        ...(op.reminder !== undefined ? { reminder: op.reminder } : {}),
      });
    },
    async get(operationId) {
      const id = operationId.trim().toLowerCase();
      return (await readItem<EmailOperation>(container, id, id))?.doc;
    },
  };
}

let shared: EmailOperationStore | undefined;
export function emailOperationStore(): EmailOperationStore {
  shared ??= cosmosEmailOperationStore(appDatabase().container(containers.emailOperations.id));
  return shared;
}
