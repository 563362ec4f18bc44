import { Container, ErrorResponse, SqlParameter } from '@azure/cosmos';
import {
  AlreadyExists,
  ConcurrencyConflict,
  InstanceDoc,
  InstanceQuery,
  InstanceStore,
  StoredInstance,
} from './instance';

/**
 * Instances in Cosmos DB: one document per instance, partitioned by its id, every commit an
 * ETag-conditional replace. Runs unchanged against the embedded server, the emulator or Azure.
 */
export class CosmosInstanceStore implements InstanceStore {
  constructor(
    private readonly container: Container,
    private readonly hub: string,
  ) {}

  async init(): Promise<void> {}

  async read(id: string): Promise<StoredInstance | undefined> {
    try {
      const { resource, etag } = await this.container.item(id, id).read<InstanceDoc & { _etag: string }>();
      if (!resource || resource.hub !== this.hub) return undefined;
      return { doc: strip(resource), etag: etag ?? resource._etag };
    } catch (e) {
      if (status(e) === 404) return undefined;
      throw e;
    }
  }

  async create(doc: InstanceDoc): Promise<StoredInstance> {
    try {
      const { resource, etag } = await this.container.items.create(doc);
      return { doc, etag: etag ?? (resource as { _etag: string })._etag };
    } catch (e) {
      if (status(e) === 409) throw new AlreadyExists(doc.id);
      throw e;
    }
  }

  async replace(doc: InstanceDoc, etag: string): Promise<StoredInstance> {
    try {
      const r = await this.container
        .item(doc.id, doc.id)
        .replace(doc, { accessCondition: { type: 'IfMatch', condition: etag } });
      return { doc, etag: r.etag ?? (r.resource as { _etag: string })._etag };
    } catch (e) {
      if (status(e) === 412 || status(e) === 404) throw new ConcurrencyConflict(doc.id);
      throw e;
    }
  }

  async delete(id: string): Promise<boolean> {
    try {
      await this.container.item(id, id).delete();
      return true;
    } catch (e) {
      if (status(e) === 404) return false;
      throw e;
    }
  }

  async query(q: InstanceQuery): Promise<{ docs: InstanceDoc[]; continuationToken?: string }> {
    const where: string[] = ['c.hub = @hub'];
    const parameters: SqlParameter[] = [{ name: '@hub', value: this.hub }];
    if (q.createdTimeFrom) {
      where.push('c.createdTime >= @from');
      parameters.push({ name: '@from', value: q.createdTimeFrom });
    }
    if (q.createdTimeTo) {
      where.push('c.createdTime <= @to');
      parameters.push({ name: '@to', value: q.createdTimeTo });
    }
    if (q.runtimeStatus?.length) {
      where.push(`c.runtimeStatus IN (${q.runtimeStatus.map((_, i) => `@s${i}`).join(', ')})`);
      q.runtimeStatus.forEach((s, i) => parameters.push({ name: `@s${i}`, value: s }));
    }
    if (q.instanceIdPrefix) {
      where.push('STARTSWITH(c.id, @prefix)');
      parameters.push({ name: '@prefix', value: q.instanceIdPrefix });
    }
    const iterator = this.container.items.query<InstanceDoc>(
      { query: `SELECT * FROM c WHERE ${where.join(' AND ')} ORDER BY c.id`, parameters },
      { maxItemCount: q.top ?? 100, continuationToken: q.continuationToken },
    );
    const page = await iterator.fetchNext();
    return { docs: (page.resources ?? []).map(strip), continuationToken: page.continuationToken ?? undefined };
  }

  /** The query form of `hasPendingWork`; large pages, since each page costs the local server a full scan. */
  async *withPendingWork(): AsyncIterable<InstanceDoc> {
    const iterator = this.container.items.query<InstanceDoc>(
      {
        query:
          "SELECT * FROM c WHERE c.hub = @hub AND (ARRAY_LENGTH(c.inbox) > 0 OR ARRAY_LENGTH(c.activities) > 0 OR ARRAY_LENGTH(c.timers) > 0 OR ARRAY_LENGTH(c.outbox) > 0 OR c.runtimeStatus = 'Pending')",
        parameters: [{ name: '@hub', value: this.hub }],
      },
      { maxItemCount: 1000 },
    );
    while (iterator.hasMoreResults()) {
      const page = await iterator.fetchNext();
      for (const d of page.resources ?? []) yield strip(d);
    }
  }
}

function status(e: unknown): number | undefined {
  return (e as ErrorResponse | undefined)?.code as number | undefined;
}

/** Drops Cosmos system properties so the document round-trips cleanly. */
function strip<T extends object>(d: T): InstanceDoc {
  const rest: Record<string, unknown> = { ...(d as Record<string, unknown>) };
  for (const key of ['_rid', '_self', '_etag', '_attachments', '_ts']) delete rest[key];
  return rest as unknown as InstanceDoc;
}
