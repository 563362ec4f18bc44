import { grantView } from '../customers/recordViews';
import { grantRenewal } from '../domain/grantPeriod';
import { systemActor } from '../domain/invitation';
import type { AuditEntry } from '../store/audit';
import { bucketOf, type DueItem } from '../store/dueItems';
import type { GrantDoc } from '../store/records';
import { sendGrantNotice } from './grantNoticeSend';
import type { SweepDeps } from './ports';
import { scheduleGrantNotice } from './sweepGrantNotice';

/** What happened to one grant end item. */
export type GrantSweepOutcome = 'expired' | 'extended' | 'rescheduled' | 'conflict' | 'done' | 'deferred';

type Change = 'grant.expired' | 'grant.extended';

// Deterministic keys: a re-run (or a run after a crash between write and audit) appends once. A
// renewed grant's expiry names its end: a renewal accepted in time and recorded after the sweep
// expired the grant extends it again (shared/domain/grantRenewal.ts), and its later expiry at the
// new end is a second entry, not a repeat of the first.
const keyOf = (g: GrantDoc, change: Change) =>
  change === 'grant.expired'
    ? g.renewal
      ? `grant-expired:${g.id}:${g.endsAt}`
      : `grant-expired:${g.id}`
    : `grant-extended:${g.id}:${g.endsAt}`;

async function audit(d: SweepDeps, g: GrantDoc, change: Change, now: Date): Promise<void> {
  const entry: Omit<AuditEntry, 'id' | 'tenantId'> = {
    at: now.toISOString(),
    actor: systemActor,
    action: change,
    subject: { type: 'grant', id: g.id },
    correlationId: g.invitationId,
    detail: { endsAt: g.endsAt },
    resource: grantView(g),
  };
  await d.audit.append([g.customerTenantId, g.partnerTenantId], entry, keyOf(g, change));
}

/** Makes sure the grant's current end has its due item; the old item goes unless it is the same one. */
async function reschedule(d: SweepDeps, item: DueItem, g: GrantDoc): Promise<void> {
  await d.dueItems.put({ kind: 'grantEnd', targetId: g.id, partitionKey: g.customerTenantId, dueAt: g.endsAt });
  if (bucketOf(g.endsAt) !== item.bucket) await d.dueItems.done(item);
}

/**
 * After an expiry: the notice (the partner's contacts and the customer learn that access is lost),
 * then the item goes. A deferred notice keeps the item, so the next run, finding the grant expired,
 * comes here again; the notice's Operation-Ids keep each email to one.
 */
async function finishExpiry(d: SweepDeps, item: DueItem, g: GrantDoc): Promise<boolean> {
  if ((await sendGrantNotice(d.grantNotices, g, { kind: 'expired' })) === 'deferred') return false;
  await d.dueItems.done(item);
  return true;
}

/**
 * After an extension: the notice, the new end's expiry notices, then the end item moves. A deferred
 * notice keeps the old item (in its own, past bucket), so the next run finds the extension audited
 * and sends the notice then.
 */
async function finishExtension(d: SweepDeps, item: DueItem, g: GrantDoc, now: Date): Promise<boolean> {
  if ((await sendGrantNotice(d.grantNotices, g, { kind: 'extended' })) === 'deferred') return false;
  await scheduleGrantNotice(d, g, now);
  await reschedule(d, item, g);
  return true;
}

/**
 * One `grantEnd` item (partition key = the customer tenant): a grant past its end is extended by
 * 180 days when it may auto-extend, else expired; both by an ETag-conditional replace, each
 * followed by its notice.
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
    // Finishes what an interrupted earlier run started (the expiry's audit and notice, the
    // extension's notice and the next end's due item).
    if (g.status === 'expired') {
      await audit(d, g, 'grant.expired', now);
      return (await finishExpiry(d, item, g)) ? 'done' : 'deferred';
    }
    if (g.status !== 'active') {
      await d.dueItems.done(item);
      return 'done';
    }
    if (await d.audit.has(g.partnerTenantId, keyOf(g, 'grant.extended'))) {
      return (await finishExtension(d, item, g, now)) ? 'rescheduled' : 'deferred';
    }
    // Its end moved by other means (a renewal in place): the new end's notices, should its notice
    // item be gone already (all sent for the old end).
    await scheduleGrantNotice(d, g, now);
    await reschedule(d, item, g);
    return 'rescheduled';
  }
  const next: GrantDoc = renewal.action === 'extend' ? { ...g, endsAt: renewal.endsAt } : { ...g, status: 'expired' };
  if ((await d.records.replaceGrant(next, found.etag)) === 'conflict') return 'conflict';
  if (renewal.action === 'expire') {
    await audit(d, next, 'grant.expired', now);
    await finishExpiry(d, item, next);
    return 'expired';
  }
  await audit(d, next, 'grant.extended', now);
  await finishExtension(d, item, next, now);
  return 'extended';
}
