import type { InvitationAnsweredEvent } from '../schemas/orchestration';
import { answerFailureStore, type AnswerFailureStore } from '../store/answerFailures';
import { auditLog, type AuditLog } from '../store/audit';
import { dueItemStore, type DueItemStore } from '../store/dueItems';
import { invitationIndex, type InvitationIndex } from '../store/invitationIndex';
import { invitationStore, type InvitationStore } from '../store/invitations';
import { partnerStore, type PartnerStore } from '../store/partners';
import { partnershipStore, type PartnershipStore } from '../store/partnerships';
import { recordStore, type RecordStore } from '../store/records';

/** The stores the landing page and the answers use (ports; tests may pass others). */
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

/** The process-wide stores: the one wiring of the answer use cases. */
export function answerDeps(): AnswerDeps {
  return { invitations: invitationStore(), answerFailures: answerFailureStore(), partners: partnerStore(), partnerships: partnershipStore(), records: recordStore(), index: invitationIndex(), audit: auditLog(), dueItems: dueItemStore() };
}
