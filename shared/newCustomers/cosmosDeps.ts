import { auditLog } from '../store/audit';
import { creationStore } from '../store/customerCreations';
import { dueItemStore } from '../store/dueItems';
import { partnerStore } from '../store/partners';
import { partnershipLookup } from '../store/partnershipLookup';
import { recordStore } from '../store/records';
import { subscriptionStore } from '../store/subscriptions';
import type { SubscriptionDeps } from '../subscriptions/deps';
import type { CreationDeps } from './deps';
import { generateTemporaryPassword, hashPassword } from './password';

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

/** The Cosmos adapters behind the subscription endpoints. */
export const subscriptionDeps = (): SubscriptionDeps => ({
  subscriptions: subscriptionStore(),
  records: recordStore(),
  partnerships: partnershipLookup(),
  partners: partnerStore(),
  audit: auditLog(),
});
