import { establishRelationship } from '../../shared/customers/establishRelationship';
import { acceptanceRecords } from '../../shared/domain/acceptanceRecords';
import { systemActor } from '../../shared/domain/invitation';
import { transition } from '../../shared/domain/transition';
import { invitationView } from '../../shared/invitations/invitationView';
import { invitationActivityInputSchema, type ActivityOutcome } from '../../shared/schemas/orchestration';
import type { AuditLog } from '../../shared/store/audit';
import type { DueItemStore } from '../../shared/store/dueItems';
import type { InvitationIndex } from '../../shared/store/invitationIndex';
import type { InvitationStore } from '../../shared/store/invitations';
import type { RecordStore } from '../../shared/store/records';
import { recordPartnership, type RecordPartnershipDeps } from '../../shared/partnerships/recordPartnership';
import { recordRenewal } from '../../shared/renewals/recordRenewal';
import { recordAcceptanceDeps } from '../compose/invitationsDeps';
import { wiredOnFirstUse } from '../compose/wiredOnFirstUse';

export interface RecordAcceptanceDeps {
  invitations: InvitationStore;
  records: RecordStore;
  index: InvitationIndex;
  audit: AuditLog;
  dueItems: DueItemStore;
  partnerships: RecordPartnershipDeps['partnerships'];
  partners: RecordPartnershipDeps['partners'];
  now: () => Date;
}

/**
 * Records what an acceptance grants: the customer if new, the relationship(s), the grant (for a
 * partnership request: the partnership). Every
 * write has a deterministic id and is create-if-absent, so a re-run after a crash finds its own
 * work and adds nothing; the invitation turns `recorded` last.
 */
export function makeRecordAcceptance(d: RecordAcceptanceDeps) {
  return async (raw: unknown): Promise<ActivityOutcome> => {
    const { invitationId } = invitationActivityInputSchema.parse(raw);
    const stored = await d.invitations.get(invitationId);
    if (!stored) return { outcome: 'skipped', detail: 'no such invitation' };
    const invitation = stored.doc;
    if (invitation.status === 'recorded') {
      // A re-run after the host died between the last two writes: the list may still say accepted.
      await d.index.put(invitation);
      return { outcome: 'alreadyDone' };
    }
    if (invitation.status !== 'accepted' || !invitation.acceptedBy?.tenantId)
      return { outcome: 'skipped', detail: `invitation is ${invitation.status}` };
    const customerTenantId = invitation.acceptedBy.tenantId;
    // A renewal extends its grant in place and establishes nothing new (shared/renewals/recordRenewal.ts).
    if (invitation.kind === 'renewal') {
      await recordRenewal(d, invitation, customerTenantId);
      return { outcome: 'done' };
    }
    const records = acceptanceRecords(invitation, customerTenantId);
    if (!records.ok) throw new Error(`cannot record invitation ${invitationId}: ${records.code}`);
    const partnership = records.value.partnership;
    if (partnership) await recordPartnership(d, partnership);
    else if (!(await d.records.customer(customerTenantId))) {
      await d.records.putCustomer({ id: customerTenantId, tenantId: customerTenantId, type: 'customer' });
    }
    for (const r of records.value.relationships) {
      // A removed relationship gets a new period; its removal stays in the history and the audit log.
      if ((await establishRelationship(d.records, r)) === 'reestablished') {
        await d.audit.append(
          [r.partnerTenantId, r.customerTenantId],
          {
            at: d.now().toISOString(),
            actor: systemActor,
            action: 'relationship.reestablished',
            subject: { type: 'relationship', id: r.id },
            correlationId: invitationId,
            detail: { customerTenantId: r.customerTenantId, partnerTenantId: r.partnerTenantId },
          },
          `relationship-reestablished:${r.id}:${invitationId}`,
        );
      }
    }
    const grant = records.value.grant;
    if (grant) {
      await d.records.createGrant(grant);
      await d.dueItems.put({
        kind: 'grantEnd',
        targetId: grant.id,
        partitionKey: grant.customerTenantId,
        dueAt: grant.endsAt,
      });
      // Due at once: the next sweep moves it to the grant's first expiry notice (GRANT_EXPIRY_NOTICE_DAYS).
      const notice = { kind: 'grantNotice', targetId: grant.id, partitionKey: grant.customerTenantId } as const;
      await d.dueItems.put({ ...notice, dueAt: d.now().toISOString() });
    }
    const tenants = [
      invitation.partnerTenantId,
      customerTenantId,
      ...(invitation.providerTenantId ? [invitation.providerTenantId] : []),
    ];
    // The entry comes before the invitation turns recorded, so its snapshot (the webhook event's
    // data) is the invitation as that transition makes it, at the same instant.
    const now = d.now();
    const recorded = transition(invitation, { type: 'record' }, now);
    const resource = recorded.ok ? invitationView(recorded.value.invitation, now) : undefined;
    await d.audit.append(
      tenants,
      {
        at: now.toISOString(),
        actor: systemActor,
        action: 'invitation.recorded',
        subject: { type: 'invitation', id: invitationId },
        correlationId: invitationId,
        detail: {
          relationships: records.value.relationships.length,
          grant: Boolean(grant),
          partnership: Boolean(partnership),
        },
        ...(resource ? { resource } : {}),
      },
      `recorded:${invitationId}`,
    );
    const result = await d.invitations.apply(invitationId, { type: 'record' }, now);
    if (result?.ok) await d.index.put(result.value.invitation);
    return { outcome: 'done' };
  };
}

/** The activity's handler on the process-wide stores (the sweep records orphaned acceptances with it). */
export const recordAcceptanceHandler = wiredOnFirstUse(() => makeRecordAcceptance(recordAcceptanceDeps()));
