// The workload of test/reliability/invitation-crash.test.ts, drawn from one seed: invitations of
// the demo partner with and without delegated admin, some bound to their customer's tenant, each
// with a fate (accepted, declined, revoked, left to expire), some resent, some double-submitted.
import { contosoDirect } from '../../infra/local/identity/demoDirectory';
import { GLOBAL_ADMINISTRATOR, HELPDESK_ADMINISTRATOR, directoryRoles } from '../../shared/domain/directoryRoles';
import { idempotentInvitationId } from '../../shared/domain/ids';
import type { DelegatedAdminRequest } from '../../shared/domain/invitation';
import { between, shuffle, seededUuid } from './prng';

/** `race`: accepted as the deadline fires; it ends accepted or expired, whichever the store took first. */
export type Fate = 'accept' | 'decline' | 'revoke' | 'expire' | 'race';

/** What delegated admin an invitation asks for: named roles, the default (classic DAP's roles), none. */
export type AdminAsk = { kind: 'gdap'; request: DelegatedAdminRequest } | { kind: 'default' } | { kind: 'none' };

export interface PlannedInvitation {
  /** The Idempotency-Key of its create; the id follows from it (a retried create finds the first). */
  key: string;
  id: string;
  recipientEmail: string;
  admin: AdminAsk;
  /** Only this customer's tenant may accept. */
  bound: boolean;
  fate: Fate;
  /** Resent once (before any answer). */
  resend: boolean;
  /** The portal sends the create twice at once (a double click), with the same key. */
  doubleSubmit: boolean;
  /** The customer tenant whose Global admin answers it (one tenant per invitation). */
  customer: { tenantId: string; userId: string; email: string };
}

/** What the create request sends. */
export function createBody(p: PlannedInvitation): Record<string, unknown> {
  return {
    recipientEmail: p.recipientEmail,
    ...(p.bound ? { customerTenantId: p.customer.tenantId } : {}),
    ...(p.admin.kind === 'none' ? { includeDelegatedAdmin: false } : {}),
    ...(p.admin.kind === 'gdap' ? { delegatedAdmin: p.admin.request } : {}),
  };
}

/** The grant an acceptance must record (roles normalised as the product stores them), if any. */
export function expectedGrant(p: PlannedInvitation): DelegatedAdminRequest | undefined {
  if (p.admin.kind === 'none') return undefined;
  if (p.admin.kind === 'default')
    return { roles: [GLOBAL_ADMINISTRATOR, HELPDESK_ADMINISTRATOR], duration: 'P730D', autoExtend: false };
  return { ...p.admin.request, roles: [...new Set(p.admin.request.roles.map((r) => r.toLowerCase()))] };
}

// Roles that allow auto-extension (Global Administrator does not).
const extendableRoles = Object.keys(directoryRoles).filter((r) => r !== GLOBAL_ADMINISTRATOR);

function gdap(rnd: () => number): DelegatedAdminRequest {
  const roles = shuffle(rnd, [...extendableRoles]).slice(0, between(rnd, 1, 3));
  const withGlobalAdmin = rnd() < 0.25;
  // Longer than the month the test skips, so no grant ends (the sweep's grant handling is not under test here).
  const duration = `P${between(rnd, 45, 730)}D`;
  return withGlobalAdmin
    ? { roles: [GLOBAL_ADMINISTRATOR, ...roles], duration, autoExtend: false }
    : { roles, duration, autoExtend: rnd() < 0.5 };
}

/**
 * `n` invitations whose fates are in fixed proportions (40 % accepted, 15 % declined, 15 % revoked,
 * 30 % expired), shuffled.
 */
export function planInvitations(rnd: () => number, label: string, n: number): PlannedInvitation[] {
  const fates: Fate[] = shuffle(
    rnd,
    Array.from({ length: n }, (_, i): Fate =>
      i < n * 0.4 ? 'accept' : i < n * 0.55 ? 'decline' : i < n * 0.7 ? 'revoke' : 'expire',
    ),
  );
  const admins = shuffle(
    rnd,
    Array.from({ length: n }, (_, i) => i % 3),
  );
  return fates.map((fate, i) => {
    const key = `${label}-${i}-${seededUuid(rnd).slice(0, 8)}`;
    const tenantId = seededUuid(rnd);
    const admin: AdminAsk =
      admins[i] === 0 ? { kind: 'gdap', request: gdap(rnd) } : admins[i] === 1 ? { kind: 'default' } : { kind: 'none' };
    return {
      key,
      id: idempotentInvitationId(contosoDirect.tenantId, key),
      recipientEmail: `invitee${i}@${label}-c${i}.example`,
      admin,
      bound: rnd() < 0.35,
      fate,
      // About one in five is resent (the first two always, so every run has some).
      resend: rnd() < 0.2 || i < 2,
      doubleSubmit: rnd() < 0.15,
      customer: { tenantId, userId: seededUuid(rnd), email: `ga${i}@${label}-c${i}.example` },
    };
  });
}
