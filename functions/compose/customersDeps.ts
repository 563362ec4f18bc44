import type { RecordsDeps } from '../../shared/customers/ports';
import { auditLog } from '../../shared/store/audit';
import { partnerStore } from '../../shared/store/partners';
import { recordStore } from '../../shared/store/records';

/** The Cosmos adapters behind the customer and audit endpoints (built on first use). */
export const recordsDeps = (): RecordsDeps => ({ records: recordStore(), audit: auditLog(), partners: partnerStore() });
