// The indirect channel's endpoints for the role-matrix suite (test/e2e/authorization-indirect.test.ts).
// Each row names the tenant that owns what it acts on: a provider's partnership request and reseller
// list, a reseller's multi-party invitation and provider list. `any` = each partner's own list.
import { fabrikamDistribution, northwindResellers } from '../../infra/local/identity/demoDirectory';
import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import type { Action } from '../../shared/auth/roles';
import type { Method } from './routeTable';

export interface IndirectRow {
  /** The function name of its `app.http(name, ...)`, optionally with a variant in parentheses. */
  name: string;
  method: Method;
  path: string;
  action: Action;
  /** Whose resource: only this tenant's users with the role succeed; `any` = every partner's own. */
  owner: string | 'any';
  body?: () => Record<string, unknown>;
  success: number;
}

export const indirectRouteTable: readonly IndirectRow[] = [
  {
    name: 'requestPartnership',
    method: 'POST',
    path: '/api/indirect-resellers/requests',
    action: 'partnership.request',
    owner: fabrikamDistribution.tenantId,
    body: () => ({ recipientEmail: 'authz@northwind-resellers.example' }),
    success: 202,
  },
  {
    name: 'createMultiPartyInvitation (without admin)',
    method: 'POST',
    path: '/api/invitations/multi-party',
    action: 'invitation.create.withoutAdmin',
    owner: northwindResellers.tenantId,
    body: () => ({
      recipientEmail: 'authz@adatum.example',
      providerTenantId: fabrikamDistribution.tenantId,
      includeDelegatedAdmin: false,
    }),
    success: 202,
  },
  {
    name: 'createMultiPartyInvitation (with admin)',
    method: 'POST',
    path: '/api/invitations/multi-party',
    action: 'invitation.create.withAdmin',
    owner: northwindResellers.tenantId,
    body: () => ({
      recipientEmail: 'authz@adatum.example',
      providerTenantId: fabrikamDistribution.tenantId,
      delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P30D', autoExtend: false },
    }),
    success: 202,
  },
  {
    name: 'listIndirectResellers',
    method: 'GET',
    path: '/api/indirect-resellers?pageSize=10',
    action: 'partnership.read',
    owner: 'any',
    success: 200,
  },
  {
    name: 'listIndirectProviders',
    method: 'GET',
    path: '/api/indirect-providers?pageSize=10',
    action: 'partnership.read',
    owner: 'any',
    success: 200,
  },
  { name: 'listOffers', method: 'GET', path: '/api/offers', action: 'subscription.read', owner: 'any', success: 200 },
  // Last: it ends the partnership the multi-party rows need (removal answers the same when repeated).
  {
    name: 'removePartnership',
    method: 'DELETE',
    path: `/api/indirect-resellers/${northwindResellers.tenantId}`,
    action: 'partnership.remove',
    owner: fabrikamDistribution.tenantId,
    success: 200,
  },
];
