// fast-check generators of bad input for the fuzz suites (test/e2e/fuzz.test.ts and
// test/e2e/fuzz-indirect.test.ts): bodies no schema accepts, query strings a strict schema
// refuses, path ids that name nothing, and Idempotency-Key headers the header schema refuses.
// Each generator is given what is valid for one endpoint and guarantees at least one fault.
import fc from 'fast-check';
import { isProblem, type Reply } from './apiWorld';

/** One bad request: what kind of fault, the path (with query), and optionally a body and headers. */
export type FuzzRequest = {
  kind: string;
  path: string;
  contentType?: string;
  body?: string;
  headers?: Record<string, string>;
};

/**
 * Garbage continuation tokens: Azure Cosmos refuses them (400, mapped to our 400), the local
 * Cosmos server reads text it cannot parse as JSON as "no token" and answers the first page. That
 * 200 is accepted only if it is exactly the first page; any other answer must be a 4xx.
 */
export const IGNORABLE_TOKEN = 'garbage continuationToken';

/** The verdict on one answer: undefined when it is a proper 4xx (problem+json, or HTML for pages). */
export function verdict(r: Reply, html = false): string | undefined {
  if (r.status < 400 || r.status > 499) return `status ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`;
  if (html)
    return (r.headers.get('content-type') ?? '').startsWith('text/html')
      ? undefined
      : `content-type ${r.headers.get('content-type')}`;
  return isProblem(r)
    ? undefined
    : `not problem+json with a string code: ${r.headers.get('content-type')} ${JSON.stringify(r.body).slice(0, 200)}`;
}

/** The verdict on a 200 to a garbage continuation token: only the first page itself is acceptable. */
export function ignoredTokenVerdict(firstPage: unknown, r: Reply): string | undefined {
  return JSON.stringify(r.body) === JSON.stringify(firstPage)
    ? undefined
    : `status 200 with another page than the first: ${JSON.stringify(r.body).slice(0, 300)}`;
}

// ---- generators ----------------------------------------------------------------------------

export const unicode = fc.string({ unit: 'binary', maxLength: 64 });
export const huge = fc.integer({ min: 70_000, max: 120_000 }).map((n) => 'x'.repeat(n));
export const anyJson = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<unknown>;
const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
/** A value whose JSON type differs from `v`'s (strings, numbers, booleans, nulls, arrays, objects). */
export const otherType = (v: unknown) =>
  fc
    .oneof(
      unicode,
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(anyJson, { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 }),
    )
    .filter((x) => jsonType(x) !== jsonType(v));

/**
 * A body that no schema accepts for `path`, given a valid one and the fields its schema requires:
 * one guaranteed fault (extra field, wrong type, not an object, not JSON, wrong content type, too
 * large, missing required field), sometimes plus unicode or huge noise elsewhere.
 */
export function badBody(
  path: string,
  valid: Record<string, unknown>,
  required: readonly string[] = [],
): fc.Arbitrary<FuzzRequest> {
  const keys = Object.keys(valid);
  const asJson = (kind: string, b: unknown): FuzzRequest => ({
    kind,
    path,
    contentType: 'application/json',
    body: JSON.stringify(b),
  });
  const noise = fc.option(fc.tuple(fc.constantFrom(...keys), fc.oneof(unicode, huge)), { nil: undefined });
  // Noise only lands on fields present and not the faulty one, so it can never repair the fault.
  const withNoise = (b: Record<string, unknown>, n: [string, string] | undefined, keep: string) =>
    n && n[0] !== keep && n[0] in b ? { ...b, [n[0]]: n[1] } : b;
  const kinds: Array<fc.Arbitrary<FuzzRequest>> = [
    fc
      .tuple(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).filter((k) => !keys.includes(k)),
        fc.oneof(anyJson, unicode, huge),
        noise,
      )
      .map(([k, v, n]) => asJson('extra field', withNoise({ ...valid, [k]: v }, n, ''))),
    fc
      .constantFrom(...keys)
      .chain((k) => fc.tuple(fc.constant(k), otherType(valid[k]), noise))
      .map(([k, v, n]) => asJson('wrong type', withNoise({ ...valid, [k]: v }, n, k))),
    fc
      .oneof(
        fc.constant(null),
        fc.array(anyJson, { maxLength: 4 }),
        fc.integer(),
        fc.boolean(),
        unicode,
        fc.constant([valid]),
      )
      .map((b) => asJson('not an object', b)),
    fc
      .string({ unit: 'binary', maxLength: 200 })
      .filter((t) => {
        try {
          JSON.parse(t);
          return false;
        } catch {
          return true;
        }
      })
      .map((t) => ({ kind: 'not JSON', path, contentType: 'application/json', body: t })),
    fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'text/json',
        'application/jsonx',
        'application/json-patch+json',
        '',
      )
      .map((ct) => ({ kind: 'wrong content-type', path, contentType: ct, body: JSON.stringify(valid) })),
    huge.map((h) => asJson('huge body', { ...valid, [keys[0] as string]: h })),
  ];
  if (required.length > 0)
    kinds.push(
      fc
        .tuple(fc.subarray([...required], { minLength: 1 }), noise)
        .map(([drop, n]) =>
          asJson(
            'missing field',
            withNoise(Object.fromEntries(Object.entries(valid).filter(([k]) => !drop.includes(k))), n, ''),
          ),
        ),
    );
  return fc.oneof(...kinds);
}

// pageSize is coerced with Number(): whatever Number() reads as an integer 1..100 ('0x10', ' 7') is a page size.
export const notPageSize = fc
  .oneof(
    fc.constantFrom('0', '101', '-1', '1.5', 'abc', '', '1e3', 'NaN', 'Infinity', '99999999999999999999'),
    fc.string({ unit: 'binary', maxLength: 12 }),
  )
  .filter((s) => !(Number.isInteger(Number(s)) && Number(s) >= 1 && Number(s) <= 100));
/** Query keys some list endpoint knows: never generated as "unknown". */
export const queryKeys = ['continuationToken', 'pageSize', 'status', 'kind', 'resellerId', 'name'];

/**
 * A query string the strict schema of `path` refuses, given a valid one (without `?`): unknown keys,
 * bad page sizes, bad continuation tokens, and bad values of the filters the valid query uses
 * (`status`, `resellerId`, `name`).
 */
export function badQuery(path: string, query: string): fc.Arbitrary<FuzzRequest> {
  const valid = new URLSearchParams(query);
  const q = (kind: string, set: Record<string, string>): FuzzRequest => {
    const p = new URLSearchParams(valid);
    for (const [k, v] of Object.entries(set)) p.set(k, v);
    return { kind, path: `${path}?${p.toString()}` };
  };
  const kinds: Array<fc.Arbitrary<FuzzRequest>> = [
    fc
      .tuple(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((k) => !queryKeys.includes(k)),
        fc.string({ unit: 'grapheme', maxLength: 30 }),
      )
      .map(([k, v]) => q('unknown key', { [k]: v })),
    notPageSize.map((v) => q('bad pageSize', { pageSize: v })),
    // Text, and JSON that is no continuation (numbers, strings, arrays, objects without a token).
    fc
      .oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
        anyJson
          .filter((j) => j !== null && typeof (j as { token?: unknown }).token !== 'string')
          .map((j) => JSON.stringify(j)),
      )
      .map((t) => q(IGNORABLE_TOKEN, { continuationToken: t })),
    fc.constant(q('continuationToken too long', { continuationToken: 'a'.repeat(5000) })),
  ];
  if (valid.has('status'))
    kinds.push(fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => q('bad status', { status: `${s}!` })));
  if (valid.has('resellerId')) {
    const real = valid.get('resellerId') as string;
    kinds.push(
      fc
        .oneof(
          fc.constantFrom('', 'null', `${real}x`, real.slice(1), `{${real}}`, "' OR 1=1 --"),
          fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/^[0-9a-f-]{36}$/i.test(s.trim())),
        )
        .map((s) => q('bad resellerId', { resellerId: s })),
    );
  }
  // `name` is trimmed, then 1..100 characters.
  if (valid.has('name'))
    kinds.push(
      fc
        .oneof(
          fc.constantFrom('', ' ', '\t', '  \n '),
          fc.integer({ min: 101, max: 3000 }).map((n) => 'n'.repeat(n)),
        )
        .map((s) => q('bad name', { name: s })),
    );
  return fc.oneof(...kinds);
}

/**
 * Path ids that name nothing: random UUIDs, near-GUIDs, unicode, SQL and path tricks, long strings.
 * `pathFor` puts an id in the path (encoded); `valid` is sent as the body, so only the id is wrong.
 */
export function badId(
  real: string,
  pathFor: (id: string) => string,
  valid?: Record<string, unknown>,
): fc.Arbitrary<FuzzRequest> {
  const ids = fc.oneof(
    fc.uuid().filter((u) => u !== real),
    fc.constantFrom(
      `${real}x`,
      real.slice(1),
      real.replace(/-/g, ''),
      `{${real}}`,
      `${real} `,
      "' OR 1=1 --",
      'SELECT * FROM c',
      '%00',
      '..%2F..%2Fpartner',
      'null',
      'undefined',
      '0',
      '-1',
      'a'.repeat(2000),
    ),
    fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
      .filter((s) => s.trim() !== '' && s !== '.' && s !== '..' && s.toLowerCase() !== real),
  );
  return ids.map((id) => ({
    kind: 'bad path id',
    path: pathFor(id),
    ...(valid ? { contentType: 'application/json', body: JSON.stringify(valid) } : {}),
  }));
}

/**
 * Idempotency-Key headers the header schema (1..128 visible ASCII) refuses, with a valid body: empty,
 * too long, or a space, tab or non-ASCII (Latin-1, all fetch can send) inside visible characters.
 */
export function badIdempotencyKey(path: string, valid: Record<string, unknown>): fc.Arbitrary<FuzzRequest> {
  const visible = fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: 1,
    maxLength: 40,
  });
  const keys = fc.oneof(
    fc.constant(''),
    fc.integer({ min: 129, max: 400 }).chain((n) =>
      fc.string({
        unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
        minLength: n,
        maxLength: n,
      }),
    ),
    fc
      .tuple(
        visible,
        fc.oneof(
          fc.constantFrom(' ', '\t'),
          fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
        ),
        visible,
      )
      .map(([a, bad, b]) => `${a}${bad}${b}`),
  );
  return keys.map((key) => ({
    kind: 'bad Idempotency-Key',
    path,
    contentType: 'application/json',
    body: JSON.stringify(valid),
    headers: { 'idempotency-key': key },
  }));
}
