import type { Partnership } from '../../../shared/domain/partner';
import { recordPartnership } from '../../../shared/partnerships/recordPartnership';
import type { PartnershipDoc } from '../../../shared/store/partnerships';

const PROVIDER = 'd1000000-0000-4000-8000-000000000002';
const RESELLER = 'd1000000-0000-4000-8000-000000000003';

/** One partnership document with an ETag, as the store keeps it. */
function memoryPartnerships(initial: PartnershipDoc) {
  let doc = initial;
  let etag = 1;
  return {
    current: () => doc,
    create: async () => 'exists' as const,
    get: async () => ({ doc, etag: String(etag) }),
    replace: async (next: PartnershipDoc, ifMatch: string) => {
      if (ifMatch !== String(etag)) return 'conflict' as const;
      doc = next;
      etag++;
      return 'done' as const;
    },
  };
}

const removed: PartnershipDoc = {
  id: 'p1',
  providerTenantId: PROVIDER,
  resellerTenantId: RESELLER,
  status: 'removed',
  createdAt: '2026-01-01T00:00:00.000Z',
  removedAt: '2026-02-01T00:00:00.000Z',
  invitationId: 'first',
  type: 'partnership',
};
const renewal: Partnership = {
  id: 'p1',
  providerTenantId: PROVIDER,
  resellerTenantId: RESELLER,
  status: 'active',
  createdAt: '2026-03-01T00:00:00.000Z',
  invitationId: 'second',
};
const partners = { get: async () => undefined };

describe('recording a partnership', () => {
  it('renews a removed partnership with the new acceptance', async () => {
    const store = memoryPartnerships(removed);
    await expect(recordPartnership({ partnerships: store, partners }, renewal)).resolves.toBe('renewed');
    expect(store.current()).toMatchObject({ status: 'active', invitationId: 'second' });
  });

  it('two recorders of one acceptance racing (the accept request and the orchestration): the loser reads again and finds it renewed', async () => {
    const store = memoryPartnerships(removed);
    let raced = false;
    const racing = {
      ...store,
      // The other recorder renews it between this one's read and write.
      replace: async (next: PartnershipDoc, ifMatch: string) => {
        if (!raced) {
          raced = true;
          await store.replace(next, ifMatch);
          return 'conflict' as const;
        }
        return store.replace(next, ifMatch);
      },
    };
    await expect(recordPartnership({ partnerships: racing, partners }, renewal)).resolves.toBe('exists');
    expect(store.current()).toMatchObject({ status: 'active', invitationId: 'second' });
  });
});
