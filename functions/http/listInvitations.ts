import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { authenticate } from '../../shared/auth/authenticate';
import { requireRole } from '../../shared/auth/roles';
import { withProblems } from '../../shared/http/handler';
import { parseInput } from '../../shared/schemas/parse';
import { invitationListQuerySchema } from '../../shared/schemas/queries';
import { invitationIndex } from '../../shared/store/invitationIndex';

/** GET /api/invitations: the caller's invitations, newest first, one partition, paged. */
export async function listInvitations(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authenticate(request);
  requireRole(caller, 'invitation.read');
  const q = parseInput(invitationListQuerySchema, Object.fromEntries(request.query.entries()), 'query');
  const page = await invitationIndex().list(caller.tenantId, { status: q.status, kind: q.kind, pageSize: q.pageSize, continuationToken: q.continuationToken });
  return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: { items: page.items, continuationToken: page.continuationToken ?? null } };
}

app.http('listInvitations', { route: 'invitations', methods: ['GET'], authLevel: 'anonymous', handler: withProblems(listInvitations) });
