import { GLOBAL_ADMINISTRATOR } from './directoryRoles';
import { grantEnd } from './grantPeriod';
import { grantId, nameBasedUuid, relationshipId } from './ids';
import type { Actor } from './invitation';
import type { Grant, Relationship } from './partner';
import { withFirstPeriod } from './relationshipPeriods';

/**
 * A new customer's creation: `pending` while its invisible documents are written, `complete` once
 * committed (the one conditional write that decides), `abandoned` when rolled back. `open` stays
 * true until the visible documents are published or the rollback is done: the sweep's work list.
 */
export type CreationState = 'pending' | 'complete' | 'abandoned';

/**
 * A subscription of a customer: an offer, a license count, the reseller of record and support
 * contact. It has one owner, the partner that transacts it (the direct partner, or the indirect
 * provider for a reseller's customer): only the owner changes it, the owner and the resellers it
 * names read it, and another partner of the same customer sees none of it.
 */
export interface Subscription {
  id: string;
  customerTenantId: string;
  ownerTenantId: string;
  offerId: string;
  quantity: number;
  resellerMpnId?: string;
  /** The reseller of record's tenant, resolved from its MPN id when named: it may read the subscription. */
  resellerTenantId?: string;
  supportContactMpnId?: string;
  supportContactTenantId?: string;
  createdAt: string;
}

/** The creation record: everything needed to finish or undo the creation, with deterministic ids. */
export interface CustomerCreation {
  id: string;
  providerTenantId: string;
  resellerTenantId: string;
  customerTenantId: string;
  domainPrefix: string;
  adminUserName: string;
  companyName: string;
  country: string;
  contact: { firstName: string; lastName: string; email: string; phone?: string };
  subscriptions: Array<{ id: string; offerId: string; quantity: number }>;
  /** SHA-256 of the request, so a key reused for another request is refused. */
  requestHash: string;
  state: CreationState;
  open: boolean;
  createdBy: Actor;
  /** When the current attempt began (the sweep's lease runs from here). */
  startedAt: string;
  completedAt?: string;
  publishedAt?: string;
  abandonedAt?: string;
  abandonedReason?: 'domainPrefixTaken' | 'timedOut';
  /** scrypt hash of the temporary password, written by the commit; the password itself never is. */
  adminPasswordHash?: string;
}

const norm = (id: string) => id.trim().toLowerCase();

/** The creation's id: one per provider and Idempotency-Key, so a retry finds the first attempt. */
export function creationId(providerTenantId: string, idempotencyKey: string): string {
  return nameBasedUuid(`customer-creation:${norm(providerTenantId)}:${idempotencyKey}`);
}

/** The new customer's tenant id, derived from its creation. */
export const newCustomerTenantId = (id: string): string => nameBasedUuid(`customer-tenant:${norm(id)}`);

/** The id of the n-th subscription a creation puts on the customer. */
export const creationSubscriptionId = (id: string, n: number): string => nameBasedUuid(`subscription:${norm(id)}:${n}`);

/** The admin account of a new customer tenant. */
export const adminUserNameOf = (domainPrefix: string): string => `admin@${domainPrefix}.onmicrosoft.example`;

/** Days the reseller's admin access lasts (the GDAP maximum; Global Administrator never auto-extends). */
export const RESELLER_ACCESS_DURATION = 'P730D';

/** What publishing a committed creation writes: the two relationships and the reseller's grant. */
export function publishedRecords(c: CustomerCreation): { relationships: Relationship[]; grant: Grant } {
  const at = c.completedAt ?? c.startedAt;
  const base = { customerTenantId: c.customerTenantId, status: 'active' as const, createdAt: at };
  const relationships: Relationship[] = [
    withFirstPeriod(
      {
        ...base,
        id: relationshipId(c.resellerTenantId, c.customerTenantId),
        partnerTenantId: c.resellerTenantId,
        kind: 'reseller',
      },
      c.id,
    ),
    withFirstPeriod(
      {
        ...base,
        id: relationshipId(c.providerTenantId, c.customerTenantId),
        partnerTenantId: c.providerTenantId,
        kind: 'indirectProvider',
        resellerTenantId: c.resellerTenantId,
      },
      c.id,
    ),
  ];
  const grant: Grant = {
    id: grantId(c.id),
    partnerTenantId: c.resellerTenantId,
    customerTenantId: c.customerTenantId,
    invitationId: c.id,
    roles: [GLOBAL_ADMINISTRATOR],
    duration: RESELLER_ACCESS_DURATION,
    autoExtend: false,
    startsAt: at,
    endsAt: grantEnd(at, RESELLER_ACCESS_DURATION),
    status: 'active',
  };
  return { relationships, grant };
}

/** The subscriptions a creation puts on the customer before it commits. */
export function creationSubscriptions(c: CustomerCreation): Subscription[] {
  // The provider transacts them; the reseller it created the customer for is their reseller of record.
  return c.subscriptions.map((s) => ({
    ...s,
    customerTenantId: c.customerTenantId,
    ownerTenantId: c.providerTenantId,
    resellerTenantId: c.resellerTenantId,
    createdAt: c.startedAt,
  }));
}
