import { grantView } from '../customers/views';
import { grantRenewal } from '../domain/grantPeriod';
import { systemActor } from '../domain/invitation';
import type { AuditEntry } from '../store/audit';
import { bucketOf, type DueItem } from '../store/dueItems';
import type { GrantDoc } from '../store/records';
import type { SweepDeps } from './ports';

/** What happened to one grant end item. */
export type GrantSweepOutcome = 'expired' | 'extended' | 'rescheduled' | 'conflict' | 'done';

type Change = 'grant.expired' | 'grant.extended';

// Deterministic keys: a re-run (or a run after a crash between write and audit) appends once.
const keyOf = (g: GrantDoc, change: Change) => (change === 'grant.expired' ? `grant-expired:${g.id}` : `grant-extended:${g.id}:${g.endsAt}`);

async function audit(d: SweepDeps, g: GrantDoc, change: Change, now: Date): Promise<void> {
  const entry: Omit<AuditEntry, 'id' | 'tenantId'> = { at: now.toISOString(), actor: systemActor, action: change, subject: { type: 'grant', id: g.id }, correlationId: g.invitationId, detail: { endsAt: g.endsAt }, resource: grantView(g) };
  await d.audit.append([g.customerTenantId, g.partnerTenantId], entry, keyOf(g, change));
}

/** Makes sure the grant's current end has its due item; the old item goes unless it is the same one. */
async function reschedule(d: SweepDeps, item: DueItem, g: GrantDoc): Promise<void> {
  await d.dueItems.put({ kind: 'grantEnd', targetId: g.id, partitionKey: g.customerTenantId, dueAt: g.endsAt });
  if (bucketOf(g.endsAt) !== item.bucket) await d.dueItems.done(item);
}

/**
 * One `grantEnd` item (partition key = the customer tenant): a grant past its end is extended by
 * 180 days when it may auto-extend, else expired; both by an ETag-conditional replace.
 */
export async function sweepGrant(d: SweepDeps, item: DueItem, now: Date): Promise<GrantSweepOutcome> {
  const found = item.partitionKey ? await d.records.grant(item.partitionKey, item.targetId) : undefined;
  if (!found) {
    await d.dueItems.done(item);
    return 'done';
  }
  const g = found.doc;
  const renewal = grantRenewal(g, now);
  if (renewal.action === 'none') {
    // Finishes what an interrupted earlier run started (the expiry's audit, the next end's due item).
    if (g.status === 'expired') await audit(d, g, 'grant.expired', now);
    if (g.status !== 'active') {
      await d.dueItems.done(item);
      return 'done';
    }
    await reschedule(d, item, g);
    return 'rescheduled';
  }
  const next: GrantDoc = renewal.action === 'extend' ? { ...g, endsAt: renewal.endsAt } : { ...g, status: 'expired' };
  if ((await d.records.replaceGrant(next, found.etag)) === 'conflict') return 'conflict';
  if (renewal.action === 'expire') {
    await audit(d, next, 'grant.expired', now);
    await d.dueItems.done(item);
    return 'expired';
  }
  await audit(d, next, 'grant.extended', now);
  await reschedule(d, item, next);
  return 'extended';
}
