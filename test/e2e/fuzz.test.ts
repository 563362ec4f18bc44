// Fuzzed bad input for every row of test/support/routeTable.ts, with fast-check, through HTTP on
// the product stack: bad bodies (wrong types, missing and extra fields, huge and unicode strings,
// nulls, arrays, non-JSON text, wrong content types), bad query strings and bad path ids. Every
// answer must be a 4xx problem+json with a string `code` (the landing page answers humans with an
// HTML 404), never a 5xx, and the seeded world must be identical before and after.
//   FUZZ_SEED=<n> and FUZZ_RUNS=<n> replay or widen a run.
import fc from 'fast-check';
import { isProblem, type Reply, seedWorld, type World } from '../support/apiWorld';
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
  const candidates: CallerSpec[] = [{ kind: 'partner', role: 'GlobalAdmin', own: true }, { kind: 'customer', globalAdmin: true, own: true }, { kind: 'anonymous' }];
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
  const headers: Record<string, string> = { ...(await world.auth(allowedCaller(row))), ...row.headers?.(f), ...req.headers };
  if (req.contentType !== undefined) headers['content-type'] = req.contentType;
  return world.api(req.path, { method: row.method, headers, ...(req.body !== undefined ? { body: req.body } : {}) });
}

/** The verdict on one answer: undefined when it is a proper 4xx. */
function verdict(row: RouteRow, r: Reply): string | undefined {
  if (r.status < 400 || r.status > 499) return `status ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`;
  if (row.html) return (r.headers.get('content-type') ?? '').startsWith('text/html') ? undefined : `content-type ${r.headers.get('content-type')}`;
  return isProblem(r) ? undefined : `not problem+json with a string code: ${r.headers.get('content-type')} ${JSON.stringify(r.body).slice(0, 200)}`;
}

/**
 * Garbage continuation tokens: Azure Cosmos refuses them (400, mapped to our 400), the local
 * Cosmos server reads text it cannot parse as JSON as "no token" and answers the first page. That
 * 200 is accepted only if it is exactly the first page; any other answer must be a 4xx.
 */
const IGNORABLE_TOKEN = 'garbage continuationToken';
const firstPages = new Map<string, unknown>();
function ignoredToken(row: RouteRow, r: Reply): string | undefined {
  return JSON.stringify(r.body) === JSON.stringify(firstPages.get(row.name)) ? undefined : `status 200 with another page than the first: ${JSON.stringify(r.body).slice(0, 300)}`;
}

// ---- generators ----------------------------------------------------------------------------

const unicode = fc.string({ unit: 'binary', maxLength: 64 });
const huge = fc.integer({ min: 70_000, max: 120_000 }).map((n) => 'x'.repeat(n));
const anyJson = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<unknown>;
const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
/** A value whose JSON type differs from `v`'s (strings, numbers, booleans, nulls, arrays, objects). */
const otherType = (v: unknown) =>
  fc.oneof(unicode, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(anyJson, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 })).filter((x) => jsonType(x) !== jsonType(v));

/** A body that no schema accepts: one guaranteed fault, sometimes plus unicode or huge noise elsewhere. */
function badBody(row: RouteRow): fc.Arbitrary<Request & { kind: string }> {
  const path = pathOf(row, idOf(row).id);
  const valid = (row.body as NonNullable<RouteRow['body']>)({ ...idOf(row), origin: world.stack.env.PUBLIC_BASE_URL as string });
  const keys = Object.keys(valid);
  const asJson = (kind: string, b: unknown): Request & { kind: string } => ({ kind, path, contentType: 'application/json', body: JSON.stringify(b) });
  const noise = fc.option(fc.tuple(fc.constantFrom(...keys), fc.oneof(unicode, huge)), { nil: undefined });
  // Noise only lands on fields present and not the faulty one, so it can never repair the fault.
  const withNoise = (b: Record<string, unknown>, n: [string, string] | undefined, keep: string) => (n && n[0] !== keep && n[0] in b ? { ...b, [n[0]]: n[1] } : b);
  const kinds: Array<fc.Arbitrary<Request & { kind: string }>> = [
    fc.tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).filter((k) => !keys.includes(k)), fc.oneof(anyJson, unicode, huge), noise).map(([k, v, n]) => asJson('extra field', withNoise({ ...valid, [k]: v }, n, ''))),
    fc.constantFrom(...keys).chain((k) => fc.tuple(fc.constant(k), otherType(valid[k]), noise)).map(([k, v, n]) => asJson('wrong type', withNoise({ ...valid, [k]: v }, n, k))),
    fc.oneof(fc.constant(null), fc.array(anyJson, { maxLength: 4 }), fc.integer(), fc.boolean(), unicode, fc.constant([valid])).map((b) => asJson('not an object', b)),
    fc.string({ unit: 'binary', maxLength: 200 }).filter((t) => { try { JSON.parse(t); return false; } catch { return true; } }).map((t) => ({ kind: 'not JSON', path, contentType: 'application/json', body: t })),
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json', 'application/jsonx', 'application/json-patch+json', '').map((ct) => ({ kind: 'wrong content-type', path, contentType: ct, body: JSON.stringify(valid) })),
    huge.map((h) => asJson('huge body', { ...valid, [keys[0] as string]: h })),
  ];
  const required = row.required ?? [];
  if (required.length > 0) kinds.push(fc.tuple(fc.subarray([...required], { minLength: 1 }), noise).map(([drop, n]) => asJson('missing field', withNoise(Object.fromEntries(Object.entries(valid).filter(([k]) => !drop.includes(k))), n, ''))));
  return fc.oneof(...kinds);
}

// pageSize is coerced with Number(): whatever Number() reads as an integer 1..100 ('0x10', ' 7') is a page size.
const notPageSize = fc
  .oneof(fc.constantFrom('0', '101', '-1', '1.5', 'abc', '', '1e3', 'NaN', 'Infinity', '99999999999999999999'), fc.string({ unit: 'binary', maxLength: 12 }))
  .filter((s) => !(Number.isInteger(Number(s)) && Number(s) >= 1 && Number(s) <= 100));
const queryKeys = ['continuationToken', 'pageSize', 'status', 'kind', 'resellerId'];

/** A query string the row's strict schema refuses (unknown keys, bad page sizes, bad enum values, bad tokens). */
function badQuery(row: RouteRow): fc.Arbitrary<Request & { kind: string }> {
  const base = row.path;
  const valid = new URLSearchParams(row.query);
  const q = (kind: string, set: Record<string, string>): Request & { kind: string } => {
    const p = new URLSearchParams(valid);
    for (const [k, v] of Object.entries(set)) p.set(k, v);
    return { kind, path: `${base}?${p.toString()}` };
  };
  const kinds: Array<fc.Arbitrary<Request & { kind: string }>> = [
    fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((k) => !queryKeys.includes(k)), fc.string({ unit: 'grapheme', maxLength: 30 })).map(([k, v]) => q('unknown key', { [k]: v })),
    notPageSize.map((v) => q('bad pageSize', { pageSize: v })),
    // Text, and JSON that is no continuation (numbers, strings, arrays, objects without a token).
    fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), anyJson.filter((j) => j !== null && typeof (j as { token?: unknown }).token !== 'string').map((j) => JSON.stringify(j)))
      .map((t) => q(IGNORABLE_TOKEN, { continuationToken: t })),
    fc.constant(q('continuationToken too long', { continuationToken: 'a'.repeat(5000) })),
  ];
  if (valid.has('status')) kinds.push(fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => q('bad status', { status: `${s}!` })));
  return fc.oneof(...kinds);
}

/** Path ids that name nothing: random UUIDs, near-GUIDs, unicode, SQL and path tricks, long strings. */
function badId(row: RouteRow): fc.Arbitrary<Request & { kind: string }> {
  const real = idOf(row).id;
  const ids = fc.oneof(
    fc.uuid().filter((u) => u !== real),
    fc.constantFrom(`${real}x`, real.slice(1), real.replace(/-/g, ''), `{${real}}`, `${real} `, "' OR 1=1 --", 'SELECT * FROM c', '%00', '..%2F..%2Fpartner', 'null', 'undefined', '0', '-1', 'a'.repeat(2000)),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((s) => s.trim() !== '' && s !== '.' && s !== '..' && s.toLowerCase() !== real),
  );
  return ids.map((id) => {
    const valid = row.body?.({ ...idOf(row), origin: world.stack.env.PUBLIC_BASE_URL as string });
    return { kind: 'bad path id', path: pathOf(row, id), ...(valid ? { contentType: 'application/json', body: JSON.stringify(valid) } : {}) };
  });
}

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
  expect(before).toMatchObject({ partner: { status: 200 }, invitation: { status: 200, body: { status: 'pending' } }, customer: { status: 200 } });
});

const cases = routeTable.flatMap((row) => [
  ...(row.body ? [['body', row] as const] : []),
  ...(row.query ? [['query', row] as const] : []),
  ...(row.path.includes('{id}') ? [['path id', row] as const] : []),
]);

test.each(cases.map(([what, row]) => [`${row.method} ${row.path} (${row.name}): bad ${what}`, what, row] as const))('%s → 4xx problem+json', async (_name, what, row) => {
  if (what === 'query') firstPages.set(row.name, (await send(row, { kind: 'first page', path: `${row.path}?${row.query}` } as Request)).body);
  const arb = what === 'body' ? badBody(row) : what === 'query' ? badQuery(row) : badId(row);
  await fc.assert(
    fc.asyncProperty(arb, async (req) => {
      requests++;
      const r = await send(row, req);
      const bad = req.kind === IGNORABLE_TOKEN && r.status === 200 ? ignoredToken(row, r) : verdict(row, r);
      if (bad) throw new Error(`${req.kind} ${req.path.slice(0, 200)} (${req.contentType ?? 'no content-type'}): ${bad}`);
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: false },
  );
});

test('nothing changed', async () => {
  console.log(`fuzz: ${requests} bad requests over ${cases.length} endpoint × input kinds`);
  expect(await snapshot()).toEqual(before);
});
