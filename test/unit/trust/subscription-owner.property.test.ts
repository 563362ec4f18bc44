import { memorySubscriptions } from '../memorySubscriptions';
import fc from 'fast-check';
import type { Caller } from '../../../shared/auth/caller';
import { relationshipId } from '../../../shared/domain/ids';
import type { Partner, Relationship } from '../../../shared/domain/partner';
import { isAppError } from '../../../shared/http/errors';
import type { SubscriptionDoc } from '../../../shared/store/subscriptions';
import { addSubscription } from '../../../shared/subscriptions/addSubscription';
import { mayRead } from '../../../shared/subscriptions/access';
import type { SubscriptionDeps } from '../../../shared/subscriptions/ports';
import { listSubscriptions } from '../../../shared/subscriptions/listSubscriptions';
import { updateSubscription } from '../../../shared/subscriptions/updateSubscription';
import { T0 } from '../domain/fixtures';

// One customer and every kind of partner it may have: a direct partner, a provider with its
// reseller (in partnership), another provider, and a partner with no relationship at all.
const CUSTOMER = 'c0000000-0000-4000-8000-000000000001';
const partner = (n: number, kind: Partner['kind']): Partner => ({
  tenantId: `d0000000-0000-4000-8000-00000000000${n}`,
  name: `P${n}`,
  kind,
  mpnId: `100000${n}`,
  country: 'SE',
  cloud: 'public',
});
const DIRECT = partner(1, 'direct');
const PROVIDER = partner(2, 'indirectProvider');
const RESELLER = partner(3, 'indirectReseller');
const OTHER_PROVIDER = partner(4, 'indirectProvider');
const STRANGER = partner(5, 'direct');
const everyone = [DIRECT, PROVIDER, RESELLER, OTHER_PROVIDER, STRANGER];
const transacting = new Set([DIRECT.tenantId, PROVIDER.tenantId, OTHER_PROVIDER.tenantId]);

const relationship = (p: Partner, kind: Relationship['kind']) => ({
  id: relationshipId(p.tenantId, CUSTOMER),
  partnerTenantId: p.tenantId,
  customerTenantId: CUSTOMER,
  kind,
  status: 'active' as const,
  createdAt: T0.toISOString(),
  type: 'relationship' as const,
});
const relationships = [
  relationship(DIRECT, 'reseller'),
  relationship(PROVIDER, 'indirectProvider'),
  relationship(RESELLER, 'reseller'),
  relationship(OTHER_PROVIDER, 'indirectProvider'),
];

function world(): SubscriptionDeps & { docs: Map<string, SubscriptionDoc> } {
  const subscriptions = memorySubscriptions();
  const docs = subscriptions.docs;
  return {
    docs,
    subscriptions,
    records: {
      relationship: async (p, id) => {
        const r = relationships.find((x) => x.partnerTenantId === p && x.id === id);
        return r && { doc: r, etag: '1' };
      },
    },
    partnerships: {
      byMpnId: async (provider, mpn) =>
        provider === PROVIDER.tenantId && mpn === RESELLER.mpnId ? RESELLER.tenantId : undefined,
    },
    partners: {
      get: async (t) => {
        const p = everyone.find((x) => x.tenantId === t);
        return p && { partner: p, etag: '1' };
      },
    },
  } as SubscriptionDeps & { docs: Map<string, SubscriptionDoc> };
}

const callerOf = (p: Partner): Caller => ({
  tenantId: p.tenantId,
  userId: 'e0000000-0000-4000-8000-000000000001',
  email: 'admin@partner.example',
  roles: ['GlobalAdmin'],
  wids: [],
  scopes: [],
});
const mpnArb = fc.option(fc.constantFrom(...everyone.map((p) => p.mpnId)), { nil: undefined });
type Op =
  | { op: 'add'; by: number; resellerMpnId?: string | undefined }
  | {
      op: 'patch';
      by: number;
      target: number;
      resellerMpnId?: string | undefined;
      supportContactMpnId?: string | undefined;
    };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), by: fc.nat(4), resellerMpnId: mpnArb }),
  fc.record({
    op: fc.constant('patch' as const),
    by: fc.nat(4),
    target: fc.nat(9),
    resellerMpnId: mpnArb,
    supportContactMpnId: fc.constantFrom(RESELLER.mpnId, DIRECT.mpnId),
  }),
);

/** Runs the operations; a refusal is an AppError (any other throw fails the test). Returns who created what. */
async function run(d: ReturnType<typeof world>, ops: Op[]) {
  const creator = new Map<string, string>();
  const patchedBy: Array<{ by: string; owner: string }> = [];
  for (const op of ops) {
    const by = everyone[op.by]!;
    try {
      if (op.op === 'add') {
        const s = await addSubscription(
          d,
          callerOf(by),
          CUSTOMER,
          { offerId: 'o365-e3', quantity: 1, ...(op.resellerMpnId ? { resellerMpnId: op.resellerMpnId } : {}) },
          undefined,
          T0,
        );
        creator.set(s.id, by.tenantId);
      } else {
        const id = [...creator.keys()][op.target % Math.max(1, creator.size)];
        if (!id) continue;
        const patch = {
          ...(op.resellerMpnId ? { resellerMpnId: op.resellerMpnId } : {}),
          supportContactMpnId: op.supportContactMpnId!,
        };
        await updateSubscription(d, callerOf(by), CUSTOMER, id, patch);
        patchedBy.push({ by: by.tenantId, owner: creator.get(id)! });
      }
    } catch (e) {
      if (!isAppError(e)) throw e;
    }
  }
  return { creator, patchedBy };
}

describe('every subscription has exactly one owner (any adds and changes by any partner of the customer)', () => {
  it('the owner is who added it, a transacting partner, and never changes; only it changes the subscription', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 15 }), async (ops) => {
        const d = world();
        const { creator, patchedBy } = await run(d, ops);
        for (const s of d.docs.values()) {
          expect(typeof s.ownerTenantId).toBe('string');
          expect(s.ownerTenantId).toBe(creator.get(s.id));
          expect(transacting.has(s.ownerTenantId)).toBe(true);
        }
        for (const p of patchedBy) expect(p.by).toBe(p.owner);
      }),
    );
  });

  it('each partner lists exactly the subscriptions it owns or is named on: another partner of the customer sees none', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 15 }), async (ops) => {
        const d = world();
        const { creator } = await run(d, ops);
        for (const p of everyone.filter((x) => x !== STRANGER)) {
          const listed = (await listSubscriptions(d, callerOf(p), CUSTOMER, { pageSize: 100 })).items
            .map((s) => s.id)
            .sort();
          // Its own, and for the reseller the provider's that name it; never another partner's.
          const names = (s: SubscriptionDoc) =>
            s.resellerTenantId === p.tenantId || s.supportContactTenantId === p.tenantId;
          const expected = [...d.docs.values()]
            .filter((s) => creator.get(s.id) === p.tenantId || (p === RESELLER && names(s)))
            .map((s) => s.id)
            .sort();
          expect(listed).toEqual(expected);
          for (const s of d.docs.values()) expect(mayRead(s, p.tenantId)).toBe(expected.includes(s.id));
          if (p !== RESELLER) for (const s of d.docs.values()) expect(names(s)).toBe(false);
        }
      }),
    );
  });
});
