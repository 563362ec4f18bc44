import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { readJsonBody } from '../../shared/http/body';
import { draftInvitation as draft } from '../../shared/invitations/draftInvitation';
import { invitationDraftSchema } from '../../shared/schemas/invitations';
import { parseInput } from '../../shared/schemas/parse';
import { draftDeps } from '../compose/invitationsDeps';

/** POST /api/invitations/draft: the default email for the caller and the chosen options, under the send's rules. */
export async function draftInvitationHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitation.draft');
  const body = parseInput(invitationDraftSchema, await readJsonBody(request));
  return { status: 200, jsonBody: await draft(draftDeps(), caller, body) };
}
