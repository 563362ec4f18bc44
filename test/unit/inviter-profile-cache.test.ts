import type { Partner } from '../../shared/domain/partner';
import {
  cachedInviterProfiles,
  forgetInviterProfile,
  INVITER_PROFILE_TTL_MS,
} from '../../shared/store/inviterProfileCache';
import type { PartnerStore, StoredPartner } from '../../shared/store/partners';

const contoso: Partner = {
  tenantId: 'aaaaaaaa-1111-4111-8111-111111111111',
  name: 'Contoso',
  kind: 'direct',
  mpnId: '1234567',
  country: 'SE',
  cloud: 'public',
};

/** A partner store in memory that counts its reads. */
function memoryPartners() {
  const docs = new Map<string, StoredPartner>();
  let version = 0;
  const store: PartnerStore & { reads: number } = {
    reads: 0,
    async get(tenantId) {
      store.reads++;
      return docs.get(tenantId);
    },
    async upsert(partner) {
      const stored = { partner, etag: `e${++version}` };
      docs.set(partner.tenantId, stored);
      return stored;
    },
  };
  return store;
}

describe('inviter profile cache', () => {
  let now = 1_000_000;
  beforeEach(() => forgetInviterProfile(contoso.tenantId));

  it('reads a found profile once within its time to live, then again', async () => {
    const store = memoryPartners();
    await store.upsert(contoso);
    const cached = cachedInviterProfiles(store, () => now);
    expect((await cached.get(contoso.tenantId))?.partner.name).toBe('Contoso');
    expect((await cached.get(contoso.tenantId))?.partner.name).toBe('Contoso');
    expect(store.reads).toBe(1);
    now += INVITER_PROFILE_TTL_MS;
    await cached.get(contoso.tenantId);
    expect(store.reads).toBe(2);
  });

  it('never keeps a missing profile: one set just now is found at once', async () => {
    const store = memoryPartners();
    const cached = cachedInviterProfiles(store, () => now);
    expect(await cached.get(contoso.tenantId)).toBeUndefined();
    await store.upsert(contoso);
    expect((await cached.get(contoso.tenantId))?.partner.name).toBe('Contoso');
  });

  it('a profile changed through this process is seen by the next invitation', async () => {
    const store = memoryPartners();
    await store.upsert(contoso);
    const cached = cachedInviterProfiles(store, () => now);
    await cached.get(contoso.tenantId);
    await store.upsert({ ...contoso, name: 'Contoso Ltd' });
    forgetInviterProfile(contoso.tenantId); // what PUT /api/partner does after its write
    expect((await cached.get(contoso.tenantId))?.partner.name).toBe('Contoso Ltd');
    await cached.upsert({ ...contoso, name: 'Contoso AB' });
    expect((await cached.get(contoso.tenantId))?.partner.name).toBe('Contoso AB');
  });
});
