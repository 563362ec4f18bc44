import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { config } from '../../shared/config';
import type { Invitation } from '../../shared/domain/invitation';
import { startInvitationOrchestration } from '../../shared/invitations/invitationOrchestration';
import { inviterSendLimiter } from '../../shared/invitations/inviterSends';
import type { IssueInvitationDeps } from '../../shared/invitations/issueCustomerInvitation';
import { invitationView } from '../../shared/invitations/view';
import { idempotencyKeySchema } from '../../shared/schemas/common';
import { parseInput } from '../../shared/schemas/parse';
import { dueItemStore } from '../../shared/store/dueItems';
import { invitationIndex } from '../../shared/store/invitationIndex';
import { invitationStore } from '../../shared/store/invitations';
import { cachedInviterProfiles } from '../../shared/store/inviterProfileCache';
import { partnerStore } from '../../shared/store/partners';
import { roleTemplateStore } from '../../shared/store/roleTemplates';

/** The Idempotency-Key header of a creating request, parsed (undefined when absent). */
export function idempotencyKeyOf(request: HttpRequest): string | undefined {
  const raw = request.headers.get('idempotency-key');
  return raw === null ? undefined : parseInput(idempotencyKeySchema, raw, 'Idempotency-Key header');
}

/** The stores and settings every invitation-creating endpoint passes to its use case. */
export function issueInvitationDeps(context: InvocationContext): IssueInvitationDeps {
  const c = config();
  return {
    invitations: invitationStore(),
    index: invitationIndex(),
    dueItems: dueItemStore(),
    partners: cachedInviterProfiles(partnerStore()),
    sends: inviterSendLimiter(),
    tokenSecret: c.INVITATION_TOKEN_SECRET,
    reminderDaysBefore: c.REMINDER_DAYS_BEFORE_EXPIRY,
    startOrchestration: (i) => startInvitationOrchestration(context, i),
    now: () => new Date(),
    roleTemplates: roleTemplateStore(),
  };
}

/** 202 with the invitation and its Location; a replayed Idempotency-Key says so. */
export function acceptedInvitation(callerTenantId: string, result: { invitation: Invitation; created: boolean }): HttpResponseInit {
  const { invitation, created } = result;
  if (invitation.partnerTenantId !== callerTenantId) throw new Error('idempotency key collision across tenants');
  return {
    status: 202,
    headers: { location: `/api/invitations/${invitation.id}`, 'cache-control': 'no-store', ...(created ? {} : { 'idempotent-replayed': 'true' }) },
    jsonBody: invitationView(invitation, new Date()),
  };
}
