import { auditLog } from '../../shared/store/audit';
import { partnerStore } from '../../shared/store/partners';
import { partnershipLookup } from '../../shared/store/partnershipLookup';
import { recordStore } from '../../shared/store/records';
import { subscriptionStore } from '../../shared/store/subscriptions';
import type { SubscriptionDeps } from '../../shared/subscriptions/ports';

/** The Cosmos adapters behind the subscription endpoints. */
export const subscriptionDeps = (): SubscriptionDeps => ({
  subscriptions: subscriptionStore(),
  records: recordStore(),
  partnerships: partnershipLookup(),
  partners: partnerStore(),
  audit: auditLog(),
});
