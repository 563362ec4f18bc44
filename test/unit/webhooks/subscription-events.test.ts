// Subscription changes append keyed audit entries to every tenant that may read the subscription,
// from which the webhook publisher derives subscription.created|updated (shared/webhooks/outbox.ts).
import { memorySubscriptions } from '../memorySubscriptions';
import type { Caller } from '../../../shared/auth/caller';
import { relationshipId } from '../../../shared/domain/ids';
import type { AuditEntry } from '../../../shared/store/audit';
import { addSubscription } from '../../../shared/subscriptions/addSubscription';
import type { SubscriptionDeps } from '../../../shared/subscriptions/ports';
import { updateSubscription } from '../../../shared/subscriptions/updateSubscription';
import { eventsOf } from '../../../shared/webhooks/outbox';

const CUSTOMER = 'c0000000-0000-4000-8000-000000000001';
const PROVIDER = { tenantId: 'd0000000-0000-4000-8000-000000000002', kind: 'indirectProvider', mpnId: '1000002' };
const RESELLER = { tenantId: 'd0000000-0000-4000-8000-000000000003', kind: 'indirectReseller', mpnId: '1000003' };
const caller: Caller = {
  tenantId: PROVIDER.tenantId,
  userId: 'e0000000-0000-4000-8000-000000000001',
  email: 'admin@provider.example',
  roles: ['GlobalAdmin'],
  wids: [],
  scopes: [],
};

function world() {
  const subscriptions = memorySubscriptions();
  const appended: Array<{ tenants: string[]; entry: Omit<AuditEntry, 'id' | 'tenantId'>; key?: string }> = [];
  const rel = {
    id: relationshipId(PROVIDER.tenantId, CUSTOMER),
    partnerTenantId: PROVIDER.tenantId,
    customerTenantId: CUSTOMER,
    kind: 'indirectProvider',
    status: 'active',
    createdAt: '2026-01-01T00:00:00Z',
    type: 'relationship',
  };
  const deps = {
    subscriptions,
    records: {
      relationship: async (p: string, id: string) =>
        p === PROVIDER.tenantId && id === rel.id ? { doc: rel, etag: '1' } : undefined,
    },
    partnerships: {
      byMpnId: async (p: string, mpn: string) =>
        p === PROVIDER.tenantId && mpn === RESELLER.mpnId ? RESELLER.tenantId : undefined,
    },
    partners: { get: async () => undefined },
    audit: {
      append: async (tenants: string[], entry: Omit<AuditEntry, 'id' | 'tenantId'>, key?: string) =>
        void appended.push({ tenants, entry, ...(key ? { key } : {}) }),
    },
  } as unknown as SubscriptionDeps;
  return { deps, appended };
}

test('created: one keyed entry to the owner and the reseller of record; a repeat with the Idempotency-Key lands the same key', async () => {
  const { deps, appended } = world();
  const now = new Date('2026-12-06T10:00:00Z');
  const s = await addSubscription(
    deps,
    caller,
    CUSTOMER,
    { offerId: 'o365-e3', quantity: 20, resellerMpnId: RESELLER.mpnId },
    'key-1',
    now,
  );
  await addSubscription(
    deps,
    caller,
    CUSTOMER,
    { offerId: 'o365-e3', quantity: 20, resellerMpnId: RESELLER.mpnId },
    'key-1',
    now,
  );
  expect(appended).toHaveLength(2);
  expect(appended[0]).toMatchObject({
    tenants: [PROVIDER.tenantId, RESELLER.tenantId],
    key: `subscription-created:${s.id}`,
    entry: { action: 'subscription.created', subject: { type: 'subscription', id: s.id } },
  });
  expect(appended[1]?.key).toBe(appended[0]?.key);
  const events = eventsOf(
    { ...(appended[0]!.entry as AuditEntry), id: appended[0]!.key!, tenantId: RESELLER.tenantId },
    'https://x',
  );
  expect(events.map((e) => e.type)).toEqual(['subscription.created']);
  expect(events[0]?.data).toMatchObject({
    subscriptionId: s.id,
    detail: { offerId: 'o365-e3', quantity: 20, customerTenantId: CUSTOMER },
  });
});

test('updated: keyed by what it names, so the same PATCH again is the same entry', async () => {
  const { deps, appended } = world();
  const s = await addSubscription(deps, caller, CUSTOMER, { offerId: 'o365-e3', quantity: 20 }, undefined, new Date());
  await updateSubscription(deps, caller, CUSTOMER, s.id, { resellerMpnId: RESELLER.mpnId });
  await updateSubscription(deps, caller, CUSTOMER, s.id, { resellerMpnId: RESELLER.mpnId });
  const updates = appended.filter((a) => a.entry.action === 'subscription.updated');
  expect(updates).toHaveLength(2);
  expect(updates[0]).toMatchObject({
    tenants: [PROVIDER.tenantId, RESELLER.tenantId],
    key: `subscription-updated:${s.id}:${RESELLER.mpnId}:`,
  });
  expect(updates[1]?.key).toBe(updates[0]?.key);
});
