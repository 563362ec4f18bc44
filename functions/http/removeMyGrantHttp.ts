import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authenticate } from '../../shared/auth/authenticate';
import { removeMyGrant } from '../../shared/customers/removeMyGrant';
import { correlationIdOf } from '../../shared/http/request';
import { parseInput } from '../../shared/schemas/parse';
import { idParamSchema } from '../../shared/schemas/queries';
import { removeMyGrantDeps } from '../compose/customersDeps';

/** DELETE /api/me/delegated-admin-grants/{id}: the customer's Global admin removes a grant its tenant gave. */
export async function removeMyGrantHttp(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const caller = await authenticate(request);
  const { id } = parseInput(idParamSchema, { ...request.params }, 'path');
  const now = new Date();
  const meta = { correlationId: correlationIdOf(request, context), now };
  const removed = await removeMyGrant(removeMyGrantDeps(context, now), caller, id, meta);
  return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: removed };
}
