// THE table of the product's HTTP endpoints for the table-driven suites (authorization, fuzz).
// A new endpoint is one row: method, path template, what it requires (an action of the role matrix
// in shared/auth/roles.ts, or the customer's Global admin), whose resource its `{id}` names, a
// valid body and the success status. test/e2e/authorization.test.ts checks that every
// `app.http(...)` under functions/http has a row here.
import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { type Action, can, type PartnerRole } from '../../shared/auth/roles';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What a caller needs: a partner role that `can()` the action; the customer tenant's Global
 * administrator (`wids`); either (audit: partner admins, or a customer's Global admin); or nothing.
 */
export type Requirement =
  | { kind: 'role'; action: Action }
  | { kind: 'customerGlobalAdmin' }
  | { kind: 'roleOrCustomerGlobalAdmin'; action: Action }
  /** The program operator only (ProgramAdmin of the operator tenant): no caller of these suites. */
  | { kind: 'operator'; action: Action }
  | { kind: 'public' };

/**
 * Whose thing the path names. `own` = the caller's own tenant's document or list (the tenant comes
 * from the token); `invitation`/`customer` = owned by the inviting partner; `answer` = an
 * invitation bound to a customer tenant, answered by that customer; `grant` = owned by the customer
 * tenant that gave it.
 */
export type Resource = 'own' | 'invitation' | 'customer' | 'answer' | 'grant';

/** The ids and secrets of one seeded resource, for path, body and header builders. */
export interface RowFixture {
  /** The `{id}` of the path (invitation id, customer tenant id or grant id). */
  id: string;
  /** The invitation's link token (answer rows). */
  token?: string;
  /** The app's public base URL (Origin of the landing page). */
  origin: string;
}

export interface RouteRow {
  /** The function name of its `app.http(name, ...)`. */
  name: string;
  method: Method;
  /** Path template under the host, e.g. `/api/invitations/{id}/revoke`. */
  path: string;
  requires: Requirement;
  resource: Resource;
  /** The call changes its resource so a second caller would see another state: one resource per call. */
  fresh?: boolean;
  /** A valid JSON body (rows without one ignore any body). */
  body?: (f: RowFixture) => Record<string, unknown>;
  /** Fields of `body` zod requires (the fuzzer drops them). */
  required?: readonly string[];
  /** A valid query string (without `?`) for rows whose query is parsed by a strict schema. */
  query?: string;
  headers?: (f: RowFixture) => Record<string, string>;
  /** The status of success. */
  success: number;
  /** Not JSON: an HTML page or a static asset. */
  html?: boolean;
}

const contactsBody = () => ({ notificationContacts: ['alerts@contoso-direct.example'] });
const answerHeaders = (f: RowFixture) => ({ origin: f.origin });

export const routeTable: readonly RouteRow[] = [
  {
    name: 'getPartner',
    method: 'GET',
    path: '/api/partner',
    requires: { kind: 'role', action: 'partner.read' },
    resource: 'own',
    success: 200,
  },
  {
    name: 'patchPartner',
    method: 'PATCH',
    path: '/api/partner',
    requires: { kind: 'role', action: 'partner.updateContacts' },
    resource: 'own',
    body: contactsBody,
    required: ['notificationContacts'],
    success: 200,
  },
  {
    name: 'createInvitation (with admin)',
    method: 'POST',
    path: '/api/invitations',
    requires: { kind: 'role', action: 'invitation.create.withAdmin' },
    resource: 'own',
    body: () => ({
      recipientEmail: 'authz@adatum.example',
      includeDelegatedAdmin: true,
      delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P30D', autoExtend: false },
    }),
    required: ['recipientEmail'],
    success: 202,
  },
  {
    name: 'createInvitation (without admin)',
    method: 'POST',
    path: '/api/invitations',
    requires: { kind: 'role', action: 'invitation.create.withoutAdmin' },
    resource: 'own',
    body: () => ({ recipientEmail: 'authz@adatum.example', includeDelegatedAdmin: false }),
    required: ['recipientEmail'],
    success: 202,
  },
  {
    name: 'draftInvitation',
    method: 'POST',
    path: '/api/invitations/draft',
    requires: { kind: 'role', action: 'invitation.draft' },
    resource: 'own',
    body: () => ({ recipientName: 'Ada', includeDelegatedAdmin: false }),
    success: 200,
  },
  {
    name: 'listInvitations',
    method: 'GET',
    path: '/api/invitations',
    requires: { kind: 'role', action: 'invitation.read' },
    resource: 'own',
    query: 'status=pending&pageSize=10',
    success: 200,
  },
  {
    name: 'getInvitation',
    method: 'GET',
    path: '/api/invitations/{id}',
    requires: { kind: 'role', action: 'invitation.read' },
    resource: 'invitation',
    success: 200,
  },
  {
    name: 'resendInvitation',
    method: 'POST',
    path: '/api/invitations/{id}/resend',
    requires: { kind: 'role', action: 'invitation.resend' },
    resource: 'invitation',
    fresh: true,
    success: 202,
  },
  {
    name: 'revokeInvitation',
    method: 'POST',
    path: '/api/invitations/{id}/revoke',
    requires: { kind: 'role', action: 'invitation.revoke' },
    resource: 'invitation',
    fresh: true,
    success: 200,
  },
  {
    name: 'acceptInvitation',
    method: 'POST',
    path: '/api/invitations/{id}/accept',
    requires: { kind: 'customerGlobalAdmin' },
    resource: 'answer',
    fresh: true,
    body: (f) => ({ token: f.token ?? '', acceptCustomerAgreement: true, companyName: 'Adatum' }),
    required: ['token'],
    headers: answerHeaders,
    success: 200,
  },
  {
    name: 'declineInvitation',
    method: 'POST',
    path: '/api/invitations/{id}/decline',
    requires: { kind: 'customerGlobalAdmin' },
    resource: 'answer',
    fresh: true,
    body: (f) => ({ token: f.token ?? '' }),
    required: ['token'],
    headers: answerHeaders,
    success: 200,
  },
  {
    name: 'invitationLanding',
    method: 'GET',
    path: '/api/invite/{id}',
    requires: { kind: 'public' },
    resource: 'invitation',
    html: true,
    success: 200,
  },
  {
    name: 'landingAsset',
    method: 'GET',
    path: '/api/pages/landing.js',
    requires: { kind: 'public' },
    resource: 'own',
    html: true,
    success: 200,
  },
  {
    name: 'signinReturn',
    method: 'GET',
    path: '/api/signin/return',
    requires: { kind: 'public' },
    resource: 'own',
    html: true,
    success: 200,
  },
  {
    name: 'openapi',
    method: 'GET',
    path: '/api/openapi.json',
    requires: { kind: 'public' },
    resource: 'own',
    success: 200,
  },
  { name: 'health', method: 'GET', path: '/api/health', requires: { kind: 'public' }, resource: 'own', success: 200 },
  {
    name: 'listCustomers',
    method: 'GET',
    path: '/api/customers',
    requires: { kind: 'role', action: 'customer.read' },
    resource: 'own',
    query: 'pageSize=10',
    success: 200,
  },
  {
    name: 'getCustomer',
    method: 'GET',
    path: '/api/customers/{id}',
    requires: { kind: 'role', action: 'customer.read' },
    resource: 'customer',
    success: 200,
  },
  // Renewal of the customer's grant (issue 17): `{grantId}` is the seeded world's grant (pathOf). Before
  // removeMyGrant below, which removes that grant.
  {
    name: 'requestGrantRenewal',
    method: 'POST',
    path: '/api/customers/{id}/grants/{grantId}/renewal-requests',
    requires: { kind: 'role', action: 'grant.renewal.request' },
    resource: 'customer',
    body: () => ({
      recipientEmail: 'authz@adatum.example',
      delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P90D', autoExtend: false },
    }),
    required: ['recipientEmail', 'delegatedAdmin'],
    success: 202,
  },
  {
    name: 'removeRelationship',
    method: 'DELETE',
    path: '/api/customers/{id}/relationship',
    requires: { kind: 'role', action: 'customer.removeRelationship' },
    resource: 'customer',
    success: 200,
  },
  {
    name: 'listMyPartners',
    method: 'GET',
    path: '/api/me/partners',
    requires: { kind: 'customerGlobalAdmin' },
    resource: 'own',
    query: 'pageSize=10',
    success: 200,
  },
  {
    name: 'removeMyGrant',
    method: 'DELETE',
    path: '/api/me/delegated-admin-grants/{id}',
    requires: { kind: 'customerGlobalAdmin' },
    resource: 'grant',
    success: 200,
  },
  // Role templates (issue 18): the {id} routes' role × tenant matrix is in test/e2e/role-templates.test.ts.
  {
    name: 'createRoleTemplate',
    method: 'POST',
    path: '/api/role-templates',
    requires: { kind: 'role', action: 'roleTemplate.manage' },
    resource: 'own',
    body: () => ({ name: 'Helpdesk', roles: [HELPDESK_ADMINISTRATOR], duration: 'P30D' }),
    required: ['name', 'roles', 'duration'],
    success: 201,
  },
  {
    name: 'listRoleTemplates',
    method: 'GET',
    path: '/api/role-templates',
    requires: { kind: 'role', action: 'roleTemplate.read' },
    resource: 'own',
    query: 'pageSize=10',
    success: 200,
  },
  {
    name: 'listAudit',
    method: 'GET',
    path: '/api/audit',
    requires: { kind: 'roleOrCustomerGlobalAdmin', action: 'audit.read' },
    resource: 'own',
    query: 'pageSize=10',
    success: 200,
  },
  // The program's operator routes: every partner and customer caller is refused
  // (test/e2e/program.test.ts drives the operator).
  {
    name: 'listProgramPartners',
    method: 'GET',
    path: '/api/program/partners',
    requires: { kind: 'operator', action: 'program.partners.read' },
    resource: 'own',
    success: 200,
  },
  {
    name: 'getProgramPartner',
    method: 'GET',
    path: '/api/program/partners/{id}',
    requires: { kind: 'operator', action: 'program.partners.read' },
    resource: 'own',
    success: 200,
  },
  {
    name: 'putProgramPartner',
    method: 'PUT',
    path: '/api/program/partners/{id}',
    requires: { kind: 'operator', action: 'program.partners.manage' },
    resource: 'own',
    body: () => ({ name: 'Evil Resellers', kind: 'direct', mpnId: '1000001', country: 'US', cloud: 'public' }),
    success: 200,
  },
  {
    name: 'suspendProgramPartner',
    method: 'POST',
    path: '/api/program/partners/{id}/suspend',
    requires: { kind: 'operator', action: 'program.partners.manage' },
    resource: 'own',
    success: 200,
  },
  {
    name: 'reinstateProgramPartner',
    method: 'POST',
    path: '/api/program/partners/{id}/reinstate',
    requires: { kind: 'operator', action: 'program.partners.manage' },
    resource: 'own',
    success: 200,
  },
  {
    name: 'listEnrolmentRequests',
    method: 'GET',
    path: '/api/program/enrolment-requests',
    requires: { kind: 'operator', action: 'program.enrolments.manage' },
    resource: 'own',
    success: 200,
  },
  {
    name: 'approveEnrolmentRequest',
    method: 'POST',
    path: '/api/program/enrolment-requests/{id}/approve',
    requires: { kind: 'operator', action: 'program.enrolments.manage' },
    resource: 'own',
    success: 200,
  },
  {
    name: 'rejectEnrolmentRequest',
    method: 'POST',
    path: '/api/program/enrolment-requests/{id}/reject',
    requires: { kind: 'operator', action: 'program.enrolments.manage' },
    resource: 'own',
    body: () => ({ reason: 'No' }),
    success: 200,
  },
  // Webhooks: the tenant's own endpoints. The rows on one endpoint ({id}: get, patch, delete,
  // rotate, test, replay, deliveries) need an endpoint of the own partner per caller; their role ×
  // tenant table lives in test/e2e/webhooks.test.ts.
  {
    name: 'createWebhook',
    method: 'POST',
    path: '/api/webhooks',
    requires: { kind: 'role', action: 'webhook.manage' },
    resource: 'own',
    body: () => ({ url: 'https://hooks.contoso-direct.example/rc', events: ['invitation.created'] }),
    required: ['url', 'events'],
    success: 201,
  },
  {
    name: 'listWebhooks',
    method: 'GET',
    path: '/api/webhooks',
    requires: { kind: 'role', action: 'webhook.read' },
    resource: 'own',
    query: 'pageSize=10',
    success: 200,
  },
];

/** Who calls: a partner user with one role, a customer user, or nobody; `own` = the resource's tenant. */
export type CallerSpec =
  | { kind: 'partner'; role: PartnerRole; own: boolean }
  | { kind: 'customer'; globalAdmin: boolean; own: boolean }
  /** The program's operator (the demo operator, ProgramAdmin of the operator tenant). */
  | { kind: 'operator' }
  | { kind: 'anonymous' };

/** Whether a caller holds Entra's Global Administrator in its own directory (demo partner Global admins do too). */
export function hasGlobalAdminWid(c: CallerSpec): boolean {
  return (c.kind === 'partner' && c.role === 'GlobalAdmin') || (c.kind === 'customer' && c.globalAdmin);
}

/** Whether the caller's tenant owns the row's resource (its own documents and lists always are). */
function owns(row: RouteRow, c: CallerSpec): boolean {
  if (c.kind === 'anonymous') return false;
  if (row.resource === 'own') return true;
  if (c.kind === 'operator') return false;
  const ownerSide = row.resource === 'answer' || row.resource === 'grant' ? 'customer' : 'partner';
  return c.kind === ownerSide && c.own;
}

/** The role matrix expectation: may this caller succeed on this row? */
export function expectAllowed(row: RouteRow, c: CallerSpec): boolean {
  const r = row.requires;
  if (r.kind === 'public') return true;
  if (!owns(row, c)) return false;
  const roles = c.kind === 'partner' ? [c.role] : [];
  switch (r.kind) {
    case 'role':
      return can(roles, r.action);
    case 'customerGlobalAdmin':
      return hasGlobalAdminWid(c);
    case 'roleOrCustomerGlobalAdmin':
      return can(roles, r.action) || hasGlobalAdminWid(c);
    case 'operator':
      return c.kind === 'operator';
  }
}

/** The path of a row for an id (rows without `{id}` ignore it); `{grantId}` is the customer's grant. */
export const pathOf = (row: RouteRow, id: string, grantId = ''): string =>
  row.path.replace('{id}', encodeURIComponent(id)).replace('{grantId}', encodeURIComponent(grantId));
