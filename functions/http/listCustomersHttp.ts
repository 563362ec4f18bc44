import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { recordsDeps } from '../compose/customersDeps';
import { listCustomers } from '../../shared/customers/listCustomers';
import { queryOf } from '../../shared/http/request';
import { parseInput } from '../../shared/schemas/parse';
import { customerListQuerySchema } from '../../shared/schemas/queries';

/** GET /api/customers: the caller's active customers, paged (`pageSize`, `continuationToken`, `resellerId`). */
export async function listCustomersHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'customer.read');
  const query = parseInput(customerListQuerySchema, queryOf(request), 'query');
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    jsonBody: await listCustomers(recordsDeps(), caller, query),
  };
}
