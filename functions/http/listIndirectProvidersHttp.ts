import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { queryOf } from '../../shared/http/request';
import { partnershipDeps } from '../compose/partnershipsDeps';
import { listProviders } from '../../shared/partnerships/listProviders';
import { parseInput } from '../../shared/schemas/parse';
import { pageQuerySchema } from '../../shared/schemas/queries';

/** GET /api/indirect-providers: the reseller's providers, paged. */
export async function listIndirectProvidersHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'partnership.read');
  const query = parseInput(pageQuerySchema, queryOf(request), 'query');
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    jsonBody: await listProviders(partnershipDeps(), caller, query),
  };
}
