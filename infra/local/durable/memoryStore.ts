import { randomUUID } from 'node:crypto';
import {
  AlreadyExists,
  ConcurrencyConflict,
  InstanceDoc,
  InstanceQuery,
  InstanceStore,
  StoredInstance,
  hasPendingWork,
} from './instance';
import { matchesQuery } from './query';

/** In-memory instance store with Cosmos semantics (ETags), for unit tests. */
export class MemoryInstanceStore implements InstanceStore {
  private readonly docs = new Map<string, StoredInstance>();

  async init(): Promise<void> {}

  async read(id: string): Promise<StoredInstance | undefined> {
    const s = this.docs.get(id);
    return s && { doc: structuredClone(s.doc), etag: s.etag };
  }

  async create(doc: InstanceDoc): Promise<StoredInstance> {
    if (this.docs.has(doc.id)) throw new AlreadyExists(doc.id);
    return this.put(doc);
  }

  async replace(doc: InstanceDoc, etag: string): Promise<StoredInstance> {
    if (this.docs.get(doc.id)?.etag !== etag) throw new ConcurrencyConflict(doc.id);
    return this.put(doc);
  }

  async delete(id: string): Promise<boolean> {
    return this.docs.delete(id);
  }

  async query(q: InstanceQuery): Promise<{ docs: InstanceDoc[]; continuationToken?: string }> {
    const all = [...this.docs.values()]
      .map((s) => s.doc)
      .filter((d) => matchesQuery(d, q))
      .sort((a, b) => a.id.localeCompare(b.id));
    const start = q.continuationToken ? all.findIndex((d) => d.id > (q.continuationToken as string)) : 0;
    const from = start < 0 ? all.length : start;
    const top = q.top ?? all.length;
    const page = all.slice(from, from + top);
    const more = from + top < all.length;
    return { docs: structuredClone(page), continuationToken: more ? page[page.length - 1]?.id : undefined };
  }

  async *withPendingWork(): AsyncIterable<InstanceDoc> {
    for (const s of this.docs.values()) if (hasPendingWork(s.doc)) yield structuredClone(s.doc);
  }

  private put(doc: InstanceDoc): StoredInstance {
    const stored = { doc: structuredClone(doc), etag: randomUUID() };
    this.docs.set(doc.id, stored);
    return { doc, etag: stored.etag };
  }
}
