import type { Relationship } from '../../../shared/domain/partner';
import type { EstablishDeps } from '../../../shared/customers/establishRelationship';
import type { RelationshipDoc } from '../../../shared/store/records';

/** Relationships in memory with ETags, as the Cosmos adapter keeps them: create-if-absent, replace-if-match. */
export function memoryRelationships(): EstablishDeps & { all(): RelationshipDoc[] } {
  const docs = new Map<string, { doc: RelationshipDoc; etag: string }>();
  let version = 0;
  const put = (doc: RelationshipDoc) => docs.set(doc.id, { doc: structuredClone(doc), etag: String(++version) });
  return {
    async createRelationship(r: Relationship) {
      if (docs.has(r.id)) return 'exists';
      put({ ...r, type: 'relationship' });
      return 'created';
    },
    async relationship(_partner, id) {
      const found = docs.get(id);
      return found && { doc: structuredClone(found.doc), etag: found.etag };
    },
    async replaceRelationship(r, etag) {
      if (docs.get(r.id)?.etag !== etag) return 'conflict';
      put(r);
      return 'done';
    },
    all: () => [...docs.values()].map((v) => v.doc),
  };
}
