import { acceptanceRecords } from '../../../shared/domain/acceptanceRecords';
import { grantId, partnershipId, relationshipId } from '../../../shared/domain/ids';
import { userActor } from '../../../shared/domain/invitation';
import { transition } from '../../../shared/domain/transition';
import { at, CUSTOMER_TENANT, customerAdmin, partner, pendingInvitation, PROVIDER_TENANT } from './fixtures';

const accept = (inv: ReturnType<typeof pendingInvitation>) => {
  const r = transition(inv, { type: 'accept', by: customerAdmin }, at(1));
  if (!r.ok) throw new Error(r.code);
  return r.value.invitation;
};

describe('acceptanceRecords', () => {
  it('customer relationship: one reseller relationship and the grant, deterministic ids', () => {
    const r = acceptanceRecords(accept(pendingInvitation()), CUSTOMER_TENANT.toUpperCase());
    if (!r.ok) throw new Error(r.code);
    expect(r.value.relationships).toEqual([
      expect.objectContaining({
        id: relationshipId(partner.tenantId, CUSTOMER_TENANT),
        kind: 'reseller',
        customerTenantId: CUSTOMER_TENANT,
        createdAt: at(1).toISOString(),
      }),
    ]);
    expect(r.value.grant?.id).toBe(grantId(r.value.relationships[0]!.invitationId!));
    // A re-run computes the same records.
    expect(acceptanceRecords(accept(pendingInvitation()), CUSTOMER_TENANT)).toEqual(r);
  });
  it('multi-party: the provider relationship names the reseller', () => {
    const inv = pendingInvitation({
      kind: 'multiParty',
      inviter: { ...partner, kind: 'indirectReseller' },
      providerTenantId: PROVIDER_TENANT,
      includeDelegatedAdmin: false,
    });
    const r = acceptanceRecords(accept(inv), CUSTOMER_TENANT);
    expect(r.ok && r.value.relationships.map((x) => [x.id, x.kind, x.resellerTenantId])).toEqual([
      [relationshipId(partner.tenantId, CUSTOMER_TENANT), 'reseller', undefined],
      [relationshipId(PROVIDER_TENANT, CUSTOMER_TENANT), 'indirectProvider', partner.tenantId],
    ]);
    expect(r.ok && r.value.grant).toBeUndefined();
  });
  it('partnership: the partnership between provider and the accepting reseller', () => {
    const inv = pendingInvitation({
      kind: 'partnership',
      inviter: { ...partner, kind: 'indirectProvider' },
      includeDelegatedAdmin: false,
    });
    const r = acceptanceRecords(accept(inv), CUSTOMER_TENANT);
    expect(r).toMatchObject({
      ok: true,
      value: {
        relationships: [],
        partnership: {
          id: partnershipId(partner.tenantId, CUSTOMER_TENANT),
          resellerTenantId: CUSTOMER_TENANT,
          status: 'active',
        },
      },
    });
  });
  it('nothing is recorded for an invitation that was not accepted', () => {
    expect(acceptanceRecords(pendingInvitation(), CUSTOMER_TENANT)).toMatchObject({ ok: false, code: 'conflict' });
  });
});

describe('userActor', () => {
  it('records tenant and user in lower case, e-mail when known', () => {
    expect(userActor({ tenantId: 'AB', userId: 'CD', email: 'x@y.z' })).toEqual({
      type: 'user',
      tenantId: 'ab',
      userId: 'cd',
      email: 'x@y.z',
    });
    expect(userActor({ tenantId: 'ab', userId: 'cd' })).toEqual({ type: 'user', tenantId: 'ab', userId: 'cd' });
  });
});
