import type { InvitationStore } from '../store/invitations';
import type { PartnerStore } from '../store/partners';
import type { RecordStore } from '../store/records';
import type { GrantNoticeContacts } from './grantNoticeSend';

/**
 * Adapter: a grant's audience from the stores. The customer's contact is the Global admin who
 * accepted the invitation (else the address it was sent to), in the invitation's language. A grant
 * from a customer creation has no invitation (its invitationId is the creation's id): its customer's
 * contact is the one given at creation, kept on the customer record (shared/newCustomers/commitCreation.ts).
 */
export function storeGrantNoticeContacts(s: {
  partners: Pick<PartnerStore, 'get'>;
  records: Pick<RecordStore, 'customer'>;
  invitations: Pick<InvitationStore, 'get'>;
}): GrantNoticeContacts {
  return {
    async of(g) {
      const [partner, customer, invitation] = await Promise.all([
        s.partners.get(g.partnerTenantId),
        s.records.customer(g.customerTenantId),
        s.invitations.get(g.invitationId),
      ]);
      const inv = invitation?.doc;
      const customerContact = inv ? (inv.acceptedBy?.email ?? inv.recipientEmail) : customer?.doc.contactEmail;
      return {
        partnerName: partner?.partner.name ?? g.partnerTenantId,
        customerName: customer?.doc.companyName ?? g.customerTenantId,
        partnerContacts: partner?.partner.notificationContacts ?? [],
        ...(customerContact ? { customerContact } : {}),
        ...(inv?.email.locale ? { locale: inv.email.locale } : {}),
      };
    },
  };
}
