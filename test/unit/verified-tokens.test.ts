import type { Caller } from '../../shared/auth/caller';
import { verifiedTokenCache } from '../../shared/auth/verifiedTokens';

const caller: Caller = {
  tenantId: '11111111-1111-4111-8111-111111111111',
  userId: '22222222-2222-4222-8222-222222222222',
  email: 'agent@contoso.example',
  roles: ['AdminAgent'],
  wids: [],
  scopes: ['Relationships.Manage'],
};
const T = 1_800_000_000_000;

describe('verified token cache', () => {
  it('gives back the caller of a verified token until the token expires', () => {
    let now = T;
    const cache = verifiedTokenCache(() => now);
    cache.put('token-a', caller, T / 1000 + 60);
    expect(cache.get('token-a')).toEqual(caller);
    expect(cache.get('token-b')).toBeUndefined();
    now = T + 59_999;
    expect(cache.get('token-a')).toEqual(caller);
    now = T + 60_000;
    expect(cache.get('token-a')).toBeUndefined();
  });

  it('keeps a long-lived token for five minutes at most, so a withdrawn signing key stops working', () => {
    let now = T;
    const cache = verifiedTokenCache(() => now);
    cache.put('token-a', caller, T / 1000 + 3600);
    now = T + 5 * 60_000 - 1;
    expect(cache.get('token-a')).toBeDefined();
    now = T + 5 * 60_000;
    expect(cache.get('token-a')).toBeUndefined();
  });

  it('does not keep a token that has already expired', () => {
    const cache = verifiedTokenCache(() => T);
    cache.put('token-a', caller, T / 1000 - 1);
    expect(cache.get('token-a')).toBeUndefined();
  });

  it('hands out a frozen caller, so no request can change what the next one sees', () => {
    const cache = verifiedTokenCache(() => T);
    cache.put('token-a', { ...caller }, T / 1000 + 60);
    expect(Object.isFrozen(cache.get('token-a'))).toBe(true);
  });

  it('stays bounded: the oldest entries go first', () => {
    const cache = verifiedTokenCache(() => T);
    for (let i = 0; i <= 5_000; i++) cache.put(`token-${i}`, caller, T / 1000 + 60);
    expect(cache.get('token-0')).toBeUndefined();
    expect(cache.get('token-1')).toBeDefined();
    expect(cache.get('token-5000')).toBeDefined();
  });
});
