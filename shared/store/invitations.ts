import type { Container } from '@azure/cosmos';
import type { Invitation } from '../domain/invitation';
import type { InvitationEvent, Transitioned } from '../domain/transition';
import { transition } from '../domain/transition';
import type { Result } from '../domain/result';
import { containers } from './containers';
import { appDatabase } from './database';
import { Versioned, createIfAbsent, readItem, replaceIfMatch } from './cosmosOps';

/** Port: invitations by id; every state change is an ETag-conditional replace. */
export interface InvitationStore {
  /** 'exists' when the id is taken (an Idempotency-Key repeat): the caller reads the first one. */
  create(invitation: Invitation): Promise<'created' | 'exists'>;
  get(id: string): Promise<Versioned<Invitation> | undefined>;
  /**
   * Applies a state-machine event under optimistic concurrency: read, transition, replace if the
   * ETag still matches, else re-read and retry. Exactly one of two racing answers wins. `from` is
   * the version the caller has just read: the first attempt starts from it instead of reading it
   * again (a stale one only costs a failed conditional write and a re-read).
   */
  apply(
    id: string,
    event: InvitationEvent,
    now: Date,
    patch?: (i: Invitation) => Invitation,
    from?: Versioned<Invitation>,
  ): Promise<Result<Transitioned> | undefined>;
}

export function cosmosInvitationStore(container: Container): InvitationStore {
  return {
    create: (invitation) => createIfAbsent(container, invitation),
    get: (id) => readItem<Invitation>(container, id, id, 'id'),
    async apply(id, event, now, patch, from) {
      for (let attempt = 0; attempt < 10; attempt++) {
        const current =
          attempt === 0 && from?.doc.id === id ? from : await readItem<Invitation>(container, id, id, 'id');
        if (!current) return undefined;
        const result = transition(current.doc, event, now);
        if (!result.ok || !result.value.changed) return result;
        const next = patch ? patch(result.value.invitation) : result.value.invitation;
        const written = await replaceIfMatch(container, next, id, current.etag);
        if (written !== 'conflict') return { ok: true, value: { invitation: next, changed: true } };
      }
      throw new Error(`invitation ${id}: too many concurrent writers`);
    },
  };
}

let shared: InvitationStore | undefined;
/** The process-wide invitation store. */
export function invitationStore(): InvitationStore {
  shared ??= cosmosInvitationStore(appDatabase().container(containers.invitations.id));
  return shared;
}
