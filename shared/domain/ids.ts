import { createHash } from 'node:crypto';

/**
 * Namespace of this product's name-based UUIDs (RFC 9562 version 5). Fixed forever: changing it
 * would make a retried activity compute a new id and write or send a second time.
 */
export const ID_NAMESPACE = '7d1f3c52-8a0e-4b6f-9f3a-2c5e1d9b4a70';

/** A UUID derived from a name: the same name always gives the same id (RFC 9562 §5.5). */
export function nameBasedUuid(name: string, namespace: string = ID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Tenant ids are GUIDs whose case varies between tokens and APIs; ids must not.
const norm = (id: string) => id.trim().toLowerCase();

/** ACS Operation-Id of the n-th invitation email: a retried send reuses it, so ACS sends once. */
export function emailOperationId(invitationId: string, sendNumber: number): string {
  return nameBasedUuid(`email:${norm(invitationId)}:${sendNumber}`);
}

/** Operation-Id of a notice to the inviter (accepted, expired): one per invitation and notice. */
export function noticeOperationId(invitationId: string, notice: string): string {
  return nameBasedUuid(`notice:${norm(invitationId)}:${notice}`);
}

/**
 * Instance id of the orchestration that delivers a notice nothing else will send (the sweep's
 * expiry notice): one per invitation and notice, so starting it twice finds the first.
 */
export function noticeInstanceId(invitationId: string, notice: string): string {
  return `notice-${notice}-${norm(invitationId)}`;
}

/**
 * Operation-Id of an invitation's n-th reminder (0-based): each is sent at most once. The first
 * keeps the id it always had.
 */
export function reminderOperationId(invitationId: string, reminder = 0): string {
  return nameBasedUuid(
    reminder === 0 ? `reminder:${norm(invitationId)}` : `reminder:${norm(invitationId)}:${reminder + 1}`,
  );
}

/**
 * Audit key of an invitation's n-th reminder (0-based), so each is written once. The first keeps the key it always had.
 */
export function reminderAuditKey(invitationId: string, reminder = 0): string {
  return reminder === 0 ? `reminded:${invitationId}` : `reminded:${invitationId}:${reminder + 1}`;
}

/** Id of the relationship between a partner and a customer: one per pair, whatever created it. */
export function relationshipId(partnerTenantId: string, customerTenantId: string): string {
  return nameBasedUuid(`relationship:${norm(partnerTenantId)}:${norm(customerTenantId)}`);
}

/** Id of the grant an accepted invitation creates: one per invitation. */
export function grantId(invitationId: string): string {
  return nameBasedUuid(`grant:${norm(invitationId)}`);
}

/** Id of the partnership between a provider and a reseller: one per pair. */
export function partnershipId(providerTenantId: string, resellerTenantId: string): string {
  return nameBasedUuid(`partnership:${norm(providerTenantId)}:${norm(resellerTenantId)}`);
}

/** Id of an invitation created with an Idempotency-Key: a repeat finds the first invitation. */
export function idempotentInvitationId(partnerTenantId: string, idempotencyKey: string): string {
  return nameBasedUuid(`invitation:${norm(partnerTenantId)}:${idempotencyKey}`);
}
