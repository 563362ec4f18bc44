import { auditLog } from '../../shared/store/audit';
import { creationStore } from '../../shared/store/customerCreations';
import { dueItemStore } from '../../shared/store/dueItems';
import { partnerStore } from '../../shared/store/partners';
import { partnershipLookup } from '../../shared/store/partnershipLookup';
import { recordStore } from '../../shared/store/records';
import { subscriptionStore } from '../../shared/store/subscriptions';
import type { CreationDeps } from '../../shared/newCustomers/ports';
import { generateTemporaryPassword, hashPassword } from '../../shared/newCustomers/password';

/** The Cosmos adapters behind creating customers for resellers and its sweep (built on first use). */
export const creationDeps = (): CreationDeps => ({
  creations: creationStore(),
  subscriptions: subscriptionStore(),
  records: recordStore(),
  dueItems: dueItemStore(),
  audit: auditLog(),
  partners: partnerStore(),
  partnerships: partnershipLookup(),
  password: { generate: generateTemporaryPassword, hash: hashPassword },
});
