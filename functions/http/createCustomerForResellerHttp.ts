import { randomUUID } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { readJsonBody } from '../../shared/http/body';
import { creationDeps } from '../compose/newCustomersDeps';
import { createCustomerForReseller } from '../../shared/newCustomers/createCustomerForReseller';
import { idempotencyKeySchema } from '../../shared/schemas/common';
import { newCustomerSchema } from '../../shared/schemas/customers';
import { parseInput } from '../../shared/schemas/parse';

/**
 * POST /api/customers: 201 with the new customer, its admin account and (once) the temporary
 * password. Without an Idempotency-Key one is made up, so that request alone can never be retried.
 * The response is never cached or logged.
 */
export async function createCustomerForResellerHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'customer.create');
  const body = parseInput(newCustomerSchema, await readJsonBody(request));
  const raw = request.headers.get('idempotency-key');
  const key = raw === null ? randomUUID() : parseInput(idempotencyKeySchema, raw, 'Idempotency-Key header');
  const result = await createCustomerForReseller(creationDeps(), caller, body, key, new Date());
  const headers: Record<string, string> = {
    'cache-control': 'no-store',
    pragma: 'no-cache',
    location: `/api/customers/${result.body.customerTenantId}`,
  };
  if (result.replayed) headers['idempotent-replayed'] = 'true';
  return { status: 201, headers, jsonBody: result.body };
}
