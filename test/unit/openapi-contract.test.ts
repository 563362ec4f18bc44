// The response-validating helper every e2e call goes through (test/support/openapiContract.ts)
// must fail on what the document does not describe: these are its own tests, on the real document.
import { buildOpenApiDocument } from '../../shared/schemas/openapi';
import { apiRoutes } from '../../shared/schemas/routes';
import { API_VERSION } from '../../shared/http/apiVersion';
import { compileDocument, violations } from '../support/openapiContract';

const doc = compileDocument(JSON.parse(JSON.stringify(buildOpenApiDocument(apiRoutes))));
const base = 'http://localhost:7071';
const json = (extra: Record<string, string> = {}) =>
  new Headers({ 'content-type': 'application/json; charset=utf-8', 'api-version': API_VERSION, ...extra });
const problem = (extra: Record<string, string> = {}) =>
  new Headers({ 'content-type': 'application/problem+json', 'api-version': API_VERSION, ...extra });
const check = (method: string, path: string, status: number, headers: Headers, body: unknown) =>
  violations(
    doc,
    method,
    new URL(path, base),
    status,
    headers,
    body,
    body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
  );

const offers = { items: [{ id: 'o365-e3', name: 'Office 365 E3', minQuantity: 1, maxQuantity: 10000 }] };
const notFound = {
  type: 'urn:reseller-connect:problem:not_found',
  title: 'Not Found',
  status: 404,
  code: 'not_found',
  detail: 'No.',
};

test('a described response passes', () => {
  expect(check('GET', '/api/offers', 200, json(), offers)).toEqual([]);
  expect(
    check(
      'GET',
      '/api/customers/0b5f4d3c-3c1e-4a59-9d51-1a1f5e1c2d3e?api-version=' + API_VERSION,
      404,
      problem(),
      notFound,
    ),
  ).toEqual([]);
  expect(
    check(
      'GET',
      '/api/invite/0b5f4d3c-3c1e-4a59-9d51-1a1f5e1c2d3e',
      404,
      new Headers({ 'content-type': 'text/html', 'api-version': API_VERSION }),
      '<!doctype html>',
    ),
  ).toEqual([]);
});

test('an undescribed property fails, in a body and in a problem', () => {
  expect(check('GET', '/api/offers', 200, json(), { items: [{ ...offers.items[0], price: 3 }] }).join()).toMatch(
    /additional properties.*price/,
  );
  expect(
    check('GET', '/api/customers/0b5f4d3c-3c1e-4a59-9d51-1a1f5e1c2d3e', 404, problem(), {
      ...notFound,
      stack: 'x',
    }).join(),
  ).toMatch(/stack/);
  expect(
    check('GET', '/api/customers/0b5f4d3c-3c1e-4a59-9d51-1a1f5e1c2d3e', 404, problem(), {
      ...notFound,
      code: 'made_up',
    }).join(),
  ).toMatch(/code/);
});

test('an undescribed status, path or method fails', () => {
  expect(check('GET', '/api/offers', 418, json(), {}).join()).toMatch(/status 418 is not documented/);
  expect(check('GET', '/api/nowhere', 404, problem(), notFound).join()).toMatch(/not in the document/);
  expect(check('DELETE', '/api/offers', 404, problem(), notFound).join()).toMatch(/not in the document/);
});

test('a wrong content type, a missing body or header, or a bad header value fails', () => {
  expect(
    check(
      'GET',
      '/api/offers',
      200,
      new Headers({ 'content-type': 'text/plain', 'api-version': API_VERSION }),
      offers,
    ).join(),
  ).toMatch(/content type text\/plain/);
  expect(check('GET', '/api/offers', 200, json(), undefined).join()).toMatch(/documents a body/);
  expect(check('GET', '/api/offers', 200, new Headers({ 'content-type': 'application/json' }), offers).join()).toMatch(
    /required header api-version/,
  );
  expect(check('GET', '/api/offers', 200, json({ 'api-version': '1999-01-01' }), offers).join()).toMatch(
    /header api-version/,
  );
  expect(
    check('POST', '/api/invitations/0b5f4d3c-3c1e-4a59-9d51-1a1f5e1c2d3e/resend', 202, json(), undefined).join(),
  ).toMatch(/required header Location/);
  expect(
    check(
      'POST',
      '/api/invitations/0b5f4d3c-3c1e-4a59-9d51-1a1f5e1c2d3e/resend',
      202,
      json({ location: '/api/invitations/x' }),
      { id: 1 },
    ).join(),
  ).toMatch(/documents no body/);
  expect(
    check('POST', '/api/invitations', 429, problem({ 'retry-after': 'soon' }), {
      ...notFound,
      status: 429,
      code: 'rate_limited',
    }).join(),
  ).toMatch(/header Retry-After/);
});

test("every operation describes the 503 `unavailable` (with Retry-After) that a dependency's lasting transient failure answers", () => {
  const unavailable = {
    type: 'urn:reseller-connect:problem:unavailable',
    title: 'Service Unavailable',
    status: 503,
    code: 'unavailable',
    detail: 'Try again.',
  };
  const raw = JSON.parse(JSON.stringify(buildOpenApiDocument(apiRoutes))) as {
    paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>;
  };
  let operations = 0;
  for (const [path, methods] of Object.entries(raw.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      operations++;
      expect([`${method} ${path}`, Object.keys(op.responses['503']?.headers ?? {})]).toEqual([
        `${method} ${path}`,
        expect.arrayContaining(['Retry-After']),
      ]);
    }
  }
  expect(operations).toBeGreaterThan(50);
  expect(check('GET', '/api/offers', 503, problem({ 'retry-after': '1' }), unavailable)).toEqual([]);
});
