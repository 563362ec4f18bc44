import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { Actor } from '../domain/invitation';
import { containers } from './containers';
import { appDatabase } from './database';
import { queryPage } from './cosmosOps';

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
}

export interface AuditLog {
  /** Appends for each tenant concerned; `key` makes a retried append land once (deterministic id). */
  append(tenantIds: string[], entry: Omit<AuditEntry, 'id' | 'tenantId'>, key?: string): Promise<void>;
  list(tenantId: string, pageSize: number, continuationToken?: string): Promise<{ items: AuditEntry[]; continuationToken?: string }>;
}

export function cosmosAuditLog(container: Container): AuditLog {
  return {
    async append(tenantIds, entry, key) {
      for (const tenantId of new Set(tenantIds.map((t) => t.toLowerCase()))) {
        const id = key ? `${key}` : randomUUID();
        try {
          await container.items.create({ ...entry, id, tenantId });
        } catch (e) {
          if ((e as { code?: number }).code !== 409) throw e; // already appended by an earlier attempt
        }
      }
    },
    list(tenantId, pageSize, continuationToken) {
      return queryPage<AuditEntry>(container, { field: 'tenantId', value: tenantId.toLowerCase() }, 'SELECT * FROM c ORDER BY c.at DESC', [], pageSize, continuationToken);
    },
  };
}

let shared: AuditLog | undefined;
export function auditLog(): AuditLog {
  shared ??= cosmosAuditLog(appDatabase().container(containers.audit.id));
  return shared;
}
