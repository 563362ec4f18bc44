import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authenticate } from '../../shared/auth/authenticate';
import { recordsDeps } from '../../shared/customers/cosmosDeps';
import { removeMyGrant } from '../../shared/customers/removeMyGrant';
import { correlationIdOf } from '../../shared/customers/request';
import { dueItemStore } from '../../shared/store/dueItems';
import { parseInput } from '../../shared/schemas/parse';
import { idParamSchema } from '../../shared/schemas/queries';

/** DELETE /api/me/delegated-admin-grants/{id}: the customer's Global admin removes a grant its tenant gave. */
export async function removeMyGrantHttp(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const caller = await authenticate(request);
  const { id } = parseInput(idParamSchema, { ...request.params }, 'path');
  const removed = await removeMyGrant({ ...recordsDeps(), dueItems: dueItemStore() }, caller, id, { correlationId: correlationIdOf(request, context), now: new Date() });
  return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: removed };
}
