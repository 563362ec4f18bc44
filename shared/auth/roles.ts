import { AppError, type ErrorCode } from '../http/errors';
import { GLOBAL_ADMINISTRATOR_WID } from './caller';

/** The partner roles a token's `roles` claim may carry; anything else is ignored. */
export const partnerRoles = [
  'GlobalAdmin',
  'AdminAgent',
  'SalesAgent',
  'UserManagementAdmin',
  'HelpdeskAgent',
] as const;
export type PartnerRole = (typeof partnerRoles)[number];

/**
 * The app role of the program's operators. It counts only from the operator's own tenant
 * (PROGRAM_OPERATOR_TENANT_ID): authenticate() drops it from every other tenant's tokens, since any
 * tenant's admin can assign our app roles to its own users.
 */
export const PROGRAM_ADMIN = 'ProgramAdmin';

/**
 * A Global Administrator of the caller's own directory: the `wids` claim, which Entra issues from
 * the directory role and which a tenant cannot grant itself for our app (unlike app roles). It is
 * the customer who accepts invitations and manages what it gave, and the applicant who asks to join.
 */
export const TENANT_GLOBAL_ADMIN = 'TenantGlobalAdmin';

/** Every kind of caller the matrix names. */
export const principals = [...partnerRoles, PROGRAM_ADMIN, TENANT_GLOBAL_ADMIN] as const;
export type Principal = (typeof principals)[number];

const ALL = partnerRoles;
const ADMINS = ['GlobalAdmin', 'AdminAgent'] as const;
const SELLERS = ['GlobalAdmin', 'AdminAgent', 'SalesAgent'] as const;
// Read-only lists also open to the Helpdesk agent (see below).
const READERS = ['GlobalAdmin', 'AdminAgent', 'SalesAgent', 'HelpdeskAgent'] as const;
const OPERATOR = [PROGRAM_ADMIN] as const;
const CUSTOMER = [TENANT_GLOBAL_ADMIN] as const;

/**
 * THE role matrix: every action of the product and who may do it. Nothing else in the code says
 * who may do what; a route names its action (test/unit/route-actions.test.ts checks every route).
 *
 * Partner side: Global admin all; Admin agent invitations with or without admin privileges,
 * removal, partnership answers; Sales agent invitations without admin privileges, partnership
 * requests, new customers, subscriptions and lists; User management admin the partner's own
 * contact details only. Helpdesk agent gets the read-only lists: in the program its job is
 * answering customers' support requests, which needs to see who the customers, resellers,
 * invitations and subscriptions are, but never to invite, remove, grant or buy. The audit log stays
 * with the admins: it names people. Revoke and resend follow "invitations".
 *
 * Program side: the operator enrols, updates, suspends and reinstates partners and decides
 * enrolment requests. Customer side and applicants: a tenant's Global administrator.
 *
 * A partner action also needs the program's data to agree: the tenant enrolled (403
 * partner_not_enrolled), and for an action in `needsActivePartner`, not suspended (403
 * partner_suspended) — shared/auth/requireEnrolledPartner.ts.
 */
export const roleMatrix = {
  'partner.read': ALL,
  'partner.updateContacts': ['GlobalAdmin', 'UserManagementAdmin'],
  'invitation.draft': SELLERS,
  'invitation.create.withAdmin': ADMINS,
  'invitation.create.withoutAdmin': SELLERS,
  // Asking a customer to renew a grant is asking for admin privileges again: who may invite with them.
  'grant.renewal.request': ADMINS,
  'invitation.read': READERS,
  'invitation.revoke': SELLERS,
  'invitation.resend': SELLERS,
  'customer.read': READERS,
  'customer.removeRelationship': ADMINS,
  'customer.create': SELLERS,
  'audit.read': ADMINS,
  'partnership.request': SELLERS,
  'partnership.accept': ADMINS,
  'partnership.read': READERS,
  'partnership.remove': ADMINS,
  'subscription.read': READERS,
  'subscription.manage': SELLERS,
  'invitation.accept': CUSTOMER,
  'customer.partners.read': CUSTOMER,
  'customer.grant.remove': CUSTOMER,
  'customer.audit.read': CUSTOMER,
  'enrolment.request': CUSTOMER,
  'program.partners.read': OPERATOR,
  'program.partners.manage': OPERATOR,
  'program.enrolments.manage': OPERATOR,
  'program.audit.read': OPERATOR,
  'roleTemplate.manage': ADMINS,
  'roleTemplate.read': READERS,
  'invitationBatch.create': SELLERS,
  'invitationBatch.read': READERS,
  'invitationBatch.cancel': SELLERS,
  // Webhooks (issue 16): the partner's admins manage and read their tenant's endpoints; the
  // operator its own, for program events.
  'webhook.manage': ADMINS,
  'webhook.read': ADMINS,
  'program.webhooks.manage': OPERATOR,
} as const satisfies Record<string, readonly Principal[]>;

export type Action = keyof typeof roleMatrix;

/**
 * Application permissions: app roles of type Application on the API registration, which a partner
 * tenant's admin grants (consents) to a portal backend's own app, so it acts without a user
 * (client credentials; the token carries `roles` and no `scp`). Each maps onto matrix actions; the
 * token's tenant (`tid`, the consenting tenant) is the partner it acts for, and the partner's
 * enrolment and standing apply as to any partner action. Only app-only tokens carry them
 * (shared/auth/caller.ts drops them from a user's token, and a user's roles from an app's).
 */
export const appRoleActions = {
  'Partner.Read': [
    'partner.read',
    'invitation.read',
    'customer.read',
    'partnership.read',
    'subscription.read',
    'webhook.read',
  ],
  'Partner.Invitations.ReadWrite': [
    'partner.read',
    'invitation.read',
    'invitation.draft',
    'invitation.create.withoutAdmin',
    'invitation.revoke',
    'invitation.resend',
  ],
  'Partner.Webhooks.ReadWrite': ['webhook.read', 'webhook.manage'],
} as const satisfies Record<string, readonly Action[]>;
export type AppRole = keyof typeof appRoleActions;
export const appRoles = Object.keys(appRoleActions) as AppRole[];

/** Every action of the matrix, for tables and tests. */
export const actions = Object.keys(roleMatrix) as Action[];

/** Partner actions a suspended partner may not take: everything that sends, answers, adds or buys. */
export const needsActivePartner: ReadonlySet<Action> = new Set<Action>([
  'invitation.draft',
  'invitation.create.withAdmin',
  'invitation.create.withoutAdmin',
  'grant.renewal.request',
  'invitation.resend',
  'customer.create',
  'partnership.request',
  'partnership.accept',
  'subscription.manage',
  'invitationBatch.create',
]);

/** Whether the action is a partner's (its tenant must be enrolled). */
export const isPartnerAction = (action: Action): boolean =>
  roleMatrix[action].some((p) => (partnerRoles as readonly string[]).includes(p));

/** The principals a caller holds: its partner (and, if kept, program) roles, and its directory role. */
export function principalsOf(caller: { roles: readonly string[]; wids: readonly string[] }): string[] {
  const global = caller.wids.some((w) => w.toLowerCase() === GLOBAL_ADMINISTRATOR_WID);
  return [...caller.roles, ...(global ? [TENANT_GLOBAL_ADMIN] : [])];
}

/** Whether any of the principals allows the action; unknown names grant nothing. */
export function can(held: readonly string[], action: Action): boolean {
  const allowed: readonly string[] = roleMatrix[action];
  const byApp = appRoleActions as Record<string, readonly Action[]>;
  return held.some(
    (r) => allowed.includes(r) || (Object.hasOwn(byApp, r) && (byApp[r] as readonly Action[]).includes(action)),
  );
}

/** The create action an invitation needs: asking for admin privileges is an admin's call. */
export function createInvitationAction(includeDelegatedAdmin: boolean): Action {
  return includeDelegatedAdmin ? 'invitation.create.withAdmin' : 'invitation.create.withoutAdmin';
}

// Customer-side refusals keep their own code: the landing page tells the signed-in person to ask
// their Global administrator, which a generic 403 cannot.
const refusalCode = (action: Action): ErrorCode =>
  (roleMatrix[action] as readonly string[]).includes(TENANT_GLOBAL_ADMIN)
    ? 'customer_global_admin_required'
    : 'forbidden';

/** Throws AppError 403 unless one of the caller's principals allows the action. */
export function requireRole(caller: { roles: readonly string[]; wids?: readonly string[] }, action: Action): void {
  if (!can(principalsOf({ roles: caller.roles, wids: caller.wids ?? [] }), action)) {
    const code = refusalCode(action);
    const detail =
      code === 'forbidden'
        ? `Your role does not allow ${action}.`
        : 'Only a Global administrator of your organisation may do this.';
    throw new AppError(code, detail, { action });
  }
}
