import type { AuditLog } from '../store/audit';
import type { CreationStore } from '../store/customerCreations';
import type { DueItemStore } from '../store/dueItems';
import type { PartnerStore } from '../store/partners';
import type { PartnershipLookup } from '../store/partnershipLookup';
import type { RecordStore } from '../store/records';
import type { SubscriptionStore } from '../store/subscriptions';

/**
 * What creating a customer for a reseller reads and writes (ports:
 * functions/compose/newCustomersDeps.ts builds the real ones).
 */
export interface CreationDeps {
  creations: CreationStore;
  subscriptions: Pick<SubscriptionStore, 'create' | 'remove'>;
  records: Pick<RecordStore, 'createRelationship' | 'relationship' | 'replaceRelationship' | 'createGrant'>;
  dueItems: Pick<DueItemStore, 'put'>;
  audit: Pick<AuditLog, 'append'>;
  partners: Pick<PartnerStore, 'get'>;
  partnerships: Pick<PartnershipLookup, 'isActive'>;
  /** The temporary password's source and its one-way hash (the CSPRNG and scrypt in production). */
  password: { generate(): string; hash(password: string): Promise<string> };
}
