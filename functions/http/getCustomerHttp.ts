import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { recordsDeps } from '../compose/customersDeps';
import { getCustomer } from '../../shared/customers/getCustomer';
import { parseInput } from '../../shared/schemas/parse';
import { idParamSchema } from '../../shared/schemas/queries';

/** GET /api/customers/{id}: one of the caller's customers (by customer tenant id) with its grants. */
export async function getCustomerHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'customer.read');
  const { id } = parseInput(idParamSchema, { ...request.params }, 'path');
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    jsonBody: await getCustomer(recordsDeps(), caller, id),
  };
}
