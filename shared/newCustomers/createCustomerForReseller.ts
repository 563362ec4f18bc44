import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { type CustomerCreation, creationId } from '../domain/customerCreation';
import { AppError } from '../http/errors';
import type { NewCustomer } from '../schemas/customers';
import type { Versioned } from '../store/cosmosOps';
import { commitCreation } from './commitCreation';
import type { CreationDeps } from './ports';
import { checkNewCustomer, pendingCreation, requestHash } from './pendingCreation';
import { publishCreation } from './publishCreation';
import { newCustomerView } from './newCustomerView';

/**
 * The pending record of this attempt: created, found (a retry rolls it forward) or revived after a finished rollback.
 */
async function ensurePending(d: CreationDeps, fresh: CustomerCreation): Promise<Versioned<CustomerCreation>> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await d.creations.get(fresh.providerTenantId, fresh.id);
    if (!found) {
      await d.creations.create(fresh);
      continue;
    }
    if (found.doc.state !== 'abandoned') return found;
    if (found.doc.open)
      throw new AppError(
        'conflict',
        'An earlier attempt with this Idempotency-Key is being rolled back; try again shortly.',
      );
    await d.creations.replace(fresh, found.etag);
  }
  throw new AppError('conflict', 'The creation is being changed by someone else; try again.');
}

/**
 * POST /api/customers: an indirect provider adds a customer for a reseller in partnership, with its
 * subscriptions. Everything is written under ids derived from the Idempotency-Key and committed by
 * one conditional write; a retry with the same key completes an interrupted attempt or returns the
 * first result, never the password again.
 */
export async function createCustomerForReseller(
  d: CreationDeps,
  caller: Caller,
  body: NewCustomer,
  idempotencyKey: string,
  now: Date,
) {
  requireRole(caller, 'customer.create');
  const id = creationId(caller.tenantId, idempotencyKey);
  const existing = await d.creations.get(caller.tenantId, id);
  if (existing && existing.doc.requestHash !== requestHash(body)) {
    throw new AppError('conflict', 'This Idempotency-Key was used for another customer; use a new key.');
  }
  if (existing?.doc.state === 'complete') {
    await publishCreation(d, existing.doc, now);
    return { replayed: true, body: newCustomerView(existing.doc) };
  }
  await checkNewCustomer(d, caller, body);
  const pending = await ensurePending(d, pendingCreation(caller, body, id, now));
  const { creation, temporaryPassword } = await commitCreation(d, pending, now);
  await publishCreation(d, creation, now);
  return { replayed: temporaryPassword === undefined, body: newCustomerView(creation, temporaryPassword) };
}
