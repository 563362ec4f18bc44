import type { Container, ItemDefinition } from '@azure/cosmos';

/** The HTTP status of a Cosmos error (404, 409, 412…), if it is one. */
export const cosmosStatus = (e: unknown): number | undefined =>
  (e as { code?: unknown } | undefined)?.code as number | undefined;

/** A document with the ETag of the version read. */
export interface Versioned<T> {
  doc: T;
  etag: string;
}

/** Strips Cosmos system properties before a document goes back into the domain. */
export function clean<T>(resource: ItemDefinition): T {
  const out: Record<string, unknown> = { ...resource };
  for (const key of ['_rid', '_self', '_etag', '_attachments', '_ts']) delete out[key];
  return out as T;
}

/**
 * Point read; undefined when absent. With `pkField`, a document whose partition key field is not
 * `pk` counts as absent, so tenant scoping never rests on the server honouring the key alone.
 */
export async function readItem<T>(
  container: Container,
  id: string,
  pk: string,
  pkField?: string,
): Promise<Versioned<T> | undefined> {
  try {
    const r = await container.item(id, pk).read();
    if (!r.resource || (pkField && (r.resource as Record<string, unknown>)[pkField] !== pk)) return undefined;
    return { doc: clean<T>(r.resource), etag: r.etag as string };
  } catch (e) {
    if (cosmosStatus(e) === 404) return undefined;
    throw e;
  }
}

/** Create-if-absent: 'created', or 'exists' when a document with that id is already there (idempotent writes). */
export async function createIfAbsent<T extends { id: string }>(
  container: Container,
  doc: T,
): Promise<'created' | 'exists'> {
  try {
    await container.items.create(doc);
    return 'created';
  } catch (e) {
    if (cosmosStatus(e) === 409) return 'exists';
    throw e;
  }
}

/** Replace only over the version read; 'conflict' when someone else wrote first. */
export async function replaceIfMatch<T extends { id: string }>(
  container: Container,
  doc: T,
  pk: string,
  etag: string,
): Promise<Versioned<T> | 'conflict'> {
  try {
    const r = await container.item(doc.id, pk).replace(doc, { accessCondition: { type: 'IfMatch', condition: etag } });
    return { doc, etag: r.etag as string };
  } catch (e) {
    if (cosmosStatus(e) === 412 || cosmosStatus(e) === 404) return 'conflict';
    throw e;
  }
}

/**
 * One page of a single-partition query. The partition key is also written into the WHERE clause:
 * the SDK's partitionKey option scopes the request, and the predicate keeps the result scoped even
 * on a server that ignores it (the embedded Cosmos-protocol server does), so no tenant ever sees
 * another's documents.
 */
export async function queryPage<T>(
  container: Container,
  partition: { field: string; value: string },
  query: string,
  parameters: Array<{ name: string; value: string | number | boolean }>,
  pageSize: number,
  continuationToken?: string,
): Promise<{ items: T[]; continuationToken?: string }> {
  const m = /^(.*?)(?:\s+WHERE\s+(.*?))?(\s+ORDER BY\s+.*)?$/is.exec(query.trim());
  const [, head, where, order] = m ?? [query, query, undefined, undefined];
  // Parenthesised, so an OR in the caller's condition can never widen the scope.
  const scoped = `${head} WHERE c.${partition.field} = @partitionValue${where ? ` AND (${where})` : ''}${order ?? ''}`;
  const page = await container.items
    .query<ItemDefinition>(
      { query: scoped, parameters: [...parameters, { name: '@partitionValue', value: partition.value }] },
      { partitionKey: partition.value, maxItemCount: pageSize, continuationToken },
    )
    .fetchNext();
  return {
    items: (page.resources ?? []).map((r) => clean<T>(r)),
    continuationToken: page.continuationToken || undefined,
  };
}
