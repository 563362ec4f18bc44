import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/caller';
import { createInvitationAction, requireRole } from '../auth/roles';
import { createInvitation } from '../domain/createInvitation';
import { idempotentInvitationId } from '../domain/ids';
import { userActor, type Invitation } from '../domain/invitation';
import { unwrap } from '../domain/result';
import { deriveInvitationToken, hashToken } from '../domain/token';
import { defaultInvitationEmail } from '../email/templates';
import { AppError } from '../http/errors';
import type { InvitationCreate } from '../schemas/invitations';
import type { AuditLog } from '../store/audit';
import type { DueItemStore } from '../store/dueItems';
import type { InvitationIndex } from '../store/invitationIndex';
import type { InvitationStore } from '../store/invitations';
import type { PartnerStore } from '../store/partners';

export interface SendInvitationDeps {
  invitations: InvitationStore;
  index: InvitationIndex;
  dueItems: DueItemStore;
  audit: AuditLog;
  partners: PartnerStore;
  tokenSecret: string;
  reminderDaysBefore: number;
  /** Starts the one orchestration of the invitation (instance id = invitation id); idempotent. */
  startOrchestration(invitation: Invitation): Promise<void>;
  now: () => Date;
}

/**
 * A partner invites a customer (invitation kind 1): rules checked, the invitation written with
 * only its token's hash, then its orchestration started. An Idempotency-Key maps to one id, so a
 * repeat returns the first invitation and sends no second email.
 */
export async function sendInvitation(d: SendInvitationDeps, caller: Caller, body: InvitationCreate, idempotencyKey?: string): Promise<{ invitation: Invitation; created: boolean }> {
  requireRole(caller, createInvitationAction(body.includeDelegatedAdmin));
  const inviter = (await d.partners.get(caller.tenantId))?.partner;
  if (!inviter) throw new AppError('conflict', 'Set up your partner profile (PUT /api/partner) before inviting customers.');
  const id = idempotencyKey ? idempotentInvitationId(caller.tenantId, idempotencyKey) : randomUUID();
  const existing = idempotencyKey ? await d.invitations.get(id) : undefined;
  if (existing) return { invitation: existing.doc, created: false };
  const email = body.email ?? defaultInvitationEmail({ kind: 'customerRelationship', inviterName: inviter.name, recipientName: body.recipientName, includeDelegatedAdmin: body.includeDelegatedAdmin, delegatedAdmin: body.delegatedAdmin, expiresInDays: body.expiresInDays, locale: body.locale });
  const invitation = unwrap(
    createInvitation(
      {
        id,
        kind: 'customerRelationship',
        inviter,
        createdBy: userActor(caller),
        recipientEmail: body.recipientEmail,
        recipientName: body.recipientName,
        customerTenantId: body.customerTenantId,
        includeDelegatedAdmin: body.includeDelegatedAdmin,
        delegatedAdmin: body.delegatedAdmin,
        email: { subject: email.subject, text: email.text, locale: body.locale },
        expiresInDays: body.expiresInDays,
        reminderDaysBefore: d.reminderDaysBefore,
        tokenHash: hashToken(deriveInvitationToken(d.tokenSecret, id)),
        idempotencyKey,
      },
      d.now(),
    ),
  );
  const created = (await d.invitations.create(invitation)) === 'created';
  const stored = created ? invitation : ((await d.invitations.get(id))?.doc ?? invitation);
  if (created) {
    await d.index.put(stored);
    await d.dueItems.put({ kind: 'invitationDeadline', targetId: id, dueAt: stored.expiresAt });
    await d.audit.append([caller.tenantId], { at: stored.createdAt, actor: stored.createdBy, action: 'invitation.created', subject: { type: 'invitation', id }, correlationId: id, detail: { includeDelegatedAdmin: stored.includeDelegatedAdmin } }, `created:${id}`);
  }
  // Started on every call: after a crash between the write and the start, a retry starts it.
  await d.startOrchestration(stored);
  return { invitation: stored, created };
}
