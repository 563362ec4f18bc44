import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { recordsDeps } from '../compose/customersDeps';
import { removeRelationship } from '../../shared/customers/removeRelationship';
import { correlationIdOf } from '../../shared/http/request';
import { parseInput } from '../../shared/schemas/parse';
import { idParamSchema } from '../../shared/schemas/queries';

/** DELETE /api/customers/{id}/relationship: removes the relationship; the response lists the grants that remain. */
export async function removeRelationshipHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'customer.removeRelationship');
  const { id } = parseInput(idParamSchema, { ...request.params }, 'path');
  const result = await removeRelationship(recordsDeps(), caller, id, {
    correlationId: correlationIdOf(request, context),
    now: new Date(),
  });
  return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: result };
}
