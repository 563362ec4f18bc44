// The indirect channel's endpoints × every partner role of the provider, the reseller and a direct
// partner, a customer Global admin and no token. A 2xx exactly where the role matrix allows it and
// the caller's tenant owns the resource; anything else a 401/403/404/409/422 problem+json (422: a
// program rule, such as the wrong partner kind, refuses the well-formed call). The
// partnership's id shows only in its two parties' responses.
import {
  adatumCorp,
  contosoDirect,
  type DemoTenant,
  fabrikamDistribution,
  northwindResellers,
} from '../../infra/local/identity/demoDirectory';
import { can, partnerRoles, type PartnerRole } from '../../shared/auth/roles';
import { type IndirectWorld, setUpIndirectWorld, user } from '../support/indirectWorld';
import { startProductStack } from '../support/productStack';
import { indirectRouteTable } from '../support/routeTableIndirect';

type CallerSpec =
  { kind: 'partner'; tenant: DemoTenant; role: PartnerRole } | { kind: 'customer' } | { kind: 'anonymous' };
const callers: CallerSpec[] = [
  ...[fabrikamDistribution, northwindResellers, contosoDirect].flatMap((tenant) =>
    partnerRoles.map((role) => ({ kind: 'partner', tenant, role }) as const),
  ),
  { kind: 'customer' },
  { kind: 'anonymous' },
];
const label = (c: CallerSpec) => (c.kind === 'partner' ? `${c.role}@${c.tenant.name}` : c.kind);

let w: IndirectWorld;
let partnershipId: string;
const outcomes: Array<{ allowed: boolean; status: number }> = [];

beforeAll(async () => {
  w = await setUpIndirectWorld(await startProductStack());
  await w.partnership(fabrikamDistribution, northwindResellers);
  const list = await w.api('indirect-resellers', { headers: await w.partner(fabrikamDistribution, 'GlobalAdmin') });
  partnershipId = list.body.items[0].partnership.id;
}, 120_000);

afterAll(async () => {
  await w?.stack.stop();
});

async function headersOf(c: CallerSpec): Promise<Record<string, string>> {
  if (c.kind === 'anonymous') return {};
  if (c.kind === 'customer') return w.as(user(adatumCorp.tenantId, (u) => (u.wids?.length ?? 0) > 0));
  return w.partner(c.tenant, c.role);
}

describe.each(indirectRouteTable.map((r) => [`${r.method} ${r.path} (${r.name})`, r] as const))('%s', (_name, row) => {
  test('answers every caller as the role matrix and tenant ownership say', async () => {
    const wrong: string[] = [];
    for (const c of callers) {
      const owns = c.kind === 'partner' && (row.owner === 'any' || row.owner === c.tenant.tenantId);
      const allowed = owns && c.kind === 'partner' && can([c.role], row.action);
      const r = await w.api(row.path, {
        method: row.method,
        headers: await headersOf(c),
        ...(row.body ? { json: row.body() } : {}),
      });
      const problem = (r.headers.get('content-type') ?? '').startsWith('application/problem+json');
      let why: string | undefined;
      if (allowed && r.status !== row.success)
        why = `expected ${row.success}, got ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`;
      if (!allowed && (![401, 403, 404, 409, 422].includes(r.status) || !problem))
        why = `expected a refusal, got ${r.status}`;
      if (!allowed && c.kind === 'anonymous' && r.status !== 401) why = `expected 401 without a token, got ${r.status}`;
      const party =
        c.kind === 'partner' &&
        [fabrikamDistribution.tenantId, northwindResellers.tenantId].includes(c.tenant.tenantId);
      if (!why && r.status < 300 && !party && JSON.stringify(r.body).includes(partnershipId))
        why = 'shows a partnership of other tenants';
      outcomes.push({ allowed, status: r.status });
      if (why) wrong.push(`${label(c)}: ${why}`);
    }
    expect(wrong).toEqual([]);
  });
});

test('0 unauthorized successes', () => {
  expect(outcomes).toHaveLength(indirectRouteTable.length * callers.length);
  expect(outcomes.filter((o) => !o.allowed && o.status < 300)).toEqual([]);
});
