import { randomUUID } from 'node:crypto';
import type { Container, JSONObject } from '@azure/cosmos';
import type { Actor } from '../domain/invitation';
import { containers } from './containers';
import { auditAppended } from './auditSignal';
import { appDatabase } from './database';
import { queryPage, readItem } from './cosmosOps';

/** One state change: who, when, what, on which thing, under which correlation id. */
export interface AuditEntry {
  id: string;
  tenantId: string;
  at: string;
  actor: Actor;
  action: string;
  subject: { type: string; id: string };
  correlationId: string;
  detail?: Record<string, string | number | boolean>;
  /**
   * The changed resource as the API shows it to its owner, right after this change: the webhook
   * event's data is rendered from it for each tenant (shared/webhooks/eventViews.ts), so an event
   * shows the resource as this change left it, not as a later one did. GET /api/audit never shows it.
   */
  resource?: object;
}

export interface AuditLog {
  /** Appends for each tenant concerned; `key` makes a retried append land once (deterministic id). */
  append(tenantIds: string[], entry: Omit<AuditEntry, 'id' | 'tenantId'>, key?: string): Promise<void>;
  /**
   * Appends several keyed entries for each tenant: one transactional batch per tenant, so the usual
   * case is one request. When any of them is already there (a retry), each is appended on its own.
   */
  appendAll(
    tenantIds: string[],
    items: ReadonlyArray<{ entry: Omit<AuditEntry, 'id' | 'tenantId'>; key: string }>,
  ): Promise<void>;
  list(
    tenantId: string,
    pageSize: number,
    continuationToken?: string,
  ): Promise<{ items: AuditEntry[]; continuationToken?: string }>;
  /** Whether the keyed entry is in the tenant's trail (one point read). */
  has(tenantId: string, key: string): Promise<boolean>;
}

export function cosmosAuditLog(container: Container): AuditLog {
  return {
    async append(tenantIds, entry, key) {
      const created: AuditEntry[] = [];
      for (const tenantId of tenantsOf(tenantIds)) {
        const doc = { ...entry, id: key ?? randomUUID(), tenantId };
        if (await createOnce(container, doc)) created.push(doc);
      }
      auditAppended(created);
    },
    async appendAll(tenantIds, items) {
      const created: AuditEntry[] = [];
      for (const tenantId of tenantsOf(tenantIds)) {
        const docs = items.map(({ entry, key }) => ({ ...entry, id: key, tenantId }));
        if (await createAllInOneBatch(container, tenantId, docs)) {
          created.push(...docs);
          continue;
        }
        for (const doc of docs) if (await createOnce(container, doc)) created.push(doc);
      }
      auditAppended(created);
    },
    async has(tenantId, key) {
      return (await readItem<AuditEntry>(container, key, tenantId.toLowerCase(), 'tenantId')) !== undefined;
    },
    list(tenantId, pageSize, continuationToken) {
      return queryPage<AuditEntry>(
        container,
        { field: 'tenantId', value: tenantId.toLowerCase() },
        'SELECT * FROM c ORDER BY c.at DESC',
        [],
        pageSize,
        continuationToken,
      );
    },
  };
}

const tenantsOf = (tenantIds: string[]): Set<string> => new Set(tenantIds.map((t) => t.toLowerCase()));

/**
 * Creates an entry unless an earlier attempt already did (a keyed entry is never overwritten);
 * true when this call created it. Only those are announced (auditSignal.ts): an entry an earlier
 * attempt wrote is the trail's to publish, as stored.
 */
async function createOnce(container: Container, doc: AuditEntry): Promise<boolean> {
  try {
    await container.items.create(doc);
    return true;
  } catch (e) {
    if ((e as { code?: number }).code !== 409) throw e; // already appended by an earlier attempt
    return false;
  }
}

/**
 * Creates all entries of one tenant in one transactional batch; false when any was refused (one
 * already there makes Cosmos refuse the batch). Creates, not upserts: an audit entry is never
 * rewritten, so the caller falls back to creating them one by one, each tolerating a conflict.
 */
async function createAllInOneBatch(container: Container, tenantId: string, docs: AuditEntry[]): Promise<boolean> {
  try {
    const response = await container.items.batch(
      docs.map((resourceBody) => ({
        operationType: 'Create' as const,
        resourceBody: { ...resourceBody } as unknown as JSONObject,
      })),
      tenantId,
    );
    return (response.result ?? []).length === docs.length && (response.result ?? []).every((r) => r.statusCode < 400);
  } catch (e) {
    const code = (e as { code?: number }).code;
    if (code === 409 || code === 207) return false;
    throw e;
  }
}

let shared: AuditLog | undefined;
export function auditLog(): AuditLog {
  shared ??= cosmosAuditLog(appDatabase().container(containers.audit.id));
  return shared;
}
