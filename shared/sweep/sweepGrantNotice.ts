import { dueGrantNotice, grantNoticeName, nextGrantNotice } from '../domain/grantNotices';
import { systemActor } from '../domain/invitation';
import { bucketOf, type DueItem } from '../store/dueItems';
import type { GrantDoc } from '../store/records';
import { sendGrantNotice } from './grantNoticeSend';
import type { SweepDeps } from './ports';

/** What happened to one grant notice item. */
export type GrantNoticeOutcome = 'notified' | 'rescheduled' | 'deferred' | 'done';

/** Puts the grant's next expiry notice for its current end in that notice's day bucket; what it put. */
export async function scheduleGrantNotice(d: Pick<SweepDeps, 'dueItems' | 'grantNotices'>, g: GrantDoc, now: Date) {
  const next = nextGrantNotice(g, d.grantNotices.offsets, now);
  if (next) {
    const { dueAt, offsetDays } = next;
    await d.dueItems.put({ kind: 'grantNotice', targetId: g.id, partitionKey: g.customerTenantId, dueAt, offsetDays });
  }
  return next;
}

/**
 * Moves the item to the grant's next expiry notice (one item per grant, moved from notice to
 * notice, as an invitation's deadline item is), or lets it go when no notice is left.
 */
async function moveToNext(d: SweepDeps, item: DueItem, g: GrantDoc, now: Date): Promise<boolean> {
  const next = await scheduleGrantNotice(d, g, now);
  if (!next || bucketOf(next.dueAt) !== item.bucket) await d.dueItems.done(item);
  return next !== undefined;
}

/**
 * One `grantNotice` item: the expiry notice that came due (emails to the partner's contacts and the
 * customer's contact, then the keyed `grant.expiring` audit entry, which is the webhook event and
 * the mark that it went out), then the item moves to the next notice. A grant that ended or was
 * removed gets none. The schedule is computed from the grant as it is now, so an extension or a
 * renewal moves the notices with its end; the item's own offset is only a label.
 */
export async function sweepGrantNotice(d: SweepDeps, item: DueItem, now: Date): Promise<GrantNoticeOutcome> {
  const found = item.partitionKey ? await d.records.grant(item.partitionKey, item.targetId) : undefined;
  if (!found || found.doc.status !== 'active') {
    await d.dueItems.done(item);
    return 'done';
  }
  const g = found.doc;
  const offsetDays = dueGrantNotice(g, d.grantNotices.offsets, now);
  let notified = false;
  if (offsetDays !== undefined) {
    const notice = { kind: 'expiring', offsetDays } as const;
    const key = grantNoticeName(g, notice);
    // The entry is appended after the emails: a crash between them sends again under the same Operation-Ids.
    if (!(await d.audit.has(g.partnerTenantId, key))) {
      if ((await sendGrantNotice(d.grantNotices, g, notice)) === 'deferred') return 'deferred';
      const tenants = { customerTenantId: g.customerTenantId, partnerTenantId: g.partnerTenantId };
      const entry = {
        at: now.toISOString(),
        actor: systemActor,
        action: 'grant.expiring',
        subject: { type: 'grant', id: g.id },
        correlationId: g.invitationId,
        detail: { endsAt: g.endsAt, offsetDays, ...tenants },
      };
      await d.audit.append([g.customerTenantId, g.partnerTenantId], entry, key);
      notified = true;
    }
  }
  const more = await moveToNext(d, item, g, now);
  return notified ? 'notified' : more ? 'rescheduled' : 'done';
}

/**
 * One `accessLost` item, written by a customer's removal of a grant: the partner's contacts are
 * told. Kept while the quota defers the email; gone once sent, or when the grant was not removed
 * after all (the removal that wrote it failed).
 */
export async function sweepAccessLost(d: SweepDeps, item: DueItem): Promise<'notified' | 'deferred' | 'done'> {
  const found = item.partitionKey ? await d.records.grant(item.partitionKey, item.targetId) : undefined;
  if (found?.doc.status === 'removed') {
    if ((await sendGrantNotice(d.grantNotices, found.doc, { kind: 'removed' })) === 'deferred') return 'deferred';
    await d.dueItems.done(item);
    return 'notified';
  }
  await d.dueItems.done(item);
  return 'done';
}
