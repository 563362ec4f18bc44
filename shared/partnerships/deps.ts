import { auditLog, type AuditLog } from '../store/audit';
import { partnerStore, type PartnerStore } from '../store/partners';
import { partnershipStore, type PartnershipStore } from '../store/partnerships';
import { recordStore, type RecordStore } from '../store/records';

/** What the partnership endpoints read and write (ports; the functions pass the Cosmos adapters). */
export interface PartnershipDeps {
  partnerships: PartnershipStore;
  records: Pick<RecordStore, 'relationshipsOf' | 'grantsOf'>;
  partners: Pick<PartnerStore, 'get'>;
  audit: Pick<AuditLog, 'append'>;
}

/** The Cosmos adapters behind the partnership endpoints (built on first use). */
export const partnershipDeps = (): PartnershipDeps => ({ partnerships: partnershipStore(), records: recordStore(), partners: partnerStore(), audit: auditLog() });
