import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { queryOf } from '../../shared/http/request';
import { partnershipDeps } from '../compose/partnershipsDeps';
import { listResellers } from '../../shared/partnerships/listResellers';
import { parseInput } from '../../shared/schemas/parse';
import { resellerListQuerySchema } from '../../shared/schemas/queries';

/** GET /api/indirect-resellers: the provider's resellers, paged (`pageSize`, `continuationToken`, `name`). */
export async function listIndirectResellersHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'partnership.read');
  const query = parseInput(resellerListQuerySchema, queryOf(request), 'query');
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    jsonBody: await listResellers(partnershipDeps(), caller, query),
  };
}
