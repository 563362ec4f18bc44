import type { Container } from '@azure/cosmos';
import type { CustomerCreation } from '../domain/customerCreation';
import { containers } from './containers';
import type { CustomerRecord } from './records';
import { appDatabase } from './database';
import { type Versioned, clean, cosmosStatus, createIfAbsent, readItem, replaceIfMatch } from './cosmosOps';

/**
 * The customer record a creation writes: the program's record plus the new tenant's domain and admin,
 * and the contact given at creation (who receives the admin account): the customer's contact for its
 * grant notices, since a created customer's grant has no invitation whose recipient could be told.
 */
export type NewCustomerRecord = CustomerRecord & {
  domainPrefix: string;
  adminUserName: string;
  creationId: string;
  contactEmail: string;
};

/** A domain prefix held by one creation: id = the prefix, so create-if-absent decides who gets it. */
export interface PrefixReservation {
  id: string;
  creationId: string;
  providerTenantId: string;
  customerTenantId: string;
  reservedAt: string;
}

/** Port: creation records (provider partition) and domain prefix reservations (one partition each). */
export interface CreationStore {
  get(providerTenantId: string, id: string): Promise<Versioned<CustomerCreation> | undefined>;
  create(c: CustomerCreation): Promise<'created' | 'exists'>;
  replace(c: CustomerCreation, etag: string): Promise<'done' | 'conflict'>;
  /** Creations not yet published or rolled back, across providers (the sweep's work; few at a time). */
  open(limit: number): Promise<CustomerCreation[]>;
  reservePrefix(r: PrefixReservation): Promise<'created' | 'exists'>;
  prefix(prefix: string): Promise<PrefixReservation | undefined>;
  /** Releases a prefix only if this creation holds it. */
  releasePrefix(prefix: string, creationId: string): Promise<void>;
  /** The new customer's record (create-if-absent), and its removal by a rollback. */
  putCustomer(c: NewCustomerRecord): Promise<void>;
  removeCustomer(tenantId: string): Promise<void>;
}

export function cosmosCreationStore(creations: Container, prefixes: Container, customers: Container): CreationStore {
  const remove = async (c: Container, id: string, pk: string) => {
    try {
      await c.item(id, pk).delete();
    } catch (e) {
      if (cosmosStatus(e) !== 404) throw e;
    }
  };
  return {
    get: (providerTenantId, id) => readItem<CustomerCreation>(creations, id, providerTenantId, 'providerTenantId'),
    create: (c) => createIfAbsent(creations, c),
    async replace(c, etag) {
      return (await replaceIfMatch(creations, c, c.providerTenantId, etag)) === 'conflict' ? 'conflict' : 'done';
    },
    async open(limit) {
      const page = await creations.items
        .query<CustomerCreation>(
          { query: 'SELECT * FROM c WHERE c.open = true', parameters: [] },
          { maxItemCount: limit },
        )
        .fetchNext();
      return (page.resources ?? []).map((r) => clean<CustomerCreation>(r));
    },
    reservePrefix: (r) => createIfAbsent(prefixes, r),
    prefix: async (prefix) => (await readItem<PrefixReservation>(prefixes, prefix, prefix, 'id'))?.doc,
    async releasePrefix(prefix, creationId) {
      const held = await readItem<PrefixReservation>(prefixes, prefix, prefix, 'id');
      if (!held || held.doc.creationId !== creationId) return;
      try {
        await prefixes.item(prefix, prefix).delete({ accessCondition: { type: 'IfMatch', condition: held.etag } });
      } catch (e) {
        if (cosmosStatus(e) !== 404 && cosmosStatus(e) !== 412) throw e;
      }
    },
    putCustomer: async (c) => void (await createIfAbsent(customers, c)),
    removeCustomer: (tenantId) => remove(customers, tenantId, tenantId),
  };
}

let shared: CreationStore | undefined;
/** The process-wide creation store on the app's database. */
export function creationStore(): CreationStore {
  shared ??= cosmosCreationStore(
    appDatabase().container(containers.customerCreations.id),
    appDatabase().container(containers.domainPrefixes.id),
    appDatabase().container(containers.customers.id),
  );
  return shared;
}
