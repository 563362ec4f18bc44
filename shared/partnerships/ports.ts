import type { AuditLog } from '../store/audit';
import type { PartnerStore } from '../store/partners';
import type { PartnershipStore } from '../store/partnerships';
import type { RecordStore } from '../store/records';

/**
 * What the partnership endpoints read and write (ports: functions/compose/partnershipsDeps.ts builds the real ones).
 */
export interface PartnershipDeps {
  partnerships: PartnershipStore;
  records: Pick<RecordStore, 'relationshipsOf' | 'grantsOf'>;
  partners: Pick<PartnerStore, 'get'>;
  audit: Pick<AuditLog, 'append'>;
}
