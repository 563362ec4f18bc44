import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authenticate } from '../../shared/auth/authenticate';
import { recordsDeps } from '../compose/customersDeps';
import { myPartners } from '../../shared/customers/myPartners';
import { queryOf } from '../../shared/http/request';
import { parseInput } from '../../shared/schemas/parse';
import { pageQuerySchema } from '../../shared/schemas/queries';

/** GET /api/me/partners: the caller's own tenant's partners and the grants it gave them (customer Global admin). */
export async function myPartnersHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authenticate(request);
  const query = parseInput(pageQuerySchema, queryOf(request), 'query');
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    jsonBody: await myPartners(recordsDeps(), caller, query),
  };
}
