import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { AppError } from '../../shared/http/errors';
import { partnerProfiles } from '../compose/programDeps';

/** GET /api/partner: the caller's own partner profile (the tenant comes from the token only). */
export async function getPartnerHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'partner.read');
  const found = await partnerProfiles().get(caller.tenantId);
  if (!found) throw new AppError('partner_not_enrolled', 'Your organisation is not enrolled in the program.');
  return { status: 200, headers: { etag: found.etag, 'cache-control': 'no-store' }, jsonBody: found.partner };
}
