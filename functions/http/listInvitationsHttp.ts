import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { queryOf, withToken } from '../../shared/http/request';
import { parseInput } from '../../shared/schemas/parse';
import { invitationListQuerySchema } from '../../shared/schemas/queries';
import { invitationReadDeps } from '../compose/invitationsDeps';

/** GET /api/invitations: the caller's invitations, newest first, one partition, paged. */
export async function listInvitationsHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitation.read');
  const q = parseInput(invitationListQuerySchema, queryOf(request), 'query');
  // A continuation token the store refuses is the caller's bad input (400), not a 500 `internal`
  // (found by test/e2e/fuzz.test.ts: `continuationToken={}` or `1` answered 500).
  const page = await withToken(q.continuationToken, () =>
    invitationReadDeps().index.list(caller.tenantId, {
      status: q.status,
      kind: q.kind,
      pageSize: q.pageSize,
      continuationToken: q.continuationToken,
    }),
  );
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    jsonBody: { items: page.items, ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}) },
  };
}
