import type { Container } from '@azure/cosmos';
import type { Subscription } from '../domain/customerCreation';
import { containers } from './containers';
import { appDatabase } from './database';
import { type Versioned, cosmosStatus, createIfAbsent, queryPage, readItem, replaceIfMatch } from './cosmosOps';

/** A subscription as stored, in its customer's partition of the customers container. */
export type SubscriptionDoc = Subscription & { type: 'subscription'; tenantId: string };

/** Port: a customer's subscriptions. */
export interface SubscriptionStore {
  create(s: Subscription): Promise<'created' | 'exists'>;
  get(customerTenantId: string, id: string): Promise<Versioned<SubscriptionDoc> | undefined>;
  replace(s: SubscriptionDoc, etag: string): Promise<'done' | 'conflict'>;
  remove(customerTenantId: string, id: string): Promise<void>;
  /** The customer's subscriptions `readerTenantId` may read: those it owns or that name it. */
  list(
    customerTenantId: string,
    readerTenantId: string,
    pageSize: number,
    continuationToken?: string,
  ): Promise<{ items: SubscriptionDoc[]; continuationToken?: string }>;
}

export function cosmosSubscriptionStore(customers: Container): SubscriptionStore {
  return {
    create: (s) => createIfAbsent(customers, { ...s, type: 'subscription', tenantId: s.customerTenantId }),
    async get(customerTenantId, id) {
      const found = await readItem<SubscriptionDoc>(customers, id, customerTenantId, 'tenantId');
      return found?.doc.type === 'subscription' ? found : undefined;
    },
    async replace(s, etag) {
      return (await replaceIfMatch(customers, s, s.tenantId, etag)) === 'conflict' ? 'conflict' : 'done';
    },
    async remove(customerTenantId, id) {
      try {
        await customers.item(id, customerTenantId).delete();
      } catch (e) {
        if (cosmosStatus(e) !== 404) throw e;
      }
    },
    list: (customerTenantId, readerTenantId, pageSize, continuationToken) =>
      queryPage<SubscriptionDoc>(
        customers,
        { field: 'tenantId', value: customerTenantId },
        "SELECT * FROM c WHERE c.type = 'subscription' AND (c.ownerTenantId = @reader OR c.resellerTenantId = @reader OR c.supportContactTenantId = @reader) ORDER BY c.createdAt ASC",
        [{ name: '@reader', value: readerTenantId.toLowerCase() }],
        pageSize,
        continuationToken,
      ),
  };
}

let shared: SubscriptionStore | undefined;
/** The process-wide subscription store on the app's database. */
export function subscriptionStore(): SubscriptionStore {
  shared ??= cosmosSubscriptionStore(appDatabase().container(containers.customers.id));
  return shared;
}
