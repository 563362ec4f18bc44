import type { Actor, Invitation } from '../domain/invitation';
import { unwrap } from '../http/errors';
import type { AuditLog } from '../store/audit';
import type { InvitationIndex } from '../store/invitationIndex';
import type { InvitationStore } from '../store/invitations';

export interface ReaddressDeps {
  invitations: Pick<InvitationStore, 'apply'>;
  index: Pick<InvitationIndex, 'put'>;
  audit: Pick<AuditLog, 'append'>;
}

/** Corrects a pending invitation's address (the rule: shared/domain/transition.ts `readdress`). */
export type Readdress = (invitation: Invitation, recipientEmail: string, by: Actor, now: Date) => Promise<Invitation>;

/**
 * The correction written over the invitation's ETag, then its audit entry (keyed per correction)
 * and the partner's list, which shows the address. A repeat of the same correction changes nothing
 * and completes the audit and the list.
 */
export function readdressWith(d: ReaddressDeps): Readdress {
  return async (invitation, recipientEmail, by, now) => {
    const result = await d.invitations.apply(invitation.id, { type: 'readdress', recipientEmail, by }, now);
    const { invitation: updated } = unwrap(result ?? { ok: false, code: 'not_found', detail: 'No such invitation.' });
    const corrections = updated.timeline.filter((e) => e.type === 'readdressed');
    const entry = corrections.at(-1);
    const tenants = [updated.partnerTenantId, ...(updated.providerTenantId ? [updated.providerTenantId] : [])];
    await d.audit.append(
      tenants,
      {
        at: entry?.at ?? now.toISOString(),
        actor: by,
        action: 'invitation.readdressed',
        subject: { type: 'invitation', id: updated.id },
        correlationId: updated.id,
        detail: { sendNumber: updated.sendCount },
      },
      `readdressed:${updated.id}:${corrections.length}`,
    );
    await d.index.put(updated);
    return updated;
  };
}
