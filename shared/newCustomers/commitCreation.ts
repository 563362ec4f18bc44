import type { CustomerCreation } from '../domain/customerCreation';
import { creationSubscriptions } from '../domain/customerCreation';
import { AppError } from '../http/errors';
import type { Versioned } from '../store/cosmosOps';
import type { CreationDeps } from './ports';

/** A committed creation, and the temporary password if (and only if) this call committed it. */
export interface Committed {
  creation: CustomerCreation;
  temporaryPassword?: string;
}

/** Takes the domain prefix for this creation; false when another creation holds it. */
async function reservePrefix(d: Pick<CreationDeps, 'creations'>, c: CustomerCreation, now: Date): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = await d.creations.reservePrefix({
      id: c.domainPrefix,
      creationId: c.id,
      providerTenantId: c.providerTenantId,
      customerTenantId: c.customerTenantId,
      reservedAt: now.toISOString(),
    });
    if (r === 'created') return true;
    const held = await d.creations.prefix(c.domainPrefix);
    if (held) return held.creationId === c.id;
    // Released between our create and read (a rollback): try again.
  }
  return false;
}

/**
 * Rolls a pending creation forward: the prefix, the customer record and the subscriptions (all
 * create-if-absent with ids from the creation, invisible in every list), then the one conditional
 * write that commits: state `complete` with the password's hash. The password leaves only with the
 * call whose commit won; a concurrent or later run gets the committed creation without it.
 */
export async function commitCreation(d: CreationDeps, v: Versioned<CustomerCreation>, now: Date): Promise<Committed> {
  const c = v.doc;
  if (c.state === 'complete') return { creation: c };
  if (c.state !== 'pending')
    throw new AppError('conflict', 'The creation was rolled back; retry with the same Idempotency-Key.');
  if (!(await reservePrefix(d, c, now))) {
    const abandoned: CustomerCreation = {
      ...c,
      state: 'abandoned',
      open: false,
      abandonedAt: now.toISOString(),
      abandonedReason: 'domainPrefixTaken',
    };
    await d.creations.replace(abandoned, v.etag);
    throw new AppError('conflict', `The domain prefix "${c.domainPrefix}" is already taken; choose another.`);
  }
  await d.creations.putCustomer({
    id: c.customerTenantId,
    tenantId: c.customerTenantId,
    type: 'customer',
    companyName: c.companyName,
    country: c.country,
    domainPrefix: c.domainPrefix,
    adminUserName: c.adminUserName,
    creationId: c.id,
    contactEmail: c.contact.email,
  });
  for (const s of creationSubscriptions(c)) await d.subscriptions.create(s);

  const temporaryPassword = d.password.generate();
  const committed: CustomerCreation = {
    ...c,
    state: 'complete',
    completedAt: now.toISOString(),
    adminPasswordHash: await d.password.hash(temporaryPassword),
  };
  if ((await d.creations.replace(committed, v.etag)) === 'done') return { creation: committed, temporaryPassword };
  const again = await d.creations.get(c.providerTenantId, c.id);
  if (again?.doc.state === 'complete') return { creation: again.doc };
  throw new AppError('conflict', 'The creation was interrupted; retry with the same Idempotency-Key.');
}
