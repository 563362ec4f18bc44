import { grantNoticeName, type GrantNotice } from '../domain/grantNotices';
import { nameBasedUuid } from '../domain/ids';
import type { EmailSender } from '../email/sender';
import { renderEmail } from '../email/templates';
import { grantNoticeEmail, type GrantNoticeParties } from '../email/templatesNotices';
import type { GrantDoc } from '../store/records';

/** Who a grant's notices go to, and the names they use. */
export interface GrantNoticeAudience extends GrantNoticeParties {
  /** The partner profile's notificationContacts (none set: the partner gets no email). */
  partnerContacts: string[];
  /** The customer's contact: who accepted the invitation that made the grant, or the contact given at its creation. */
  customerContact?: string;
  locale?: string;
}

/** Port: finds a grant's audience (profiles, the customer record, the originating invitation). */
export interface GrantNoticeContacts {
  of(grant: GrantDoc): Promise<GrantNoticeAudience>;
}

/** What the sweep needs to send grant notices; `offsets` is GRANT_EXPIRY_NOTICE_DAYS, largest first. */
export interface GrantNoticeDeps {
  email: Pick<EmailSender, 'send'>;
  contacts: GrantNoticeContacts;
  offsets: readonly number[];
}

/**
 * Emails one grant notice to each recipient, under an Operation-Id derived from the grant, the
 * notice (its offset) and the grant's end, and the recipient: a re-run after a crash sends the same
 * ids, which ACS (and the local sink) accept once. The customer is not told of its own removal.
 * 'deferred' when the quota is used up: the caller keeps its due item, and a later sweep sends
 * what is missing (the ids already sent are dropped by ACS).
 */
export async function sendGrantNotice(
  d: Pick<GrantNoticeDeps, 'email' | 'contacts'>,
  g: GrantDoc,
  notice: GrantNotice,
): Promise<'sent' | 'deferred'> {
  const who = await d.contacts.of(g);
  const customer = notice.kind !== 'removed' && who.customerContact ? [who.customerContact] : [];
  const recipients = [...new Set([...who.partnerContacts, ...customer].map((a) => a.trim().toLowerCase()))];
  if (recipients.length === 0) return 'sent';
  const email = renderEmail(grantNoticeEmail(notice, g, who, who.locale));
  const name = grantNoticeName(g, notice);
  for (const to of recipients) {
    // A notice goes before invitations and batch sends, and holds its slot for its retry (sendPriority.ts).
    const r = await d.email.send({ operationId: nameBasedUuid(`${name}:${to}`), priority: 'notice', to, ...email });
    if (r.outcome === 'deferred') return 'deferred';
  }
  return 'sent';
}
