import type { Invitation } from '../domain/invitation';
import type { SendPriority } from '../email/sendPriority';

// The Idempotency-Key of a batch row's invitation (batch.ts rowInvitationKey): `batch:{batchId}:{row}`.
const BATCH_ROW_KEY = /^batch:[0-9a-f-]{36}:\d+$/i;

/** A batch row's first email goes after every other kind of send; its resends, like any invitation's, do not. */
export const sendPriorityOf = (invitation: Pick<Invitation, 'idempotencyKey'>, sendNumber: number): SendPriority =>
  sendNumber === 1 && BATCH_ROW_KEY.test(invitation.idempotencyKey ?? '') ? 'batch' : 'invitation';
