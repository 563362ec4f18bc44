import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { readJsonBody } from '../../shared/http/body';
import { requestRenewal } from '../../shared/renewals/requestRenewal';
import { parseInput } from '../../shared/schemas/parse';
import { grantRenewalParamsSchema, renewalRequestSchema } from '../../shared/schemas/renewals';
import { requestRenewalDeps } from '../compose/renewalsDeps';
import { acceptedInvitation, idempotencyKeyOf } from './issuingEndpoint';

/**
 * POST /api/customers/{id}/grants/{grantId}/renewal-requests: 202 with the renewal invitation; its
 * orchestration emails it.
 */
export async function requestGrantRenewalHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'grant.renewal.request');
  const params = parseInput(grantRenewalParamsSchema, { ...request.params }, 'path');
  const body = parseInput(renewalRequestSchema, await readJsonBody(request));
  const key = idempotencyKeyOf(request);
  return acceptedInvitation(
    caller.tenantId,
    await requestRenewal(requestRenewalDeps(context), caller, params, body, key),
  );
}
