import type { AuditLog } from '../store/audit';
import type { PartnerStore } from '../store/partners';
import type { RecordStore } from '../store/records';

/**
 * What the customer and audit use cases read and write (ports: functions/compose/customersDeps.ts
 * builds the real ones).
 */
export interface RecordsDeps {
  records: RecordStore;
  audit: AuditLog;
  partners: Pick<PartnerStore, 'get'>;
}

/** Who acts and under which correlation id, as an audit entry records it. */
export interface RequestMeta {
  correlationId: string;
  now: Date;
}
