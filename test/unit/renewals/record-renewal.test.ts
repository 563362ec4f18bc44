// Recording accepted renewals (shared/renewals/recordRenewal.ts) with in-memory ports: two renewals
// of one grant recorded out of order leave the grant as the one accepted last left it, and the
// grant.extended entry carries the grant as that renewal left it (the event's data, as GET shows it).
import { HELPDESK_ADMINISTRATOR } from '../../../shared/domain/directoryRoles';
import type { Invitation } from '../../../shared/domain/invitation';
import { transition } from '../../../shared/domain/transition';
import { grantView } from '../../../shared/customers/recordViews';
import { recordRenewal, type RecordRenewalDeps } from '../../../shared/renewals/recordRenewal';
import type { AuditEntry } from '../../../shared/store/audit';
import type { GrantDoc } from '../../../shared/store/records';
import { at, CUSTOMER_TENANT, customerAdmin, PARTNER_TENANT, pendingInvitation, T0 } from '../domain/fixtures';

const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const GRANT_ID = '66666666-6666-4666-8666-666666666666';

function world() {
  let grant: GrantDoc = {
    id: GRANT_ID,
    type: 'grant',
    tenantId: CUSTOMER_TENANT,
    partnerTenantId: PARTNER_TENANT,
    customerTenantId: CUSTOMER_TENANT,
    invitationId: 'i',
    roles: [USER_ADMIN, HELPDESK_ADMINISTRATOR],
    duration: 'P30D',
    autoExtend: false,
    startsAt: T0.toISOString(),
    endsAt: at(30).toISOString(),
    status: 'active',
  };
  let version = 0;
  const entries: Array<{ key?: string; entry: Omit<AuditEntry, 'id' | 'tenantId'> }> = [];
  const d: RecordRenewalDeps = {
    invitations: { apply: async () => undefined },
    records: {
      grant: async () => ({ doc: grant, etag: String(version) }),
      replaceGrant: async (g, etag) => {
        if (etag !== String(version)) return 'conflict';
        grant = g;
        version++;
        return 'done';
      },
    },
    dueItems: { put: async () => undefined, done: async () => undefined },
    audit: {
      append: async (_tenants, entry, key) => {
        if (!entries.some((e) => e.key === key)) entries.push({ key, entry });
      },
    },
    index: { put: async () => undefined },
    now: () => at(22),
  };
  return { d, entries, grant: () => grant };
}

const accepted = (id: string, roles: string[], duration: string, when: Date): Invitation => {
  const inv = { ...pendingInvitation({ kind: 'renewal', grantId: GRANT_ID, customerTenantId: CUSTOMER_TENANT }), id };
  const r = transition(
    { ...inv, delegatedAdmin: { roles, duration, autoExtend: false } },
    { type: 'accept', by: customerAdmin },
    when,
  );
  if (!r.ok) throw new Error(r.code);
  return r.value.invitation;
};

test('two renewals recorded out of order: the grant stays as the one accepted last left it', async () => {
  const w = world();
  const earlier = accepted('renewal-earlier', [HELPDESK_ADMINISTRATOR], 'P60D', at(20));
  const later = accepted('renewal-later', [USER_ADMIN, HELPDESK_ADMINISTRATOR], 'P90D', at(21));
  await recordRenewal(w.d, later, CUSTOMER_TENANT);
  const byLater = w.grant();
  await recordRenewal(w.d, earlier, CUSTOMER_TENANT);
  expect(w.grant()).toEqual(byLater);
  expect(w.grant()).toMatchObject({ roles: [USER_ADMIN, HELPDESK_ADMINISTRATOR], endsAt: at(111).toISOString() });
  const recorded = w.entries.find((e) => e.key === `recorded:${earlier.id}`);
  expect(recorded?.entry.detail).toMatchObject({ grantExtended: false });
  expect(w.entries.filter((e) => e.entry.action === 'grant.extended').map((e) => e.key)).toEqual([
    `grant-renewed:${GRANT_ID}:${later.id}`,
  ]);
});

test('the grant.extended entry carries the grant as the renewal left it (its event shows that, not a later state)', async () => {
  const w = world();
  await recordRenewal(w.d, accepted('renewal-one', [HELPDESK_ADMINISTRATOR], 'P90D', at(20)), CUSTOMER_TENANT);
  const extended = w.entries.find((e) => e.entry.action === 'grant.extended');
  expect(extended?.entry.resource).toEqual(grantView(w.grant()));
});
