import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { correlationIdOf } from '../../shared/http/request';
import { partnershipDeps } from '../compose/partnershipsDeps';
import { removePartnership } from '../../shared/partnerships/removePartnership';
import { parseInput } from '../../shared/schemas/parse';
import { tenantIdParamSchema } from '../../shared/schemas/queries';

/**
 * DELETE /api/indirect-resellers/{tenantId}: removes the partnership; the response lists the
 * customers and grants that remain.
 */
export async function removePartnershipHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'partnership.remove');
  const { tenantId } = parseInput(tenantIdParamSchema, { ...request.params }, 'path');
  const result = await removePartnership(partnershipDeps(), caller, tenantId, {
    correlationId: correlationIdOf(request, context),
    now: new Date(),
  });
  return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: result };
}
