import type { Caller } from '../auth/caller';
import type { Subscription } from '../domain/customerCreation';
import { userActor } from '../domain/invitation';
import { subscriptionView } from '../newCustomers/newCustomerView';
import type { AuditLog } from '../store/audit';

/**
 * The keyed audit entry of a subscription change, in the trail of every tenant that may read the
 * subscription (its owner, the reseller of record, the support contact): the webhook publisher
 * derives subscription.created|updated from it (shared/webhooks/outbox.ts). The key follows from
 * the change, so a repeated request (same Idempotency-Key, same PATCH) lands it once.
 */
export async function auditSubscription(
  audit: Pick<AuditLog, 'append'> | undefined,
  caller: Caller,
  s: Subscription,
  change: 'created' | 'updated',
  now: Date,
): Promise<void> {
  if (!audit) return;
  const tenants = [s.ownerTenantId, s.resellerTenantId, s.supportContactTenantId].filter((t): t is string =>
    Boolean(t),
  );
  const detail: Record<string, string | number> = {
    customerTenantId: s.customerTenantId,
    offerId: s.offerId,
    quantity: s.quantity,
  };
  if (s.resellerMpnId) detail.resellerMpnId = s.resellerMpnId;
  if (s.supportContactMpnId) detail.supportContactMpnId = s.supportContactMpnId;
  const key =
    change === 'created'
      ? `subscription-created:${s.id}`
      : `subscription-updated:${s.id}:${s.resellerMpnId ?? ''}:${s.supportContactMpnId ?? ''}`;
  await audit.append(
    tenants,
    {
      at: now.toISOString(),
      actor: userActor(caller),
      action: `subscription.${change}`,
      subject: { type: 'subscription', id: s.id },
      correlationId: s.id,
      detail,
      resource: subscriptionView(s),
    },
    key,
  );
}
