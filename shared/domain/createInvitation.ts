import { checkInviterKind } from './checkInviterKind';
import { checkNotSelfDealing } from './checkNotSelfDealing';
import { checkCloudRule } from './cloudRules';
import { invitationDeadlines } from './deadlines';
import { defaultDelegatedAdmin, validateDelegatedAdmin } from './delegatedAdmin';
import type { Actor, DelegatedAdminRequest, Invitation, InvitationEmail, InvitationKind } from './invitation';
import { checkInvitationLinkPresent } from './invitationLink';
import type { Partner } from './partner';
import { ok, refuse, type Result } from './result';
import { iso } from './time';

/** What the inviter asked for, with the id and token hash chosen by the caller (no randomness here). */
export interface NewInvitationInput {
  id: string;
  kind: InvitationKind;
  inviter: Pick<Partner, 'tenantId' | 'kind' | 'cloud'>;
  createdBy: Actor;
  providerTenantId?: string;
  recipientEmail: string;
  recipientName?: string;
  customerTenantId?: string;
  /** A renewal only: the grant it extends. */
  grantId?: string;
  includeDelegatedAdmin: boolean;
  delegatedAdmin?: DelegatedAdminRequest;
  email: InvitationEmail;
  expiresInDays?: number;
  reminderDaysBefore?: number | readonly number[];
  tokenHash: string;
  idempotencyKey?: string;
}

/**
 * Builds a new pending invitation after every rule that needs no stored data: inviter kind, cloud
 * rule, delegated admin request, link placeholder, lifetime. (A multi-party invitation's partnership
 * needs the store: see checkMultiPartyAllowed.)
 */
export function createInvitation(input: NewInvitationInput, now: Date): Result<Invitation> {
  const kindOk = checkInviterKind(input.kind, input.inviter.kind);
  if (!kindOk.ok) return kindOk;
  if (input.kind === 'multiParty' && !input.providerTenantId) {
    return refuse('validation_failed', 'a multi-party invitation names its indirect provider');
  }
  if (input.kind !== 'multiParty' && input.providerTenantId) {
    return refuse('validation_failed', 'only a multi-party invitation names an indirect provider');
  }
  // A renewal is bound to the grant's customer and asks for delegated admin; nothing else names a grant.
  if (input.kind === 'renewal' && (!input.grantId || !input.customerTenantId || !input.includeDelegatedAdmin)) {
    return refuse('validation_failed', 'a renewal request names its grant and customer and asks for delegated admin');
  }
  if (input.kind !== 'renewal' && input.grantId)
    return refuse('validation_failed', 'only a renewal request names a grant');
  // Bound to the inviter's own tenant (or its provider's), the invitation could only be self-dealing.
  const self = checkNotSelfDealing(
    { partnerTenantId: input.inviter.tenantId, providerTenantId: input.providerTenantId },
    input.customerTenantId,
  );
  if (!self.ok) return self;
  // A partnership grants no admin privileges in anyone's directory; the other kinds follow the cloud rule.
  const isPartnership = input.kind === 'partnership';
  if (isPartnership && (input.includeDelegatedAdmin || input.delegatedAdmin)) {
    return refuse('validation_failed', 'a partnership request does not ask for delegated admin privileges');
  }
  if (!isPartnership) {
    const cloud = checkCloudRule(input.inviter.cloud, input.includeDelegatedAdmin);
    if (!cloud.ok) return cloud;
  }
  let delegatedAdmin: DelegatedAdminRequest | undefined;
  if (input.includeDelegatedAdmin) {
    const checked = validateDelegatedAdmin(input.delegatedAdmin ?? defaultDelegatedAdmin());
    if (!checked.ok) return checked;
    delegatedAdmin = checked.value;
  } else if (input.delegatedAdmin) {
    return refuse('validation_failed', 'delegatedAdmin is given but includeDelegatedAdmin is false');
  }
  const link = checkInvitationLinkPresent(input.email.text);
  if (!link.ok) return link;
  const deadlines = invitationDeadlines(now, input.expiresInDays, input.reminderDaysBefore);
  if (!deadlines.ok) return deadlines;

  const createdAt = iso(now);
  const invitation: Invitation = {
    id: input.id,
    kind: input.kind,
    partnerTenantId: input.inviter.tenantId,
    recipientEmail: input.recipientEmail,
    includeDelegatedAdmin: input.includeDelegatedAdmin,
    email: { ...input.email },
    status: 'pending',
    createdAt,
    createdBy: input.createdBy,
    expiresAt: deadlines.value.expiresAt,
    tokenHash: input.tokenHash,
    sendCount: 0,
    timeline: [{ type: 'created', at: createdAt, by: input.createdBy }],
  };
  // Optional fields only when present: stored documents and durable history stay free of `undefined`.
  if (input.providerTenantId) invitation.providerTenantId = input.providerTenantId;
  if (input.recipientName) invitation.recipientName = input.recipientName;
  if (input.customerTenantId) invitation.customerTenantId = input.customerTenantId;
  if (input.grantId) invitation.grantId = input.grantId;
  if (delegatedAdmin) invitation.delegatedAdmin = delegatedAdmin;
  const [firstReminder] = deadlines.value.reminders;
  if (firstReminder) {
    invitation.reminders = deadlines.value.reminders;
    invitation.reminderAt = firstReminder; // the first reminder, as documents before the schedule carried it
  }
  if (input.idempotencyKey) invitation.idempotencyKey = input.idempotencyKey;
  return ok(invitation);
}
