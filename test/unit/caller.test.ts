import { callerFromClaims, callerSchema, GLOBAL_ADMINISTRATOR_WID } from '../../shared/auth/caller';
import { AppError } from '../../shared/http/errors';

const tid = 'C1000000-0000-4000-8000-000000000001';
const oid = 'E0000000-0000-4000-8000-000000010001';
const base = { tid, oid, email: 'Ada@Adatum.Example' };

function rejects(claims: unknown): void {
  let caught: unknown;
  try {
    callerFromClaims(claims);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe('unauthenticated');
}

describe('callerFromClaims', () => {
  it('maps Entra v2 claims, normalising ids, email and country', () => {
    const caller = callerFromClaims({
      ...base,
      name: 'Ada',
      roles: ['AdminAgent', 'SalesAgent'],
      wids: [GLOBAL_ADMINISTRATOR_WID.toUpperCase()],
      tenant_ctry: 'us',
      iss: 'ignored',
      scp: 'Relationships.Manage Invitations.Answer',
    });
    expect(caller).toEqual({
      tenantId: tid.toLowerCase(),
      userId: oid.toLowerCase(),
      email: 'ada@adatum.example',
      name: 'Ada',
      roles: ['AdminAgent', 'SalesAgent'],
      wids: [GLOBAL_ADMINISTRATOR_WID],
      tenantCountry: 'US',
      scopes: ['Relationships.Manage', 'Invitations.Answer'],
    });
    expect(callerSchema.parse(caller)).toEqual(caller);
  });

  it('defaults roles, wids and scopes to empty and leaves name and country out when absent', () => {
    expect(callerFromClaims(base)).toEqual({
      tenantId: tid.toLowerCase(),
      userId: oid.toLowerCase(),
      email: 'ada@adatum.example',
      roles: [],
      wids: [],
      scopes: [],
    });
  });

  it('falls back to preferred_username when email is absent, and prefers email when both exist', () => {
    const { email: _email, ...noEmail } = base;
    expect(callerFromClaims({ ...noEmail, preferred_username: 'Ada@Adatum.onmicrosoft.com' }).email).toBe(
      'ada@adatum.onmicrosoft.com',
    );
    expect(callerFromClaims({ ...base, preferred_username: 'other@x.example' }).email).toBe('ada@adatum.example');
  });

  it('treats an empty name as absent', () => {
    expect(callerFromClaims({ ...base, name: '' }).name).toBeUndefined();
  });

  it.each([
    ['no tid', { oid, email: base.email }],
    ['no oid', { tid, email: base.email }],
    ['tid not a GUID', { ...base, tid: 'contoso' }],
    ['oid not a string', { ...base, oid: 42 }],
    ['no email and no preferred_username', { tid, oid }],
    ['email without @', { ...base, email: 'ada' }],
    ['roles not a list', { ...base, roles: 'AdminAgent' }],
    ['wids with a non-GUID', { ...base, wids: ['Global Administrator'] }],
    ['a three-letter country', { ...base, tenant_ctry: 'USA' }],
    ['not an object', 'token'],
    ['null', null],
  ])('rejects claims with %s as unauthenticated', (_, claims) => {
    rejects(claims);
  });
});
