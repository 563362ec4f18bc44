import type { Actor, Invitation } from '../domain/invitation';
import { invitationView } from '../invitations/invitationView';
import type { AuditEntry } from '../store/audit';

/** The audit entry an answer owes, with the tenants it goes to and its key (a keyed entry lands once). */
export interface AnswerAudit {
  tenants: string[];
  entry: Omit<AuditEntry, 'id' | 'tenantId'>;
  key: string;
}

/**
 * The audit entry of the answer stored on an invitation, derived from the stored invitation alone,
 * so the request that stored the answer, its retry and the sweep (after a request that died before
 * writing it) all write the same entry under the same key. Undefined when nobody has answered.
 */
export function answerAudit(invitation: Invitation, correlationId: string = invitation.id): AnswerAudit | undefined {
  const subject = { type: 'invitation', id: invitation.id } as const;
  const at = invitation.answeredAt ?? invitation.createdAt;
  const resource = invitationView(invitation, new Date(at));
  if (invitation.status === 'revoked') {
    const by = invitation.answeredBy as Actor;
    // Only the inviter revokes.
    return {
      tenants: [invitation.partnerTenantId],
      entry: { at, actor: by, action: 'invitation.revoked', subject, correlationId, resource },
      key: `revoked:${invitation.id}`,
    };
  }
  const outcome =
    invitation.status === 'declined'
      ? 'declined'
      : invitation.status === 'accepted' || invitation.status === 'recorded'
        ? 'accepted'
        : undefined;
  const by = outcome === 'accepted' ? invitation.acceptedBy : invitation.answeredBy;
  if (!outcome || !by) return undefined;
  const tenants = [
    invitation.partnerTenantId,
    ...(invitation.providerTenantId ? [invitation.providerTenantId] : []),
    ...(by.tenantId ? [by.tenantId] : []),
  ];
  return {
    tenants,
    entry: { at, actor: by, action: `invitation.${outcome}`, subject, correlationId, resource },
    key: `invitation:${invitation.id}:${outcome}`,
  };
}
