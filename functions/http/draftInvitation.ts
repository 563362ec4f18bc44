import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { defaultInvitationEmail } from '../../shared/email/templates';
import { AppError } from '../../shared/http/errors';
import { readJsonBody } from '../../shared/http/body';
import { invitationDraftSchema } from '../../shared/schemas/invitations';
import { parseInput } from '../../shared/schemas/parse';
import { partnerStore } from '../../shared/store/partners';

/** POST /api/invitations/draft: the default email for the caller and the chosen options. */
export async function draftInvitation(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitation.draft');
  const body = parseInput(invitationDraftSchema, await readJsonBody(request));
  const inviter = (await partnerStore().get(caller.tenantId))?.partner;
  if (!inviter) throw new AppError('conflict', 'Set up your partner profile (PUT /api/partner) first.');
  const provider = body.providerTenantId ? (await partnerStore().get(body.providerTenantId))?.partner : undefined;
  const email = defaultInvitationEmail({ ...body, inviterName: inviter.name, providerName: provider?.name });
  return { status: 200, jsonBody: email };
}
