/** Clouds a partner or customer lives in; the national clouds change what may be asked and where. */
export const clouds = ['public', 'usgov', 'germany'] as const;
export type Cloud = (typeof clouds)[number];

/** How a partner takes part in the program: direct, or an indirect provider or reseller. */
export const partnerKinds = ['direct', 'indirectProvider', 'indirectReseller'] as const;
export type PartnerKind = (typeof partnerKinds)[number];

/** Whether a partner may act: a suspended one sends and answers nothing, and keeps what it has. */
export const partnerStatuses = ['active', 'suspended'] as const;
export type PartnerStatus = (typeof partnerStatuses)[number];

/**
 * A partner organisation: one directory tenant, one location MPN id, one country, one cloud. The
 * program's operator enrols it and owns its identity (name, kind, MPN id, country, cloud, status);
 * the partner keeps only its contact details.
 */
export interface Partner {
  tenantId: string;
  name: string;
  kind: PartnerKind;
  mpnId: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  cloud: Cloud;
  /** Absent on profiles written before the program had an operator: active. */
  status?: PartnerStatus;
  /** Where notices to the partner go (grant expiry, access lost, disabled webhooks…). */
  notificationContacts?: string[];
  /** Shown to customers on the landing page and in emails. */
  supportEmail?: string;
  supportPhone?: string;
}

/** The partner's standing: a profile without a status predates suspension and is active. */
export const isSuspended = (p: Pick<Partner, 'status'>): boolean => p.status === 'suspended';

/** A provider ↔ reseller partnership; removal keeps customers and grants as they are. */
export interface Partnership {
  id: string;
  providerTenantId: string;
  resellerTenantId: string;
  status: 'active' | 'removed';
  createdAt: string;
  removedAt?: string;
  invitationId?: string;
}

/** One span in which a relationship was active; `to` is absent while it still is. */
export interface RelationshipPeriod {
  from: string;
  to?: string;
  /** The invitation or customer creation that opened it: a replayed recording finds its own period. */
  establishedBy?: string;
}

/**
 * A reseller (or, from a multi-party invitation, indirect provider) relationship with a customer.
 * One document per pair; removed, it can be established again, and `periods` keeps every span.
 */
export interface Relationship {
  id: string;
  partnerTenantId: string;
  customerTenantId: string;
  kind: 'reseller' | 'indirectProvider';
  /** For a provider relationship set up with a reseller: the reseller named on the customer. */
  resellerTenantId?: string;
  status: 'active' | 'removed';
  createdAt: string;
  removedAt?: string;
  invitationId?: string;
  periods?: RelationshipPeriod[];
}

/** Delegated admin privileges granted by a customer to a partner (the GDAP shape). */
export interface Grant {
  id: string;
  partnerTenantId: string;
  customerTenantId: string;
  invitationId: string;
  /** Directory role template ids. */
  roles: string[];
  /** ISO 8601 whole days, "P1D".."P730D". */
  duration: string;
  autoExtend: boolean;
  startsAt: string;
  endsAt: string;
  status: 'active' | 'expired' | 'removed';
  removedAt?: string;
  /**
   * The latest accepted renewal request that extended it in place (its roles, duration and end are now the renewal's).
   */
  renewal?: GrantRenewal;
}

/** What an accepted renewal changed: which invitation, when, and the end it replaced (to move its due item). */
export interface GrantRenewal {
  invitationId: string;
  at: string;
  previousEndsAt: string;
}
