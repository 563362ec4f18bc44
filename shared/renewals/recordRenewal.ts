import { grantView } from '../customers/recordViews';
import { renewedGrant } from '../domain/grantRenewal';
import { systemActor, type Invitation } from '../domain/invitation';
import type { AuditLog } from '../store/audit';
import { bucketOf, type DueItemStore } from '../store/dueItems';
import type { InvitationIndex } from '../store/invitationIndex';
import type { InvitationStore } from '../store/invitations';
import type { GrantDoc, RecordStore } from '../store/records';

export interface RecordRenewalDeps {
  invitations: Pick<InvitationStore, 'apply'>;
  records: Pick<RecordStore, 'grant' | 'replaceGrant'>;
  dueItems: Pick<DueItemStore, 'put' | 'done'>;
  audit: Pick<AuditLog, 'append'>;
  index: Pick<InvitationIndex, 'put'>;
  now: () => Date;
}

/** The grant's end item follows its new end: the item for the new end first, then the old day's item goes. */
async function moveEndItem(d: RecordRenewalDeps, g: GrantDoc): Promise<void> {
  await d.dueItems.put({ kind: 'grantEnd', targetId: g.id, partitionKey: g.customerTenantId, dueAt: g.endsAt });
  const previous = g.renewal?.previousEndsAt;
  if (previous && bucketOf(previous) !== bucketOf(g.endsAt)) {
    // Same id in another day's partition (shared/store/dueItems.ts); a missing one is fine.
    await d.dueItems.done({
      id: `grantEnd:${g.id}`,
      bucket: bucketOf(previous),
      kind: 'grantEnd',
      targetId: g.id,
      partitionKey: g.customerTenantId,
      dueAt: previous,
    });
  }
  // The new end's expiry notices (README, Grant notices): due now, the sweep moves it to the first.
  const notice = { kind: 'grantNotice', targetId: g.id, partitionKey: g.customerTenantId } as const;
  await d.dueItems.put({ ...notice, dueAt: d.now().toISOString() });
}

/** Conditional replaces tried before giving up: the accept request and the orchestration record at once. */
const ATTEMPTS = 3;

/**
 * The grant as this renewal leaves it (undefined: not extended, it ended or went). The accept
 * request and the orchestration both record, so a lost ETag race reads again and usually finds
 * the other's work done; a conflict that persists throws, and the activity's retry comes back.
 */
async function applyToGrant(
  d: RecordRenewalDeps,
  invitation: Invitation,
  customerTenantId: string,
): Promise<GrantDoc | undefined> {
  for (let attempt = 1; ; attempt++) {
    const found = invitation.grantId ? await d.records.grant(customerTenantId, invitation.grantId) : undefined;
    // In force when the customer accepted is what counts: recording may come later (a crash, the sweep).
    const change = found ? renewedGrant(found.doc, invitation, new Date(invitation.answeredAt ?? d.now())) : undefined;
    if (!found || !change?.ok) return undefined;
    if (change.value.action === 'alreadyDone') return found.doc;
    if (change.value.action === 'superseded') return undefined;
    const next: GrantDoc = { ...found.doc, ...change.value.grant };
    if ((await d.records.replaceGrant(next, found.etag)) === 'done') return next;
    if (attempt >= ATTEMPTS)
      throw new Error(`grant ${found.doc.id} kept changing while renewal ${invitation.id} was recorded; retrying`);
  }
}

/**
 * Records an accepted renewal (the invitation is `accepted`, acceptedBy the customer): the grant is
 * extended in place by an ETag-conditional replace naming the invitation, its end's due item moved,
 * `grant.extended` audited (keyed by grant and invitation) and the acceptance recorded. A re-run
 * after a crash at any point finds the grant already naming this invitation and only finishes the
 * rest; a conflicting write (the other recorder, the sweep, a removal) is read again. A grant that
 * ended or was removed before the answer, or that a renewal accepted later already extended, is
 * left as it is, and the record says so.
 */
export async function recordRenewal(
  d: RecordRenewalDeps,
  invitation: Invitation,
  customerTenantId: string,
): Promise<void> {
  const at = d.now().toISOString();
  const extended = await applyToGrant(d, invitation, customerTenantId);
  if (extended) {
    await moveEndItem(d, extended);
    const renewal = extended.renewal;
    await d.audit.append(
      [extended.customerTenantId, extended.partnerTenantId],
      {
        at,
        actor: systemActor,
        action: 'grant.extended',
        subject: { type: 'grant', id: extended.id },
        correlationId: invitation.id,
        detail: {
          endsAt: extended.endsAt,
          ...(renewal ? { previousEndsAt: renewal.previousEndsAt } : {}),
          duration: extended.duration,
          roles: extended.roles.length,
          renewalInvitationId: invitation.id,
        },
        // The event's data: the grant as this renewal left it, as GET shows it (shared/webhooks/outbox.ts).
        resource: grantView(extended),
      },
      `grant-renewed:${extended.id}:${invitation.id}`,
    );
  }
  await d.audit.append(
    [invitation.partnerTenantId, customerTenantId],
    {
      at,
      actor: systemActor,
      action: 'invitation.recorded',
      subject: { type: 'invitation', id: invitation.id },
      correlationId: invitation.id,
      detail: {
        relationships: 0,
        grant: false,
        partnership: false,
        renewal: true,
        grantExtended: Boolean(extended),
        ...(invitation.grantId ? { grantId: invitation.grantId } : {}),
      },
    },
    `recorded:${invitation.id}`,
  );
  const result = await d.invitations.apply(invitation.id, { type: 'record' }, d.now());
  if (result?.ok) await d.index.put(result.value.invitation);
}
