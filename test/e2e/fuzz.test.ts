// Fuzzed bad input for every row of test/support/routeTable.ts, with fast-check, through HTTP on
// the product stack: bad bodies (wrong types, missing and extra fields, huge and unicode strings,
// nulls, arrays, non-JSON text, wrong content types), bad query strings and bad path ids. Every
// answer must be a 4xx problem+json with a string `code` (the landing page answers humans with an
// HTML 404), never a 5xx, and the seeded world must be identical before and after.
//   FUZZ_SEED=<n> and FUZZ_RUNS=<n> replay or widen a run.
import fc from 'fast-check';
import { type Reply, seedWorld, type World } from '../support/apiWorld';
import {
  badBody as badBodyOf,
  badId as badIdOf,
  badQuery as badQueryOf,
  IGNORABLE_TOKEN,
  ignoredTokenVerdict,
  verdict as answerVerdict,
} from '../support/fuzzInputs';
import { startProductStack } from '../support/productStack';
import { type CallerSpec, expectAllowed, pathOf, type RouteRow, routeTable } from '../support/routeTable';

const SEED = Number(process.env.FUZZ_SEED ?? 20250611);
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);

let world: World;

beforeAll(async () => {
  console.log(`fuzz: seed ${SEED}, ${RUNS} runs per endpoint and input kind (FUZZ_SEED=${SEED} replays)`);
  world = await seedWorld(await startProductStack());
}, 180_000);

afterAll(async () => {
  await world?.stack.stop();
});

/** A caller the row lets through, so fuzzed input reaches the validators (anonymous for public rows). */
function allowedCaller(row: RouteRow): CallerSpec {
  const candidates: CallerSpec[] = [
    { kind: 'partner', role: 'GlobalAdmin', own: true },
    { kind: 'customer', globalAdmin: true, own: true },
    { kind: 'operator' },
    { kind: 'anonymous' },
  ];
  const c = candidates.find((x) => expectAllowed(row, x));
  if (!c) throw new Error(`no caller may call ${row.name}`);
  return c;
}

/** The row's resource id in the seeded world. */
function idOf(row: RouteRow): { id: string; token?: string } {
  if (row.resource === 'customer') return { id: world.customerId };
  if (row.resource === 'grant') return { id: world.grantId };
  return world.invitation;
}

type Request = { path: string; contentType?: string; body?: string; headers?: Record<string, string> };

async function send(row: RouteRow, req: Request): Promise<Reply> {
  const f = { ...idOf(row), origin: world.stack.env.PUBLIC_BASE_URL as string };
  const headers: Record<string, string> = {
    ...(await world.auth(allowedCaller(row))),
    ...row.headers?.(f),
    ...req.headers,
  };
  if (req.contentType !== undefined) headers['content-type'] = req.contentType;
  return world.api(req.path, { method: row.method, headers, ...(req.body !== undefined ? { body: req.body } : {}) });
}

/** The verdict on one answer: undefined when it is a proper 4xx. */
const verdict = (row: RouteRow, r: Reply): string | undefined => answerVerdict(r, row.html);

const firstPages = new Map<string, unknown>();
const ignoredToken = (row: RouteRow, r: Reply): string | undefined => ignoredTokenVerdict(firstPages.get(row.name), r);

// ---- generators (test/support/fuzzInputs.ts), given what is valid for a row ------------------------

const validBody = (row: RouteRow) =>
  (row.body as NonNullable<RouteRow['body']>)({ ...idOf(row), origin: world.stack.env.PUBLIC_BASE_URL as string });
const badBody = (row: RouteRow): fc.Arbitrary<Request & { kind: string }> =>
  badBodyOf(pathOf(row, idOf(row).id, world.grantId), validBody(row), row.required);
const badQuery = (row: RouteRow): fc.Arbitrary<Request & { kind: string }> => badQueryOf(row.path, row.query ?? '');
const badId = (row: RouteRow): fc.Arbitrary<Request & { kind: string }> =>
  badIdOf(idOf(row).id, (id) => pathOf(row, id, world.grantId), row.body ? validBody(row) : undefined);

// ---- "nothing changed" --------------------------------------------------------------------------

/** Everything a bad request could have changed, read through the API by its owners. */
async function snapshot(): Promise<unknown> {
  await world.settle();
  const partner = await world.auth({ kind: 'partner', role: 'GlobalAdmin', own: true });
  const foreign = await world.auth({ kind: 'partner', role: 'GlobalAdmin', own: false });
  const customer = await world.auth({ kind: 'customer', globalAdmin: true, own: true });
  const read = async (path: string, headers: Record<string, string>) => {
    const r = await world.api(path, { headers });
    return { status: r.status, etag: r.headers.get('etag'), body: r.body };
  };
  return {
    partner: await read('/api/partner', partner),
    foreignPartner: await read('/api/partner', foreign),
    invitations: await read('/api/invitations?pageSize=100', partner),
    foreignInvitations: await read('/api/invitations?pageSize=100', foreign),
    invitation: await read(`/api/invitations/${world.invitation.id}`, partner),
    customers: await read('/api/customers?pageSize=100', partner),
    customer: await read(`/api/customers/${world.customerId}`, partner),
    myPartners: await read('/api/me/partners?pageSize=100', customer),
    audit: await read('/api/audit?pageSize=100', partner),
    customerAudit: await read('/api/audit?pageSize=100', customer),
  };
}

let before: unknown;
let requests = 0;

test('the world is readable before the run', async () => {
  before = await snapshot();
  expect(before).toMatchObject({
    partner: { status: 200 },
    invitation: { status: 200, body: { status: 'pending' } },
    customer: { status: 200 },
  });
});

const cases = routeTable.flatMap((row) => [
  ...(row.body ? [['body', row] as const] : []),
  ...(row.query ? [['query', row] as const] : []),
  ...(row.path.includes('{id}') ? [['path id', row] as const] : []),
]);

test.each(cases.map(([what, row]) => [`${row.method} ${row.path} (${row.name}): bad ${what}`, what, row] as const))(
  '%s → 4xx problem+json',
  async (_name, what, row) => {
    if (what === 'query')
      firstPages.set(
        row.name,
        (await send(row, { kind: 'first page', path: `${row.path}?${row.query}` } as Request)).body,
      );
    const arb = what === 'body' ? badBody(row) : what === 'query' ? badQuery(row) : badId(row);
    await fc.assert(
      fc.asyncProperty(arb, async (req) => {
        requests++;
        const r = await send(row, req);
        const bad = req.kind === IGNORABLE_TOKEN && r.status === 200 ? ignoredToken(row, r) : verdict(row, r);
        if (bad)
          throw new Error(`${req.kind} ${req.path.slice(0, 200)} (${req.contentType ?? 'no content-type'}): ${bad}`);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
  },
);

test('nothing changed', async () => {
  console.log(`fuzz: ${requests} bad requests over ${cases.length} endpoint × input kinds`);
  expect(await snapshot()).toEqual(before);
});
