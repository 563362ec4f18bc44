import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authenticate } from '../../shared/auth/authenticate';
import { requireRole } from '../../shared/auth/roles';
import { readJsonBody } from '../../shared/http/body';
import { parseInput } from '../../shared/schemas/parse';
import { partnerProfilePutSchema } from '../../shared/schemas/partner';
import { forgetInviterProfile } from '../../shared/store/inviterProfileCache';
import { partnerStore } from '../../shared/store/partners';

/** PUT /api/partner: sets the caller's partner profile; an If-Match header makes it conditional. */
export async function putPartner(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authenticate(request);
  requireRole(caller, 'partner.update');
  const body = parseInput(partnerProfilePutSchema, await readJsonBody(request));
  const ifMatch = request.headers.get('if-match') ?? undefined;
  const saved = await partnerStore().upsert({ tenantId: caller.tenantId, ...body }, { ifMatch });
  // New invitations from this process use the new profile at once (others within the cache's TTL).
  forgetInviterProfile(caller.tenantId);
  return { status: 200, headers: { etag: saved.etag, 'cache-control': 'no-store' }, jsonBody: saved.partner };
}
