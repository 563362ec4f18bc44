import { AppError } from '../http/errors';

/** The partner roles a token's `roles` claim may carry; anything else is ignored. */
export const partnerRoles = ['GlobalAdmin', 'AdminAgent', 'SalesAgent', 'UserManagementAdmin', 'HelpdeskAgent'] as const;
export type PartnerRole = (typeof partnerRoles)[number];

const ALL = partnerRoles;
const ADMINS = ['GlobalAdmin', 'AdminAgent'] as const;
const SELLERS = ['GlobalAdmin', 'AdminAgent', 'SalesAgent'] as const;
// Read-only lists also open to the Helpdesk agent (see below).
const READERS = ['GlobalAdmin', 'AdminAgent', 'SalesAgent', 'HelpdeskAgent'] as const;

/**
 * THE role matrix: every partner-side action and the roles that may do it. Issue 3: Global admin
 * all; Admin agent invitations with or without admin privileges, removal, grants; Sales agent
 * invitations without admin privileges and lists; User management admin the partner profile only.
 * Issue 4: Sales agent also partnership requests, new customers and subscriptions; Admin agent and
 * Global admin everything; User management admin nothing.
 *
 * Helpdesk agent (not named by either issue) gets the read-only lists: in the program its job is
 * answering customers' support requests (classic DAP made it Helpdesk Administrator in customer
 * tenants), which needs to see who the customers, resellers, invitations and subscriptions are, but
 * never to invite, remove, grant or buy. The audit log stays with the admins: it names people.
 *
 * Revoke and resend follow "invitations": a Sales agent who may send one may also withdraw or
 * repeat it; neither widens what the invitation asks for.
 */
export const roleMatrix = {
  'partner.read': ALL,
  'partner.update': ['GlobalAdmin', 'UserManagementAdmin'],
  'invitation.draft': SELLERS,
  'invitation.create.withAdmin': ADMINS,
  'invitation.create.withoutAdmin': SELLERS,
  'invitation.read': READERS,
  'invitation.revoke': SELLERS,
  'invitation.resend': SELLERS,
  'customer.read': READERS,
  'customer.removeRelationship': ADMINS,
  'customer.create': SELLERS,
  'grant.manage': ADMINS,
  'audit.read': ADMINS,
  'partnership.request': SELLERS,
  'partnership.accept': ADMINS,
  'partnership.read': READERS,
  'partnership.remove': ADMINS,
  'subscription.read': READERS,
  'subscription.manage': SELLERS,
} as const satisfies Record<string, readonly PartnerRole[]>;

export type Action = keyof typeof roleMatrix;

/** Every action of the matrix, for tables and tests. */
export const actions = Object.keys(roleMatrix) as Action[];

/** Whether any of the caller's roles allows the action; unknown role names grant nothing. */
export function can(roles: readonly string[], action: Action): boolean {
  const allowed: readonly string[] = roleMatrix[action];
  return roles.some((r) => allowed.includes(r));
}

/** The create action an invitation needs: asking for admin privileges is an admin's call. */
export function createInvitationAction(includeDelegatedAdmin: boolean): Action {
  return includeDelegatedAdmin ? 'invitation.create.withAdmin' : 'invitation.create.withoutAdmin';
}

/** Throws AppError('forbidden') unless one of the caller's partner roles allows the action. */
export function requireRole(caller: { roles: readonly string[] }, action: Action): void {
  if (!can(caller.roles, action)) {
    throw new AppError('forbidden', `Your role does not allow ${action}.`, { action });
  }
}
