import type { Container } from '@azure/cosmos';
import { containers } from '../store/containers';
import { appDatabase } from '../store/database';
import { createIfAbsent, queryPage, readItem, replaceIfMatch, type Versioned } from '../store/cosmosOps';

/** One signing secret; `expiresAt` only on the previous secret after a rotation. */
export interface StoredSecret {
  secret: string;
  createdAt: string;
  expiresAt?: string;
}

/** A webhook endpoint in its tenant's partition (container `webhooks`). */
export interface WebhookEndpoint {
  id: string;
  tenantId: string;
  /** 'partner' endpoints get partner events; 'program' (the operator's) partner.* events of every partner. */
  audience: 'partner' | 'program';
  url: string;
  events: string[];
  description: string;
  status: 'enabled' | 'disabled';
  disabledReason?: 'failing' | 'gone' | 'by_tenant';
  disabledAt?: string;
  /** Newest first. Stored because signing needs them; never returned after the response that handed one out. */
  secrets: StoredSecret[];
  createdAt: string;
  updatedAt: string;
  /** Bumped on every re-enable, so a delivery started before it does not disable it again. */
  generation: number;
}

/** One event's delivery to one endpoint (container `webhookDeliveries`, 30 days of TTL). */
export interface WebhookDelivery {
  /** `${eventId}` (a replay: `${eventId}~r${n}`). */
  id: string;
  endpointId: string;
  tenantId: string;
  eventId: string;
  eventType: string;
  /** The exact body sent (a CloudEvent as JSON): what was signed. */
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseStatus?: number;
  error?: string;
  latencyMs?: number;
  nextRetryAt?: string;
  createdAt: string;
  lastAttemptAt?: string;
  deliveredAt?: string;
}

export interface WebhookStore {
  create(e: WebhookEndpoint): Promise<'created' | 'exists'>;
  get(tenantId: string, id: string): Promise<Versioned<WebhookEndpoint> | undefined>;
  replace(e: WebhookEndpoint, etag: string): Promise<Versioned<WebhookEndpoint> | 'conflict'>;
  remove(tenantId: string, id: string): Promise<void>;
  list(
    tenantId: string,
    pageSize: number,
    continuationToken?: string,
  ): Promise<{ items: WebhookEndpoint[]; continuationToken?: string }>;
  /** Enabled endpoints of a tenant subscribed to the type (fan-out). */
  subscribers(tenantId: string, eventType: string): Promise<WebhookEndpoint[]>;
}

export interface DeliveryStore {
  create(d: WebhookDelivery): Promise<'created' | 'exists'>;
  get(endpointId: string, id: string): Promise<Versioned<WebhookDelivery> | undefined>;
  replace(d: WebhookDelivery, etag: string): Promise<Versioned<WebhookDelivery> | 'conflict'>;
  list(
    endpointId: string,
    pageSize: number,
    continuationToken?: string,
  ): Promise<{ items: WebhookDelivery[]; continuationToken?: string }>;
  /** Deliveries not delivered, created at or after `since`, oldest first (replay). */
  missedSince(endpointId: string, since: string, limit: number): Promise<WebhookDelivery[]>;
}

export function cosmosWebhookStore(c: Container): WebhookStore {
  return {
    create: (e) => createIfAbsent(c, e),
    get: (tenantId, id) => readItem<WebhookEndpoint>(c, id, tenantId, 'tenantId'),
    replace: (e, etag) => replaceIfMatch(c, e, e.tenantId, etag),
    async remove(tenantId, id) {
      try {
        await c.item(id, tenantId).delete();
      } catch (e) {
        if ((e as { code?: number }).code !== 404) throw e;
      }
    },
    list: (tenantId, pageSize, token) =>
      queryPage<WebhookEndpoint>(
        c,
        { field: 'tenantId', value: tenantId },
        'SELECT * FROM c ORDER BY c.createdAt DESC',
        [],
        pageSize,
        token,
      ),
    async subscribers(tenantId, eventType) {
      const out: WebhookEndpoint[] = [];
      let token: string | undefined;
      do {
        const page = await queryPage<WebhookEndpoint>(
          c,
          { field: 'tenantId', value: tenantId },
          "SELECT * FROM c WHERE c.status = 'enabled'",
          [],
          100,
          token,
        );
        out.push(...page.items.filter((e) => e.events.includes(eventType)));
        token = page.continuationToken;
      } while (token);
      return out;
    },
  };
}

export function cosmosDeliveryStore(c: Container): DeliveryStore {
  return {
    create: (d) => createIfAbsent(c, d),
    get: (endpointId, id) => readItem<WebhookDelivery>(c, id, endpointId, 'endpointId'),
    replace: (d, etag) => replaceIfMatch(c, d, d.endpointId, etag),
    list: (endpointId, pageSize, token) =>
      queryPage<WebhookDelivery>(
        c,
        { field: 'endpointId', value: endpointId },
        'SELECT * FROM c ORDER BY c.createdAt DESC',
        [],
        pageSize,
        token,
      ),
    async missedSince(endpointId, since, limit) {
      const page = await queryPage<WebhookDelivery>(
        c,
        { field: 'endpointId', value: endpointId },
        "SELECT * FROM c WHERE c.createdAt >= @since AND c.status != 'delivered' ORDER BY c.createdAt ASC",
        [{ name: '@since', value: since }],
        limit,
      );
      return page.items;
    },
  };
}

let shared: { endpoints: WebhookStore; deliveries: DeliveryStore } | undefined;
export function webhookStores(): { endpoints: WebhookStore; deliveries: DeliveryStore } {
  shared ??= {
    endpoints: cosmosWebhookStore(appDatabase().container(containers.webhooks.id)),
    deliveries: cosmosDeliveryStore(appDatabase().container(containers.webhookDeliveries.id)),
  };
  return shared;
}
