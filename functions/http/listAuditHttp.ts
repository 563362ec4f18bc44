import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authenticate } from '../../shared/auth/authenticate';
import { recordsDeps } from '../compose/customersDeps';
import { listAudit } from '../../shared/customers/listAudit';
import { queryOf } from '../../shared/http/request';
import { parseInput } from '../../shared/schemas/parse';
import { auditListQuerySchema } from '../../shared/schemas/queries';

/** GET /api/audit: the caller's own tenant's audit trail, newest first, paged. */
export async function listAuditHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authenticate(request);
  const query = parseInput(auditListQuerySchema, queryOf(request), 'query');
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    jsonBody: await listAudit(recordsDeps(), caller, query),
  };
}
