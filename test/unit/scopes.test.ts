import { accessTokenClaims, tokenRequestSchema } from '../../infra/local/identity/tokenRequest';
import { callerFromClaims } from '../../shared/auth/caller';
import { answerScopes, apiScopes, manageScopes, requireScope, scopesOf } from '../../shared/auth/scopes';
import { AppError } from '../../shared/http/errors';
import { problemResponse } from '../../shared/http/problem';

const claims = {
  tid: '11111111-1111-4111-8111-111111111111',
  oid: '22222222-2222-4222-8222-222222222222',
  email: 'a@contoso.example',
};

describe('scp', () => {
  test('is split on spaces; a token without it (app-only) grants nothing', () => {
    expect(scopesOf('Invitations.Answer  Relationships.Manage')).toEqual([
      'Invitations.Answer',
      'Relationships.Manage',
    ]);
    expect(scopesOf(undefined)).toEqual([]);
    expect(scopesOf(['Relationships.Manage'])).toEqual([]);
    expect(callerFromClaims({ ...claims, scp: 'Relationships.Manage' }).scopes).toEqual(['Relationships.Manage']);
    expect(callerFromClaims(claims).scopes).toEqual([]);
  });

  test('one accepted scope is enough; names are compared exactly', () => {
    expect(() => requireScope(['Relationships.Manage'], manageScopes)).not.toThrow();
    expect(() => requireScope(['Invitations.Answer'], answerScopes)).not.toThrow();
    expect(() => requireScope(['Relationships.Manage'], answerScopes)).not.toThrow();
    for (const granted of [
      [],
      ['Invitations.Answer'],
      ['relationships.manage'],
      ['Relationships.Manage.All'],
      ['User.Read'],
    ]) {
      expect(() => requireScope(granted, manageScopes)).toThrow(
        expect.objectContaining({ code: 'insufficient_scope' }),
      );
    }
  });

  test('a refusal is a 403 problem with the RFC 6750 challenge naming the scopes', () => {
    let thrown: unknown;
    try {
      requireScope([], answerScopes);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const r = problemResponse(thrown);
    expect(r.status).toBe(403);
    expect((r.headers as Record<string, string>)['www-authenticate']).toBe(
      'Bearer error="insufficient_scope", scope="Invitations.Answer Relationships.Manage"',
    );
    expect(JSON.parse(r.body as string)).toMatchObject({ code: 'insufficient_scope', status: 403 });
  });
});

describe('the dev issuer', () => {
  const request = (extra: Record<string, unknown> = {}) =>
    tokenRequestSchema.parse({ tenantId: claims.tid, userId: claims.oid, email: claims.email, ...extra });
  const context = { issuer: 'http://localhost/dev', audience: 'api://reseller-connect', nowSeconds: 1_800_000_000 };

  test('grants every API scope by default, the ones asked for, or none (an app-only token)', () => {
    expect(accessTokenClaims(request(), context).scp).toBe(
      `${apiScopes.answerInvitations} ${apiScopes.manageRelationships}`,
    );
    expect(accessTokenClaims(request({ scopes: [apiScopes.answerInvitations] }), context).scp).toBe(
      apiScopes.answerInvitations,
    );
    expect(accessTokenClaims(request({ scopes: [] }), context)).not.toHaveProperty('scp');
  });

  test('a sign-in grants what the user consented to, whatever the request says', () => {
    const t = accessTokenClaims(request(), {
      ...context,
      delegated: { scp: apiScopes.answerInvitations, azp: 'client' },
    });
    expect(t).toMatchObject({ scp: apiScopes.answerInvitations, azp: 'client' });
  });
});
