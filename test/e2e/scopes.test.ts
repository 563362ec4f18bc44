// The `scp` check through HTTP: every operation of the served OpenAPI document, called by a partner
// Global admin (every role, own tenant) whose token lacks the scope the operation names, must get
// 403 insufficient_scope with the RFC 6750 challenge — whatever the roles, before any other check.
// The document is the one /api/openapi.json serves, so it and the handlers cannot drift apart.
import { apiScopes } from '../../shared/auth/scopes';
import { apiRoutes } from '../../shared/schemas/routes';
import { OWN_CUSTOMER, OWN_PARTNER, type Reply, seedWorld, userOf, type World } from '../support/apiWorld';
import { startProductStack } from '../support/productStack';

interface Operation {
  method: string;
  path: string;
  operationId: string;
  accepted: string[];
}

let world: World;
let operations: Operation[];

beforeAll(async () => {
  world = await seedWorld(await startProductStack());
  const doc = (await world.api('/api/openapi.json')).body as {
    paths: Record<string, Record<string, { operationId: string; security: Array<{ entra?: string[] }> }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: op.operationId,
      accepted: op.security.flatMap((s) => s.entra ?? []),
    })),
  );
}, 180_000);

afterAll(async () => {
  await world?.stack.stop();
});

/**
 * A token of the own partner's Global admin (all roles, Global Administrator in its directory)
 * granting exactly `scopes`.
 */
async function partnerAdmin(scopes: string[]): Promise<Record<string, string>> {
  const u = userOf({ kind: 'partner', role: 'GlobalAdmin', own: true });
  if (!u) throw new Error('no demo Global admin');
  const token = await world.stack.token({
    tenantId: u.tenantId,
    userId: u.userId,
    email: u.email,
    roles: [...(u.roles ?? [])],
    wids: [...(u.wids ?? [])],
    tenantCountry: u.tenantCountry,
    scopes,
  });
  return { authorization: `Bearer ${token}` };
}

async function callOperation(op: Operation, headers: Record<string, string>): Promise<Reply> {
  const path = op.path.replace(/\{\w+\}/g, world.invitation.id);
  const withBody = op.method === 'POST' || op.method === 'PUT';
  return world.api(path, { method: op.method, headers, ...(withBody ? { json: {} } : {}) });
}

/** What is wrong with a reply that should refuse the token for its scope; undefined when right. */
function refusedForScope(r: Reply, op: Operation): string | undefined {
  const challenge = r.headers.get('www-authenticate') ?? '';
  if (r.status !== 403 || r.body?.code !== 'insufficient_scope')
    return `expected 403 insufficient_scope, got ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`;
  if (challenge !== `Bearer error="insufficient_scope", scope="${op.accepted.join(' ')}"`)
    return `challenge ${challenge}`;
  return undefined;
}

test("the document names a scope for every authenticated operation; only accept and decline take the landing page's", () => {
  const authenticated = operations.filter((o) => o.accepted.length > 0);
  expect(authenticated.map((o) => o.operationId).sort()).toEqual(
    apiRoutes
      .filter((r) => !r.anonymous)
      .map((r) => r.operationId)
      .sort(),
  );
  expect(
    operations
      .filter((o) => o.accepted.includes(apiScopes.answerInvitations))
      .map((o) => o.operationId)
      .sort(),
  ).toEqual(['acceptInvitation', 'declineInvitation']);
  for (const o of authenticated) expect(o.accepted).toContain(apiScopes.manageRelationships);
});

test('a token without scp (app-only) is refused by every authenticated operation, whatever its roles', async () => {
  const headers = await partnerAdmin([]);
  const wrong: string[] = [];
  for (const op of operations.filter((o) => o.accepted.length > 0)) {
    const why = refusedForScope(await callOperation(op, headers), op);
    if (why) wrong.push(`${op.method} ${op.path}: ${why}`);
  }
  expect(wrong).toEqual([]);
});

test("the landing page's token (Invitations.Answer only) is refused by every operation that does not name it", async () => {
  const headers = await partnerAdmin([apiScopes.answerInvitations]);
  const wrong: string[] = [];
  const refusing = operations.filter((o) => o.accepted.length > 0 && !o.accepted.includes(apiScopes.answerInvitations));
  for (const op of refusing) {
    const why = refusedForScope(await callOperation(op, headers), op);
    if (why) wrong.push(`${op.method} ${op.path}: ${why}`);
  }
  expect(wrong).toEqual([]);
});

test('a token of another API scope name is refused too', async () => {
  const headers = await partnerAdmin(['User.Read', 'Invitations.Answer.All']);
  const r = await world.api('/api/partner', { headers });
  expect(r.status).toBe(403);
  expect(r.body.code).toBe('insufficient_scope');
});

test("the customer accepts with a token granting Invitations.Answer only, and that token cannot read the customer's partners", async () => {
  const [inv] = await world.invitations(1);
  if (!inv) throw new Error('no invitation');
  const u = userOf({ kind: 'customer', globalAdmin: true, own: true });
  if (!u) throw new Error('no customer Global admin');
  const token = await world.stack.token({
    tenantId: u.tenantId,
    userId: u.userId,
    email: u.email,
    wids: [...(u.wids ?? [])],
    tenantCountry: u.tenantCountry,
    scopes: [apiScopes.answerInvitations],
  });
  const headers = { authorization: `Bearer ${token}` };
  const accepted = await world.api(`/api/invitations/${inv.id}/accept`, {
    method: 'POST',
    headers,
    json: { token: inv.token, acceptCustomerAgreement: true },
  });
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ status: 'accepted' });
  const partners = await world.api('/api/me/partners', { headers });
  expect(partners.status).toBe(403);
  expect(partners.body.code).toBe('insufficient_scope');
  // The same user with a portal's token (Relationships.Manage) sees the partner that was just accepted.
  const portal = await world.stack.token({
    tenantId: u.tenantId,
    userId: u.userId,
    email: u.email,
    wids: [...(u.wids ?? [])],
    tenantCountry: u.tenantCountry,
  });
  const mine = await world.api('/api/me/partners', { headers: { authorization: `Bearer ${portal}` } });
  expect(mine.status).toBe(200);
  expect(JSON.stringify(mine.body)).toContain(OWN_PARTNER.tenantId);
  expect(OWN_CUSTOMER.tenantId).toBe(u.tenantId);
});
