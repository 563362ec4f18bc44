import type { SubscriptionDoc, SubscriptionStore } from '../../shared/store/subscriptions';

/**
 * The subscription store in memory, with the Cosmos adapter's semantics: create-if-absent,
 * ETag-conditional replace, and a list of what a reader owns or is named on.
 */
export function memorySubscriptions(): SubscriptionStore & { docs: Map<string, SubscriptionDoc> } {
  const docs = new Map<string, SubscriptionDoc>();
  const etags = new Map<string, string>();
  let version = 0;
  return {
    docs,
    async create(s) {
      if (docs.has(s.id)) return 'exists';
      docs.set(s.id, { ...s, type: 'subscription', tenantId: s.customerTenantId });
      etags.set(s.id, String(++version));
      return 'created';
    },
    get: async (_c, id) => (docs.has(id) ? { doc: structuredClone(docs.get(id)!), etag: etags.get(id)! } : undefined),
    async replace(s, etag) {
      if (etags.get(s.id) !== etag) return 'conflict';
      docs.set(s.id, s);
      etags.set(s.id, String(++version));
      return 'done';
    },
    remove: async (_c, id) => void docs.delete(id),
    list: async (_c, reader, pageSize) => ({
      items: [...docs.values()]
        .filter((s) => [s.ownerTenantId, s.resellerTenantId, s.supportContactTenantId].includes(reader))
        .slice(0, pageSize),
    }),
  };
}
