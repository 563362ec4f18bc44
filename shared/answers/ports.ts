import type { InvitationAnsweredEvent } from '../schemas/orchestration';
import type { AnswerFailureStore } from '../store/answerFailures';
import type { AuditLog } from '../store/audit';
import type { DueItemStore } from '../store/dueItems';
import type { InvitationIndex } from '../store/invitationIndex';
import type { InvitationStore } from '../store/invitations';
import type { PartnerStore } from '../store/partners';
import type { PartnershipStore } from '../store/partnerships';
import type { RecordStore } from '../store/records';

/**
 * The stores the landing page and the answers use (ports: functions/compose/answersDeps.ts builds
 * the real ones; tests pass fakes).
 */
export interface AnswerDeps {
  invitations: Pick<InvitationStore, 'get' | 'apply'>;
  /** Wrong tokens for pending invitations, counted where every instance sees them. */
  answerFailures: AnswerFailureStore;
  partners: Pick<PartnerStore, 'get'>;
  /** The partnership a multi-party invitation relies on, and whether a reseller is already a partner. */
  partnerships: Pick<PartnershipStore, 'get'>;
  records: Pick<RecordStore, 'customer' | 'putCustomer' | 'grant'>;
  index: Pick<InvitationIndex, 'put'>;
  audit: Pick<AuditLog, 'append'>;
  /** Optional so fakes may leave it out: where a lost acceptance is queued for the next sweep. */
  dueItems?: Pick<DueItemStore, 'put'>;
}

/** Tells the invitation's orchestration about an answer already written to Cosmos; may throw. */
export type RaiseAnswered = (invitationId: string, event: InvitationAnsweredEvent) => Promise<void>;
