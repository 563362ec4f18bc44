import type { PartnershipDeps } from '../../shared/partnerships/ports';
import { auditLog } from '../../shared/store/audit';
import { partnerStore } from '../../shared/store/partners';
import { partnershipStore } from '../../shared/store/partnerships';
import { recordStore } from '../../shared/store/records';

/** The Cosmos adapters behind the partnership endpoints (built on first use). */
export const partnershipDeps = (): PartnershipDeps => ({
  partnerships: partnershipStore(),
  records: recordStore(),
  partners: partnerStore(),
  audit: auditLog(),
});
