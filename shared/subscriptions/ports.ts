import type { AuditLog } from '../store/audit';
import type { PartnerStore } from '../store/partners';
import type { PartnershipLookup } from '../store/partnershipLookup';
import type { RecordStore } from '../store/records';
import type { SubscriptionStore } from '../store/subscriptions';

/**
 * What the subscription endpoints read and write (ports: functions/compose/subscriptionsDeps.ts builds the real ones).
 */
export interface SubscriptionDeps {
  subscriptions: SubscriptionStore;
  records: Pick<RecordStore, 'relationship'>;
  partnerships: Pick<PartnershipLookup, 'byMpnId'>;
  /** The caller's kind: only a direct partner or an indirect provider transacts. */
  partners: Pick<PartnerStore, 'get'>;
  /** Where subscription changes are recorded (and webhooks derive subscription.* events from). */
  audit?: Pick<AuditLog, 'append'>;
}
