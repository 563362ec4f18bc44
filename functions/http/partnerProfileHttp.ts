import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authenticate } from '../../shared/auth/authenticate';
import { authorize } from '../../shared/auth/authorize';
import { readJsonBody } from '../../shared/http/body';
import { AppError } from '../../shared/http/errors';
import { programDeps } from '../compose/programDeps';
import { updatePartnerContacts } from '../../shared/program/updateContacts';
import { parseInput } from '../../shared/schemas/parse';
import { partnerContactsPatchSchema } from '../../shared/schemas/partner';

/**
 * PUT /api/partner is gone: a partner's identity (name, kind, MPN id, country, cloud) is the
 * program operator's to set, since any tenant can give itself partner app roles. 405 says where to go.
 */
export async function putPartnerHttp(request: HttpRequest): Promise<HttpResponseInit> {
  // Who asks is checked first, as on every operation: a bad token is 401/403 here too.
  await authenticate(request);
  throw new AppError(
    'method_not_allowed',
    'Partners do not enrol themselves: ask to join with POST /api/enrolment-requests; change your contact details with PATCH /api/partner.',
    { allow: 'GET, PATCH' },
  );
}

/** PATCH /api/partner: the caller's own contact details; an If-Match header makes it conditional on that version. */
export async function patchPartnerHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'partner.updateContacts');
  const patch = parseInput(partnerContactsPatchSchema, await readJsonBody(request));
  const saved = await updatePartnerContacts(programDeps(), caller, patch, request.headers.get('if-match') ?? undefined);
  return { status: 200, headers: { etag: saved.etag, 'cache-control': 'no-store' }, jsonBody: saved.partner };
}
