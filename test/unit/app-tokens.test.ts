// App-only tokens (client credentials): recognised from their claims, their application
// permissions mapped onto the role matrix, and kept apart from users' roles.
import { callerFromClaims } from '../../shared/auth/caller';
import { actions, appRoleActions, can, isPartnerAction, roleMatrix } from '../../shared/auth/roles';
import { buildOpenApiDocument } from '../../shared/schemas/openapi';
import { apiRoutes } from '../../shared/schemas/routes';

const tid = 'AAAAAAAA-0000-4000-8000-000000000001';
const sp = 'bbbbbbbb-0000-4000-8000-000000000002';
// The claims of an Entra v2 client-credentials token: no scp, no email or name, roles, azp.
const appClaims = {
  tid,
  oid: sp,
  sub: sp,
  azp: 'cccccccc-0000-4000-8000-000000000003',
  azpacr: '1',
  roles: ['Partner.Read'],
  ver: '2.0',
};

test('a token without scp or any user name claim is an app caller of its tenant, with its application permissions only', () => {
  expect(callerFromClaims({ ...appClaims, roles: ['Partner.Read', 'GlobalAdmin', 'ProgramAdmin'] })).toEqual({
    tenantId: tid.toLowerCase(),
    userId: sp,
    email: `app-${sp}@apps.invalid`,
    name: `App ${appClaims.azp}`,
    roles: ['Partner.Read'],
    wids: [],
    scopes: [],
    app: true,
  });
});

test('idtyp app marks an app token even with a name claim; wids never count for an app', () => {
  const c = callerFromClaims({
    ...appClaims,
    idtyp: 'app',
    preferred_username: 'x@y.example',
    wids: ['62e90394-69f5-4237-9190-012177145e10'],
  });
  expect(c.app).toBe(true);
  expect(c.wids).toEqual([]);
});

test("a user's token never carries application permissions, and is no app", () => {
  const c = callerFromClaims({
    tid,
    oid: sp,
    email: 'ada@adatum.example',
    scp: 'Relationships.Manage',
    roles: ['Partner.Invitations.ReadWrite', 'SalesAgent'],
  });
  expect(c.app).toBeUndefined();
  expect(c.roles).toEqual(['SalesAgent']);
  // Without scp but with a user's email it is still a user (refused for its scope, as before).
  expect(callerFromClaims({ tid, oid: sp, email: 'ada@adatum.example', roles: ['GlobalAdmin'] }).app).toBeUndefined();
});

test('application permissions map onto the matrix: reads, invitations without admin privileges, webhooks; nothing else', () => {
  const allowed = (role: string) => actions.filter((a) => can([role], a)).sort();
  expect(allowed('Partner.Read')).toEqual([
    'customer.read',
    'invitation.read',
    'partner.read',
    'partnership.read',
    'subscription.read',
    'webhook.read',
  ]);
  expect(allowed('Partner.Invitations.ReadWrite')).toEqual([
    'invitation.create.withoutAdmin',
    'invitation.draft',
    'invitation.read',
    'invitation.resend',
    'invitation.revoke',
    'partner.read',
  ]);
  expect(allowed('Partner.Webhooks.ReadWrite')).toEqual(['webhook.manage', 'webhook.read']);
  // Every one of them is a partner action (enrolment and standing apply), none a customer's or the operator's.
  for (const list of Object.values(appRoleActions)) for (const a of list) expect(isPartnerAction(a)).toBe(true);
  expect(can(['Partner.Invitations.ReadWrite'], 'invitation.create.withAdmin')).toBe(false);
  expect(can(['Partner.Read'], 'audit.read')).toBe(false);
  expect(can(['toString'], 'partner.read')).toBe(false);
  expect(Object.keys(roleMatrix)).toEqual(actions);
});

test("the document names the application permissions in each operation's x-required-roles and description", () => {
  const doc = buildOpenApiDocument(apiRoutes);
  const op = (path: string, method: string) =>
    doc.paths[path]?.[method] as { 'x-required-roles': string[]; description: string };
  expect(op('/api/invitations', 'get')['x-required-roles']).toEqual(
    expect.arrayContaining(['Partner.Read', 'Partner.Invitations.ReadWrite']),
  );
  expect(op('/api/webhooks', 'post')['x-required-roles']).toContain('Partner.Webhooks.ReadWrite');
  expect(op('/api/webhooks', 'post')['x-required-roles']).not.toContain('Partner.Read');
  expect(op('/api/audit', 'get')['x-required-roles'].filter((r) => r.startsWith('Partner.'))).toEqual([]);
  expect(op('/api/invitations', 'get').description).toContain(
    'application permission Partner.Read or Partner.Invitations.ReadWrite',
  );
});
