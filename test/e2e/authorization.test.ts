// Every endpoint of test/support/routeTable.ts × every partner role × (own tenant | foreign tenant),
// customer users and no token, through HTTP on the product stack. A 2xx is expected exactly where
// the role matrix allows it and the caller's tenant owns the resource; anything else must be a
// 401/403/404 problem+json. Unauthorized successes are counted and must be 0.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { partnerRoles } from '../../shared/auth/roles';
import {
  FOREIGN_PARTNER,
  OWN_PARTNER,
  isProblem,
  type Reply,
  seedWorld,
  userOf,
  type World,
} from '../support/apiWorld';
import { repoRoot } from '../support/hostProcess';
import { startProductStack } from '../support/productStack';
import { backdateTimelines } from '../support/seedInvitation';
import { type CallerSpec, expectAllowed, pathOf, type RouteRow, routeTable } from '../support/routeTable';
import { indirectRouteTable } from '../support/routeTableIndirect';

const callers: CallerSpec[] = [
  ...partnerRoles.flatMap((role) => [
    { kind: 'partner', role, own: true } as const,
    { kind: 'partner', role, own: false } as const,
  ]),
  { kind: 'customer', globalAdmin: true, own: true },
  { kind: 'customer', globalAdmin: false, own: true },
  { kind: 'customer', globalAdmin: true, own: false },
  { kind: 'anonymous' },
];
// The operator is not among these callers: its own suites are program.test.ts and adversary-matrix.test.ts.
const label = (c: CallerSpec): string =>
  c.kind === 'anonymous'
    ? 'no token'
    : c.kind === 'operator'
      ? 'operator'
      : c.kind === 'partner'
        ? `${c.role}@${c.own ? 'own' : 'foreign'}`
        : `customer${c.globalAdmin ? 'GA' : 'User'}@${c.own ? 'own' : 'foreign'}`;

let world: World;
/** One fresh resource per (row, caller) for rows whose call changes it. */
const pools = new Map<string, Array<{ id: string; token: string }>>();
const outcomes: Array<{ row: string; caller: string; status: number; allowed: boolean; ok: boolean; why?: string }> =
  [];

beforeAll(async () => {
  // The pools below are hundreds of invitations of one partner within a minute, more than the
  // hour's default allowance (INVITER_SENDS_PER_HOUR=50); this suite is about roles, not that limit.
  world = await seedWorld(await startProductStack({ INVITER_SENDS_PER_HOUR: '100000' }));
  for (const row of routeTable.filter((r) => r.fresh)) pools.set(row.name, await world.invitations(callers.length));
  await world.settle();
  // An hour into the past, so a resend is not refused for coming too soon.
  await backdateTimelines(
    world.stack.env,
    (pools.get('resendInvitation') ?? []).map((p) => p.id),
  );
}, 180_000);

afterAll(async () => {
  await world?.stack.stop();
});

/** Ids another tenant's data would show: the caller must never see them. */
function markersFor(c: CallerSpec): string[] {
  const of = (t: string) => world.invitationsOf.get(t) ?? [];
  if (c.kind === 'anonymous' || c.kind === 'operator')
    return [...of(OWN_PARTNER.tenantId), ...of(FOREIGN_PARTNER.tenantId), world.grantId];
  if (c.own) return of(FOREIGN_PARTNER.tenantId);
  return [...of(OWN_PARTNER.tenantId), world.grantId, ...(c.kind === 'partner' ? [world.customerId] : [])];
}

async function callRow(row: RouteRow, c: CallerSpec, i: number): Promise<Reply> {
  const fixture = row.fresh
    ? pools.get(row.name)?.[i]
    : row.resource === 'customer'
      ? { id: world.customerId }
      : row.resource === 'grant'
        ? { id: world.grantId }
        : world.invitation;
  if (!fixture) throw new Error(`no fixture for ${row.name}`);
  const f = { ...fixture, origin: world.stack.env.PUBLIC_BASE_URL as string };
  const url = pathOf(row, f.id, world.grantId) + (row.query ? `?${row.query}` : '');
  const headers = { ...(await world.auth(c)), ...row.headers?.(f) };
  return world.api(url, { method: row.method, headers, ...(row.body ? { json: row.body(f) } : {}) });
}

describe.each(routeTable.map((r) => [`${r.method} ${r.path} (${r.name})`, r] as const))('%s', (_name, row) => {
  test('answers every caller as the role matrix and tenant ownership say', async () => {
    const wrong: string[] = [];
    for (const [i, c] of callers.entries()) {
      const allowed = expectAllowed(row, c);
      const r = await callRow(row, c, i);
      let why: string | undefined;
      if (allowed) {
        if (r.status !== row.success)
          why = `expected ${row.success}, got ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`;
      } else if (![401, 403, 404].includes(r.status) || !isProblem(r)) {
        why = `expected 401/403/404 problem+json, got ${r.status} ${r.headers.get('content-type')}`;
      } else if (c.kind === 'anonymous' && r.status !== 401) {
        why = `expected 401 without a token, got ${r.status}`;
      }
      if (!why && r.status < 300 && row.requires.kind !== 'public') {
        const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
        const leaked = markersFor(c).filter((m) => text.includes(m));
        if (leaked.length > 0) why = `shows another tenant's ids: ${leaked.join(', ')}`;
      }
      outcomes.push({ row: row.name, caller: label(c), status: r.status, allowed, ok: !why, ...(why ? { why } : {}) });
      if (why) wrong.push(`${label(c)} (${userOf(c)?.email ?? 'anonymous'}): ${why}`);
    }
    expect(wrong).toEqual([]);
  });
});

test('0 unauthorized successes over every row × caller', () => {
  const unauthorized = outcomes.filter((o) => !o.allowed && o.status >= 200 && o.status < 300);
  const total = outcomes.length;
  console.log(
    `authorization: ${total} calls (${routeTable.length} rows × ${callers.length} callers), ${outcomes.filter((o) => o.allowed).length} allowed, ${unauthorized.length} unauthorized successes`,
  );
  expect(total).toBe(routeTable.length * callers.length);
  expect(unauthorized).toEqual([]);
});

test('every HTTP function registered under functions/http has a row in the route tables', () => {
  const dir = path.join(repoRoot, 'functions/http');
  // Registrations are `http('name', …)` (functions/register.ts) in the *.index.ts tables.
  const registered = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) =>
      [...readFileSync(path.join(dir, f), 'utf8').matchAll(/\bhttp\(\s*'([^']+)'/g)].map((m) => m[1] as string),
    );
  expect(registered.length).toBeGreaterThan(40);
  // The indirect channel's rows live in their own table and suite (authorization-indirect.test.ts).
  const rows = new Set([...routeTable, ...indirectRouteTable].map((r) => r.name.replace(/ \(.*\)$/, '')));
  // Customer creation and subscriptions need a provider with a partnered reseller: their role ×
  // own/foreign tenant table lives in new-customers.test.ts and counts here too.
  const newCustomers = readFileSync(path.join(repoRoot, 'test/e2e/new-customers.test.ts'), 'utf8');
  for (const m of newCustomers.matchAll(/\{\s*name: '(\w+)',\s*action: '[\w.]+',\s*success: \d+,\s*call:/g))
    rows.add(m[1] as string);
  // Whose refusals are not 401/403/404, so they have suites of their own (and the adversary matrix):
  // PUT /api/partner answers 405 to everyone (partner-profile.test.ts); asking to join answers an
  // enrolled partner 409 already_enrolled (program.test.ts).
  for (const name of ['putPartner', 'postEnrolmentRequest', 'getEnrolmentRequest']) rows.add(name);
  // Role templates and invitation batches: their role × tenant matrices are in their own suites
  // (a batch with a bad row is still a 202, which this table's fuzzing cannot express).
  const ownSuites: Record<string, string[]> = {
    'role-templates.test.ts': ['getRoleTemplate', 'patchRoleTemplate', 'deleteRoleTemplate'],
    'invitation-batches.test.ts': [
      'createInvitationBatch',
      'getInvitationBatch',
      'listInvitationBatchResults',
      'cancelInvitationBatch',
    ],
    'webhooks.test.ts': [
      'getWebhook',
      'patchWebhook',
      'deleteWebhook',
      'rotateWebhookSecret',
      'testWebhook',
      'replayWebhook',
      'listWebhookDeliveries',
    ],
  };
  for (const [suite, names] of Object.entries(ownSuites)) {
    expect([
      suite,
      /test\('role × tenant|describe\('role × tenant/.test(
        readFileSync(path.join(repoRoot, 'test/e2e', suite), 'utf8'),
      ),
    ]).toEqual([suite, true]);
    for (const name of names) rows.add(name);
  }
  expect(registered.filter((n) => !rows.has(n))).toEqual([]);
});
