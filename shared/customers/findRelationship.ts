import type { Versioned } from '../store/cosmosOps';
import { relationshipId } from '../domain/ids';
import { AppError } from '../http/errors';
import type { RecordStore, RelationshipDoc } from '../store/records';

/**
 * The caller's relationship with a customer: one point read in the caller's own partition, so
 * another partner's customer is simply not found (404, never its data).
 */
export async function findRelationship(
  records: Pick<RecordStore, 'relationship'>,
  partnerTenantId: string,
  customerTenantId: string,
): Promise<Versioned<RelationshipDoc>> {
  const found = await records.relationship(partnerTenantId, relationshipId(partnerTenantId, customerTenantId));
  if (!found || found.doc.type !== 'relationship' || found.doc.partnerTenantId !== partnerTenantId) {
    throw new AppError('not_found', 'You have no relationship with this customer.');
  }
  return found;
}
