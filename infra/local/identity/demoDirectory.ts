import { GLOBAL_ADMINISTRATOR_WID } from '../../../shared/auth/caller';

/**
 * The demo tenants and users: `npm start` seeds them, the sign-in page lists them, tests sign in as
 * them. Ids are fixed so links, seeds and assertions stay stable across runs. Mail domains use the
 * reserved `.example` TLD so nothing can ever reach a real mailbox.
 */

export type TenantKind = 'direct' | 'indirectProvider' | 'indirectReseller' | 'customer' | 'operator';
export type Cloud = 'public' | 'usgov' | 'germany';
export type DemoPartnerRole = 'GlobalAdmin' | 'AdminAgent' | 'SalesAgent' | 'UserManagementAdmin' | 'HelpdeskAgent';
/** App roles a demo user may hold: the partner roles and the program operator's. */
export type DemoAppRole = DemoPartnerRole | 'ProgramAdmin';

export interface DemoTenant {
  readonly tenantId: string;
  readonly name: string;
  readonly kind: TenantKind;
  /** Partner id (MPN id of the location account); partners only. */
  readonly mpnId?: string;
  /** ISO 3166 alpha-2. */
  readonly country: string;
  readonly cloud: Cloud;
}

export interface DemoUser {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly tenantId: string;
  /** Partner roles (the token's `roles`). */
  readonly roles?: readonly DemoAppRole[];
  /** Directory role template ids (the token's `wids`). */
  readonly wids?: readonly string[];
  readonly tenantCountry: string;
}

const partner = (
  n: number,
  name: string,
  kind: TenantKind,
  mpnId: string,
  country: string,
  cloud: Cloud,
): DemoTenant => ({
  tenantId: `d1000000-0000-4000-8000-00000000000${n}`,
  name,
  kind,
  mpnId,
  country,
  cloud,
});

export const contosoDirect = partner(1, 'Contoso Direct', 'direct', '1000001', 'US', 'public');
export const fabrikamDistribution = partner(2, 'Fabrikam Distribution', 'indirectProvider', '1000002', 'US', 'public');
export const northwindResellers = partner(3, 'Northwind Resellers', 'indirectReseller', '1000003', 'US', 'public');
export const tailspinGov = partner(4, 'Tailspin Gov', 'direct', '1000004', 'US', 'usgov');
export const woodgroveReseller = partner(5, 'Woodgrove Reseller GmbH', 'indirectReseller', '1000005', 'DE', 'public');

export const adatumCorp: DemoTenant = {
  tenantId: 'c1000000-0000-4000-8000-000000000001',
  name: 'Adatum Corp',
  kind: 'customer',
  country: 'US',
  cloud: 'public',
};
export const litwareGmbh: DemoTenant = {
  tenantId: 'c1000000-0000-4000-8000-000000000002',
  name: 'Litware GmbH',
  kind: 'customer',
  country: 'DE',
  cloud: 'public',
};
export const treyResearchGov: DemoTenant = {
  tenantId: 'c1000000-0000-4000-8000-000000000003',
  name: 'Trey Research Gov',
  kind: 'customer',
  country: 'US',
  cloud: 'usgov',
};

/** The organisation that runs the program (PROGRAM_OPERATOR_TENANT_ID locally): it enrols the partners. */
export const programOperator: DemoTenant = {
  tenantId: 'a1000000-0000-4000-8000-000000000001',
  name: 'Reseller Connect Program',
  kind: 'operator',
  country: 'US',
  cloud: 'public',
};

export const demoTenants: readonly DemoTenant[] = [
  programOperator,
  contosoDirect,
  fabrikamDistribution,
  northwindResellers,
  tailspinGov,
  woodgroveReseller,
  adatumCorp,
  litwareGmbh,
  treyResearchGov,
];

// One user per partner role, so every role-matrix cell can be exercised from any partner.
const partnerRoleUsers: readonly { role: DemoPartnerRole; local: string; label: string }[] = [
  { role: 'GlobalAdmin', local: 'globaladmin', label: 'Global Admin' },
  { role: 'AdminAgent', local: 'adminagent', label: 'Admin Agent' },
  { role: 'SalesAgent', local: 'salesagent', label: 'Sales Agent' },
  { role: 'UserManagementAdmin', local: 'useradmin', label: 'User Management Admin' },
  { role: 'HelpdeskAgent', local: 'helpdesk', label: 'Helpdesk Agent' },
];

function partnerUsers(tenant: DemoTenant, tenantNo: number, domain: string): DemoUser[] {
  return partnerRoleUsers.map(({ role, local, label }, i) => ({
    userId: `f0000000-0000-4000-8000-0000000${tenantNo}000${i + 1}`,
    email: `${local}@${domain}`,
    name: `${tenant.name} ${label}`,
    tenantId: tenant.tenantId,
    roles: [role],
    // A partner's Global admin is also Global Administrator of its own directory, as in Entra.
    ...(role === 'GlobalAdmin' ? { wids: [GLOBAL_ADMINISTRATOR_WID] } : {}),
    tenantCountry: tenant.country,
  }));
}

function customerUsers(tenant: DemoTenant, tenantNo: number, domain: string, admin: string, user: string): DemoUser[] {
  const base = { tenantId: tenant.tenantId, tenantCountry: tenant.country };
  return [
    {
      ...base,
      userId: `e0000000-0000-4000-8000-0000000${tenantNo}0001`,
      email: `admin@${domain}`,
      name: admin,
      wids: [GLOBAL_ADMINISTRATOR_WID],
    },
    { ...base, userId: `e0000000-0000-4000-8000-0000000${tenantNo}0002`, email: `user@${domain}`, name: user },
  ];
}

/** The program's demo operator: ProgramAdmin in the operator tenant. */
export const demoOperator: DemoUser = {
  userId: 'a0000000-0000-4000-8000-000000000001',
  email: 'operator@reseller-connect-program.example',
  name: 'Olivia Operator (Program admin)',
  tenantId: programOperator.tenantId,
  roles: ['ProgramAdmin'],
  tenantCountry: programOperator.country,
};

export const demoUsers: readonly DemoUser[] = [
  demoOperator,
  ...partnerUsers(contosoDirect, 1, 'contoso-direct.example'),
  ...partnerUsers(fabrikamDistribution, 2, 'fabrikam-distribution.example'),
  ...partnerUsers(northwindResellers, 3, 'northwind-resellers.example'),
  ...partnerUsers(tailspinGov, 4, 'tailspin-gov.example'),
  ...partnerUsers(woodgroveReseller, 5, 'woodgrove-reseller.example'),
  ...customerUsers(adatumCorp, 1, 'adatum.example', 'Ada Adatum (Global admin)', 'Adam Adatum'),
  ...customerUsers(litwareGmbh, 2, 'litware.example', 'Lena Litware (Global admin)', 'Lukas Litware'),
  ...customerUsers(treyResearchGov, 3, 'trey-research-gov.example', 'Tia Trey (Global admin)', 'Tom Trey'),
];

/** The demo tenants and users as one value, so tests can pass a directory of their own. */
export interface DemoDirectory {
  readonly tenants: readonly DemoTenant[];
  readonly users: readonly DemoUser[];
}

export const demoDirectory: DemoDirectory = { tenants: demoTenants, users: demoUsers };

/** Looks a user up by id (the sign-in form posts only the id). */
export function findDemoUser(directory: DemoDirectory, userId: string): DemoUser | undefined {
  return directory.users.find((u) => u.userId === userId);
}

/** Looks a tenant up by id. */
export function findDemoTenant(directory: DemoDirectory, tenantId: string): DemoTenant | undefined {
  return directory.tenants.find((t) => t.tenantId === tenantId);
}
