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
    await d.dueItems.done({ id: `grantEnd:${g.id}`, bucket: bucketOf(previous), kind: 'grantEnd', targetId: g.id, partitionKey: g.customerTenantId, dueAt: previous });
  }
}

/**
 * Records an accepted renewal (the invitation is `accepted`, acceptedBy the customer): the grant is
 * extended in place by an ETag-conditional replace naming the invitation, its end's due item moved,
 * `grant.extended` audited (keyed by grant and invitation) and the acceptance recorded. A re-run
 * after a crash at any point finds the grant already naming this invitation and only finishes the
 * rest; a conflicting write (the sweep, a removal) throws, so the activity's retry reads again. A
 * grant that ended or was removed since the answer is left as it is, and the record says so.
 */
export async function recordRenewal(d: RecordRenewalDeps, invitation: Invitation, customerTenantId: string): Promise<void> {
  const at = d.now().toISOString();
  const found = invitation.grantId ? await d.records.grant(customerTenantId, invitation.grantId) : undefined;
  const change = found ? renewedGrant(found.doc, invitation, d.now()) : undefined;
  let extended: GrantDoc | undefined;
  if (found && change?.ok) {
    if (change.value.action === 'extend') {
      const next: GrantDoc = { ...found.doc, ...change.value.grant };
      if ((await d.records.replaceGrant(next, found.etag)) === 'conflict') throw new Error(`grant ${found.doc.id} changed while renewal ${invitation.id} was recorded; retrying`);
      extended = next;
    } else {
      extended = found.doc;
    }
    await moveEndItem(d, extended);
    const renewal = extended.renewal;
    await d.audit.append([extended.customerTenantId, extended.partnerTenantId], {
      at,
      actor: systemActor,
      action: 'grant.extended',
      subject: { type: 'grant', id: extended.id },
      correlationId: invitation.id,
      detail: { endsAt: extended.endsAt, ...(renewal ? { previousEndsAt: renewal.previousEndsAt } : {}), duration: extended.duration, roles: extended.roles.length, renewalInvitationId: invitation.id },
    }, `grant-renewed:${extended.id}:${invitation.id}`);
  }
  await d.audit.append([invitation.partnerTenantId, customerTenantId], {
    at,
    actor: systemActor,
    action: 'invitation.recorded',
    subject: { type: 'invitation', id: invitation.id },
    correlationId: invitation.id,
    detail: { relationships: 0, grant: false, partnership: false, renewal: true, grantExtended: Boolean(extended), ...(invitation.grantId ? { grantId: invitation.grantId } : {}) },
  }, `recorded:${invitation.id}`);
  const result = await d.invitations.apply(invitation.id, { type: 'record' }, d.now());
  if (result?.ok) await d.index.put(result.value.invitation);
}
