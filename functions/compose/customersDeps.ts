import type { InvocationContext } from '@azure/functions';
import { tellAccessLostNow } from '../../shared/customers/accessLostNow';
import type { RecordsDeps } from '../../shared/customers/ports';
import type { removeMyGrant } from '../../shared/customers/removeMyGrant';
import { promptEmailSender } from '../../shared/email/senderFromConfig';
import { dueItemStore } from '../../shared/store/dueItems';
import { invitationStore } from '../../shared/store/invitations';
import { storeGrantNoticeContacts } from '../../shared/sweep/grantNoticeContacts';
import { auditLog } from '../../shared/store/audit';
import { partnerStore } from '../../shared/store/partners';
import { recordStore } from '../../shared/store/records';

/** The Cosmos adapters behind the customer and audit endpoints (built on first use). */
export const recordsDeps = (): RecordsDeps => ({ records: recordStore(), audit: auditLog(), partners: partnerStore() });

/**
 * Removing a grant from the customer's side: the records, and telling the partner's contacts at
 * once that access was lost (the prompt sender; the due item retries what could not be sent now).
 */
export function removeMyGrantDeps(context: InvocationContext, now: Date): Parameters<typeof removeMyGrant>[0] {
  const tell = {
    email: promptEmailSender(),
    contacts: storeGrantNoticeContacts({
      partners: partnerStore(),
      records: recordStore(),
      invitations: invitationStore(),
    }),
    dueItems: dueItemStore(),
    log: (m: string) => context.warn(m),
  };
  const tellNow = (g: Parameters<typeof tellAccessLostNow>[1]) => tellAccessLostNow(tell, g, now);
  return { ...recordsDeps(), dueItems: dueItemStore(), tellNow };
}
