import { systemActor } from '../../shared/domain/invitation';
import { invitationView } from '../../shared/invitations/invitationView';
import { invitationActivityInputSchema } from '../../shared/schemas/orchestration';
import type { AuditLog } from '../../shared/store/audit';
import type { InvitationIndex } from '../../shared/store/invitationIndex';
import type { InvitationStore } from '../../shared/store/invitations';
import { expireInvitationDeps } from '../compose/invitationsDeps';
import { wiredOnFirstUse } from '../compose/wiredOnFirstUse';

export interface ExpireInvitationDeps {
  invitations: InvitationStore;
  index: InvitationIndex;
  audit: AuditLog;
  now: () => Date;
}

/**
 * At the deadline: expires a still-pending invitation by a conditional write and returns the
 * invitation's final answer. An acceptance that won the race just before the deadline comes back
 * as 'accepted', so exactly one terminal state holds.
 */
export function makeExpireInvitation(d: ExpireInvitationDeps) {
  return async (raw: unknown): Promise<string> => {
    const { invitationId, at } = invitationActivityInputSchema.parse(raw);
    const result = await d.invitations.apply(invitationId, { type: 'expire' }, at ? new Date(at) : d.now());
    // Also when it had expired already: a re-run after the host died between these writes completes
    // the list and the audit trail (an upsert and a keyed entry: they land once).
    if (result?.ok) {
      await d.index.put(result.value.invitation);
      await d.audit.append(
        [result.value.invitation.partnerTenantId],
        {
          at: d.now().toISOString(),
          actor: systemActor,
          action: 'invitation.expired',
          subject: { type: 'invitation', id: invitationId },
          correlationId: invitationId,
          resource: invitationView(result.value.invitation, d.now()),
        },
        `expired:${invitationId}`,
      );
    }
    const current = await d.invitations.get(invitationId);
    const status = current?.doc.status ?? 'expired';
    return status === 'recorded' ? 'accepted' : status;
  };
}

/** The activity's handler on the process-wide stores. */
export const expireInvitationHandler = wiredOnFirstUse(() => makeExpireInvitation(expireInvitationDeps()));
