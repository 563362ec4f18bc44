/**
 * The invitations: a reseller relationship (customer), multi-party (reseller and provider),
 * partnership (provider and reseller), and the renewal of a delegated admin grant (partner and customer).
 */
export const invitationKinds = ['customerRelationship', 'multiParty', 'partnership', 'renewal'] as const;
export type InvitationKind = (typeof invitationKinds)[number];

/** `pending` until exactly one answer; `recorded` follows `accepted` once the grant etc. exist. */
export const invitationStatuses = ['pending', 'accepted', 'declined', 'revoked', 'expired', 'recorded'] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];

/** What the timeline records, in order of a normal life. */
export const timelineEntryTypes = [
  'created',
  'emailed',
  'reminded',
  'accepted',
  'declined',
  'revoked',
  'expired',
  'recorded',
  // What ACS reported of an invitation email (shared/domain/deliveryReport.ts), one per send.
  'delivered',
  'bounced',
  'suppressed',
  'undelivered',
  // The inviter corrected the address after such a report (detail: the send that did not arrive).
  'readdressed',
] as const;
export type TimelineEntryType = (typeof timelineEntryTypes)[number];

/** Who did something: a signed-in user of a tenant, or the system (orchestration, sweep). */
export interface Actor {
  tenantId?: string;
  userId?: string;
  email?: string;
  /** 'user' for people; 'system' for the orchestration and the sweep. */
  type: 'user' | 'system';
}

/** The system actor, for steps nobody clicked. */
export const systemActor: Actor = { type: 'system' };

/** One step of an invitation's life, shown to the inviter as-is. */
export interface TimelineEntry {
  type: TimelineEntryType;
  at: string;
  by: Actor;
  /** Extra facts, e.g. the send number of an email. */
  detail?: Record<string, string | number | boolean>;
}

/** Delegated admin privileges asked for: directory roles for a number of days. */
export interface DelegatedAdminRequest {
  /** Directory role template ids, at least one. */
  roles: string[];
  /** ISO 8601 whole days, "P1D".."P730D". */
  duration: string;
  /** Extend by 180 days at the end; never with Global Administrator. */
  autoExtend: boolean;
}

/** The emailed text; `text` keeps the `{{invitationLink}}` placeholder until sending. */
export interface InvitationEmail {
  subject: string;
  text: string;
  locale?: string;
}

/**
 * Failed answers to a pending invitation's link in one fixed window (wrong tokens only), kept on
 * the invitation so every instance of the app counts the same failures. Never shown to anyone.
 */
export interface AnswerFailures {
  windowStart: string;
  count: number;
}

/** An invitation: who invites whom to what, its lifetime, its answer and its history. */
export interface Invitation {
  id: string;
  kind: InvitationKind;
  /** The inviter: reseller/direct partner, or the provider for a partnership request. */
  partnerTenantId: string;
  /** Multi-party only: the indirect provider joining the reseller. */
  providerTenantId?: string;
  recipientEmail: string;
  recipientName?: string;
  /** If set, only this tenant may accept (the customer, or the reseller for a partnership). */
  customerTenantId?: string;
  /** A renewal only: the grant (of customerTenantId) it extends in place when accepted. */
  grantId?: string;
  includeDelegatedAdmin: boolean;
  delegatedAdmin?: DelegatedAdminRequest;
  email: InvitationEmail;
  status: InvitationStatus;
  createdAt: string;
  createdBy: Actor;
  expiresAt: string;
  /** When to remind, earliest first; absent when the lifetime is too short for a useful reminder. */
  reminders?: string[];
  /** The first of `reminders` (a document written before the schedule has only this). */
  reminderAt?: string;
  /** When the latest reminder went out. */
  reminderSentAt?: string;
  /** SHA-256 hex of the current link token; the token itself is never stored. */
  tokenHash: string;
  /** How many invitation emails went out (first send and resends). */
  sendCount: number;
  answeredAt?: string;
  answeredBy?: Actor;
  acceptedBy?: Actor;
  recordedAt?: string;
  timeline: TimelineEntry[];
  idempotencyKey?: string;
  /** Written only by a single-field PATCH (shared/store/answerFailures.ts); state changes carry it along. */
  answerFailures?: AnswerFailures;
}

/** The actor of a signed-in person (structurally a Caller), as the timeline records it. */
export function userActor(person: { tenantId: string; userId: string; email?: string }): Actor {
  const actor: Actor = { type: 'user', tenantId: person.tenantId.toLowerCase(), userId: person.userId.toLowerCase() };
  if (person.email) actor.email = person.email;
  return actor;
}
