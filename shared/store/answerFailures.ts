import type { Container } from '@azure/cosmos';
import { answerAttemptPolicy, nextFailureWrite, type AnswerAttemptPolicy } from '../domain/answerFailures';
import { effectiveStatus } from '../domain/effectiveStatus';
import type { AnswerFailures, Invitation } from '../domain/invitation';
import { containers } from './containers';
import { cosmosStatus, readItem, type Versioned } from './cosmosOps';
import { appDatabase } from './database';

/** Port: failed answers counted on the invitation document, so every instance sees the same count. */
export interface AnswerFailureStore {
  /**
   * Counts one failed answer to the invitation read as `from`. Returns the failures stored after
   * the write, or undefined when there is nothing left to protect (gone, answered, expired).
   */
  record(from: Versioned<Invitation>, now: Date): Promise<AnswerFailures | undefined>;
}

const ATTEMPTS = 5;

/**
 * Cosmos adapter. Each failure is one PATCH of `/answerFailures` alone, so it can never change the
 * state, timeline or token hash, whatever was written since the read; the ETag-conditional state
 * changes (InvitationStore.apply) see a changed ETag, re-read and retry. Within a running window the
 * count is an unconditional `incr`, atomic on the server, so failures on many instances at once all
 * count without conflicts. Only starting a window is conditional (If-Match), so two instances
 * starting one at once cannot both reset the count: the loser re-reads and increments.
 */
export function cosmosAnswerFailureStore(
  container: Container,
  policy: AnswerAttemptPolicy = answerAttemptPolicy,
): AnswerFailureStore {
  return {
    async record(from, now) {
      let current: Versioned<Invitation> | undefined = from;
      for (let attempt = 0; attempt < ATTEMPTS && current; attempt++) {
        if (effectiveStatus(current.doc, now) !== 'pending') return undefined;
        const write = nextFailureWrite(current.doc.answerFailures, now, policy);
        const item = container.item(current.doc.id, current.doc.id);
        try {
          const r =
            write.type === 'increment'
              ? await item.patch<Invitation>([{ op: 'incr', path: '/answerFailures/count', value: 1 }])
              : await item.patch<Invitation>([{ op: 'set', path: '/answerFailures', value: write.failures }], {
                  accessCondition: { type: 'IfMatch', condition: current.etag },
                });
          return r.resource?.answerFailures;
        } catch (e) {
          if (cosmosStatus(e) === 404) return undefined;
          if (cosmosStatus(e) !== 412) throw e;
        }
        current = await readItem<Invitation>(container, from.doc.id, from.doc.id, 'id');
      }
      if (!current) return undefined;
      throw new Error(`invitation ${from.doc.id}: too many concurrent writers while counting a failed answer`);
    },
  };
}

let shared: AnswerFailureStore | undefined;
/** The process-wide failed-answer store. */
export function answerFailureStore(): AnswerFailureStore {
  shared ??= cosmosAnswerFailureStore(appDatabase().container(containers.invitations.id));
  return shared;
}
