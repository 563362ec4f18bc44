// The customer's contact of a grant notice, against in-memory fakes: an invited customer's is who
// accepted the invitation (else its recipient); a created customer's grant has no invitation, so its
// contact is the one given at creation, which the creation's commit keeps on the customer record
// (never the temporary password). The notice then goes to that contact as well as the partner's.
import type { CustomerCreation } from '../../shared/domain/customerCreation';
import { publishedRecords } from '../../shared/domain/customerCreation';
import { commitCreation } from '../../shared/newCustomers/commitCreation';
import type { CreationDeps } from '../../shared/newCustomers/ports';
import type { OutgoingEmail } from '../../shared/email/sender';
import type { NewCustomerRecord } from '../../shared/store/customerCreations';
import type { CustomerRecord, GrantDoc } from '../../shared/store/records';
import { storeGrantNoticeContacts } from '../../shared/sweep/grantNoticeContacts';
import { sendGrantNotice } from '../../shared/sweep/grantNoticeSend';
import { CUSTOMER_TENANT, partner, PARTNER_TENANT, pendingInvitation, PROVIDER_TENANT, T0 } from './domain/fixtures';

const PARTNER_OPS = 'ops@contoso.example';
const CONTACT = 'kim.akers@fabrikam.example';
const PASSWORD = 'Temporary-Password-23!';

function creation(): CustomerCreation {
  return {
    id: '77777777-7777-4777-8777-777777777777',
    providerTenantId: PROVIDER_TENANT,
    resellerTenantId: PARTNER_TENANT,
    customerTenantId: CUSTOMER_TENANT,
    domainPrefix: 'fabrikam',
    adminUserName: 'admin@fabrikam.onmicrosoft.example',
    companyName: 'Fabrikam',
    country: 'SE',
    contact: { firstName: 'Kim', lastName: 'Akers', email: CONTACT },
    subscriptions: [],
    requestHash: 'h',
    state: 'pending',
    open: true,
    createdBy: { type: 'system' } as never,
    startedAt: T0.toISOString(),
  };
}

/** The creation's commit on fakes; what it wrote as the customer record. */
async function committedCustomer(c: CustomerCreation): Promise<NewCustomerRecord> {
  const customers: NewCustomerRecord[] = [];
  const d = {
    creations: {
      reservePrefix: async () => 'created' as const,
      putCustomer: async (r: NewCustomerRecord) => void customers.push(r),
      replace: async () => 'done' as const,
    },
    subscriptions: { create: async () => 'created' as const },
    password: { generate: () => PASSWORD, hash: async () => 'scrypt$hash' },
  } as unknown as CreationDeps;
  await commitCreation(d, { doc: c, etag: 'e1' }, T0);
  expect(customers).toHaveLength(1);
  return customers[0]!;
}

function contacts(customer: CustomerRecord | undefined, invitation = false) {
  const inv = pendingInvitation({ recipientEmail: 'invited@fabrikam.example' });
  return storeGrantNoticeContacts({
    partners: { get: async () => ({ partner: { ...partner, notificationContacts: [PARTNER_OPS] }, etag: 'p' }) },
    records: { customer: async () => (customer ? { doc: customer, etag: 'c' } : undefined) },
    invitations: { get: async () => (invitation ? { doc: inv, etag: 'i' } : undefined) },
  });
}

const grantOf = (c: CustomerCreation): GrantDoc => ({
  ...publishedRecords({ ...c, state: 'complete', completedAt: T0.toISOString() }).grant,
  type: 'grant',
  tenantId: c.customerTenantId,
});

test('a created customer: its commit keeps the contact on the customer record, never the password', async () => {
  const record = await committedCustomer(creation());
  expect(record).toMatchObject({ id: CUSTOMER_TENANT, contactEmail: CONTACT, creationId: creation().id });
  expect(JSON.stringify(record)).not.toContain(PASSWORD);
});

test("a created customer's grant: the expiry notice goes to the partner's contacts and the creation's contact", async () => {
  const c = creation();
  const record = await committedCustomer(c);
  const g = grantOf(c);
  const who = await contacts(record).of(g);
  expect(who).toMatchObject({ partnerContacts: [PARTNER_OPS], customerContact: CONTACT, customerName: 'Fabrikam' });
  const sent: OutgoingEmail[] = [];
  const email = { send: async (e: OutgoingEmail) => (sent.push(e), { outcome: 'sent' as const }) };
  expect(await sendGrantNotice({ email, contacts: contacts(record) }, g, { kind: 'expiring', offsetDays: 30 })).toBe(
    'sent',
  );
  expect(sent.map((e) => e.to).sort()).toEqual([CONTACT, PARTNER_OPS].sort());
  expect(sent.every((e) => e.priority === 'notice')).toBe(true);
});

test('an invited customer: its contact is still the invitation’s, not the record’s', async () => {
  const record: CustomerRecord = { id: CUSTOMER_TENANT, tenantId: CUSTOMER_TENANT, type: 'customer' };
  const g = grantOf(creation());
  expect((await contacts({ ...record, contactEmail: CONTACT }, true).of(g)).customerContact).toBe(
    'invited@fabrikam.example',
  );
  // A record without a contact (an invited customer whose invitation is gone): only the partner is told.
  expect((await contacts(record).of(g)).customerContact).toBeUndefined();
});
