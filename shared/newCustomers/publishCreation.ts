import { type CustomerCreation, publishedRecords } from '../domain/customerCreation';
import { establishRelationship } from '../customers/establishRelationship';
import type { CreationDeps } from './ports';

/**
 * Publishes a committed creation: the reseller's and the provider's relationships (the customer
 * appears in both lists, the provider's naming the reseller), the reseller's admin access (a grant)
 * and its end in the sweep's due items, the audit entry; then closes the record. Every write is
 * create-if-absent or keyed, so a re-run after a crash completes it without duplicates.
 */
export async function publishCreation(d: CreationDeps, c: CustomerCreation, now: Date): Promise<void> {
  if (c.state !== 'complete') throw new Error('only a committed creation is published');
  const { relationships, grant } = publishedRecords(c);
  for (const r of relationships) await establishRelationship(d.records, r);
  await d.records.createGrant(grant);
  await d.dueItems.put({
    kind: 'grantEnd',
    targetId: grant.id,
    partitionKey: grant.customerTenantId,
    dueAt: grant.endsAt,
  });
  // Due at once: the next sweep moves it to the grant's first expiry notice (GRANT_EXPIRY_NOTICE_DAYS).
  const notice = { kind: 'grantNotice', targetId: grant.id, partitionKey: grant.customerTenantId } as const;
  await d.dueItems.put({ ...notice, dueAt: now.toISOString() });
  await d.audit.append(
    [c.providerTenantId, c.resellerTenantId, c.customerTenantId],
    {
      at: c.completedAt ?? now.toISOString(),
      actor: c.createdBy,
      action: 'customer.created',
      subject: { type: 'customer', id: c.customerTenantId },
      correlationId: c.id,
      detail: {
        resellerTenantId: c.resellerTenantId,
        providerTenantId: c.providerTenantId,
        subscriptions: c.subscriptions.length,
      },
    },
    `customer-created:${c.id}`,
  );
  const current = await d.creations.get(c.providerTenantId, c.id);
  if (current?.doc.open)
    await d.creations.replace({ ...current.doc, open: false, publishedAt: now.toISOString() }, current.etag);
}
