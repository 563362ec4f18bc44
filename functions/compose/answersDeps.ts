import type { AnswerDeps } from '../../shared/answers/ports';
import { answerFailureStore } from '../../shared/store/answerFailures';
import { auditLog } from '../../shared/store/audit';
import { dueItemStore } from '../../shared/store/dueItems';
import { invitationIndex } from '../../shared/store/invitationIndex';
import { invitationStore } from '../../shared/store/invitations';
import { partnerStore } from '../../shared/store/partners';
import { partnershipStore } from '../../shared/store/partnerships';
import { recordStore } from '../../shared/store/records';

/** The answer use cases on the process-wide Cosmos stores (the landing page, accept, decline). */
export function answerDeps(): AnswerDeps {
  return {
    invitations: invitationStore(),
    answerFailures: answerFailureStore(),
    partners: partnerStore(),
    partnerships: partnershipStore(),
    records: recordStore(),
    index: invitationIndex(),
    audit: auditLog(),
    dueItems: dueItemStore(),
  };
}
