import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authenticate } from '../../shared/auth/authenticate';
import { requireRole } from '../../shared/auth/roles';
import { AppError } from '../../shared/http/errors';
import { partnerStore } from '../../shared/store/partners';

/** GET /api/partner: the caller's own partner profile (the tenant comes from the token only). */
export async function getPartner(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authenticate(request);
  requireRole(caller, 'partner.read');
  const found = await partnerStore().get(caller.tenantId);
  if (!found) throw new AppError('not_found', 'Your organisation has no partner profile yet.');
  return { status: 200, headers: { etag: found.etag, 'cache-control': 'no-store' }, jsonBody: found.partner };
}
