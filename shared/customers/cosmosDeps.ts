import type { RecordsDeps } from './deps';
import { auditLog } from '../store/audit';
import { partnerStore } from '../store/partners';
import { recordStore } from '../store/records';

/** The Cosmos adapters behind the customer and audit endpoints (built on first use). */
export const recordsDeps = (): RecordsDeps => ({ records: recordStore(), audit: auditLog(), partners: partnerStore() });
