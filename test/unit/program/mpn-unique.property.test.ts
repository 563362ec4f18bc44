import fc from 'fast-check';
import type { Partner } from '../../../shared/domain/partner';
import { isAppError } from '../../../shared/http/errors';
import type { ProgramDeps } from '../../../shared/program/ports';
import { CLAIM_SETTLE_MS, enrolPartner } from '../../../shared/program/enrolPartner';
import type { MpnClaimStore } from '../../../shared/store/mpnClaims';
import type { PartnerStore, StoredPartner } from '../../../shared/store/partners';

/**
 * An MPN id belongs to at most one partner, whatever the operator does in whatever order, with
 * requests running at the same time (each store call yields, so enrolments interleave at every
 * await, as concurrent requests on several instances do) and requests that die half-way.
 */
function memoryProgram() {
  const partners = new Map<string, StoredPartner>();
  const claims = new Map<string, { owner: string; etag: number; claimedAt: string }>();
  let etags = 0;
  const clock = { now: Date.parse('2026-12-06T00:00:00Z') };
  const tick = () => new Promise<void>((r) => setImmediate(r));
  const partnerStore: PartnerStore = {
    async get(tenantId) {
      await tick();
      return partners.get(tenantId);
    },
    async upsert(partner: Partner, options = {}) {
      await tick();
      const current = partners.get(partner.tenantId);
      if (options.ifMatch && current?.etag !== options.ifMatch) throw Object.assign(new Error('412'), { code: 412 });
      const saved = { partner, etag: String(++etags) };
      partners.set(partner.tenantId, saved);
      return saved;
    },
  };
  const mpnClaims: MpnClaimStore = {
    async claim(mpnId, tenantId, now) {
      await tick();
      const held = claims.get(mpnId);
      if (!held) {
        claims.set(mpnId, { owner: tenantId, etag: ++etags, claimedAt: now.toISOString() });
        return { claimed: true };
      }
      if (held.owner !== tenantId) return { claimed: false, ownerTenantId: held.owner, claimedAt: held.claimedAt };
      // The holder claims it again: young again (the read and the write are one step here, as the
      // ETag-conditional replace makes them in Cosmos).
      claims.set(mpnId, { ...held, etag: ++etags, claimedAt: now.toISOString() });
      return { claimed: true };
    },
    async takeOver(mpnId, from, to, now, settledBefore) {
      await tick();
      const held = claims.get(mpnId);
      if (!held || held.owner !== from || Date.parse(held.claimedAt) > settledBefore.getTime()) return false;
      claims.set(mpnId, { owner: to, etag: ++etags, claimedAt: now.toISOString() });
      return true;
    },
    async release(mpnId, tenantId) {
      await tick();
      if (claims.get(mpnId)?.owner === tenantId) claims.delete(mpnId);
    },
  };
  const deps: ProgramDeps = {
    partners: partnerStore,
    directory: { list: async () => ({ items: [] }) },
    mpnClaims,
    enrolmentRequests: {} as ProgramDeps['enrolmentRequests'],
    audit: { append: async () => undefined },
    operatorTenantId: 'a1000000-0000-4000-8000-000000000001',
    now: () => new Date(clock.now),
  };
  return { deps, partners, claims, clock };
}

const tenants = ['t1', 't2', 't3', 't4'];
const mpnIds = ['1000001', '1000002', '1000003'];
const command = fc.record({ tenant: fc.constantFrom(...tenants), mpnId: fc.constantFrom(...mpnIds) });
const operator = { type: 'user' as const, tenantId: 'a1000000-0000-4000-8000-000000000001', userId: 'u' };

test('no two partners ever hold the same MPN id, whatever the order and overlap of enrolments', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(command, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
      async (rounds) => {
        const { deps, partners, clock } = memoryProgram();
        for (const round of rounds) {
          // Rounds are minutes apart, a round's requests within the same instant: a claim left by a
          // lost race settles and may be taken over, while every enrolment in flight keeps its own.
          clock.now += 4 * 60_000;
          // The requests of a round run at once; refusals (mpn_id_taken, a lost If-Match) are expected.
          await Promise.all(
            round.map(async ({ tenant, mpnId }) => {
              try {
                await enrolPartner(deps, operator, tenant, {
                  name: `Partner ${tenant}`,
                  kind: 'direct',
                  mpnId,
                  country: 'US',
                  cloud: 'public',
                });
              } catch (e) {
                if (!(isAppError(e) && e.code === 'mpn_id_taken') && (e as { code?: number }).code !== 412) throw e;
              }
            }),
          );
          const holders = new Map<string, string[]>();
          for (const { partner } of partners.values())
            holders.set(partner.mpnId, [...(holders.get(partner.mpnId) ?? []), partner.tenantId]);
          for (const [mpnId, who] of holders) expect([mpnId, who.length]).toEqual([mpnId, 1]);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('a claim its holder does not use is taken over only once it has settled', async () => {
  const { deps, claims, clock } = memoryProgram();
  const enrol = (tenant: string, mpnId: string) =>
    enrolPartner(deps, operator, tenant, {
      name: `Partner ${tenant}`,
      kind: 'direct',
      mpnId,
      country: 'US',
      cloud: 'public',
    });
  // A first enrolment that died after its claim, before its profile.
  claims.set('1000009', { owner: 't1', etag: 99, claimedAt: new Date(clock.now).toISOString() });
  await expect(enrol('t2', '1000009')).rejects.toMatchObject({ code: 'mpn_id_taken' });
  clock.now += CLAIM_SETTLE_MS;
  await expect(enrol('t2', '1000009')).resolves.toMatchObject({ created: true });
  expect(claims.get('1000009')?.owner).toBe('t2');
  // A holder that uses its id keeps it however old the claim is.
  clock.now += 10 * CLAIM_SETTLE_MS;
  await expect(enrol('t3', '1000009')).rejects.toMatchObject({ code: 'mpn_id_taken' });
});
