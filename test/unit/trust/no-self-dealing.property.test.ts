import fc from 'fast-check';
import { acceptanceRecords } from '../../../shared/domain/acceptanceRecords';
import { checkCustomerAcceptance } from '../../../shared/domain/checkCustomerAcceptance';
import { checkPartnershipAcceptance } from '../../../shared/domain/checkPartnershipAcceptance';
import { createInvitation } from '../../../shared/domain/createInvitation';
import { GLOBAL_ADMINISTRATOR } from '../../../shared/domain/directoryRoles';
import type { Actor, Invitation } from '../../../shared/domain/invitation';
import type { Partner, PartnerKind } from '../../../shared/domain/partner';
import { transition } from '../../../shared/domain/transition';
import { at, newInput, T0 } from '../domain/fixtures';

// A small pool of tenants, so inviter, provider, bound tenant and acceptor often coincide.
const tenants = [
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
];
const tenantArb = fc.constantFrom(...tenants);
const caseArb = fc.constantFrom(
  (t: string) => t,
  (t: string) => t.toUpperCase(),
);
const partnerOf = (tenantId: string, kind: PartnerKind): Partner => ({
  tenantId,
  name: `Partner ${tenantId.slice(0, 4)}`,
  kind,
  mpnId: '1234567',
  country: 'SE',
  cloud: 'public',
});

const scenarioArb = fc.record({
  kind: fc.constantFrom('customerRelationship' as const, 'multiParty' as const, 'partnership' as const),
  inviter: tenantArb,
  provider: tenantArb,
  bound: fc.option(tenantArb, { nil: undefined }),
  acceptor: tenantArb,
  acceptorCase: caseArb,
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

/** The invitation as sent, or undefined when the send refused it. */
function sent(s: Scenario): Invitation | undefined {
  const inviterKind: PartnerKind =
    s.kind === 'customerRelationship' ? 'direct' : s.kind === 'multiParty' ? 'indirectReseller' : 'indirectProvider';
  const r = createInvitation(
    newInput({
      kind: s.kind,
      inviter: partnerOf(s.inviter, inviterKind),
      includeDelegatedAdmin: s.kind !== 'partnership',
      ...(s.kind === 'multiParty' ? { providerTenantId: s.provider } : {}),
      ...(s.bound ? { customerTenantId: s.bound } : {}),
    }),
    T0,
  );
  return r.ok ? r.value : undefined;
}

/** The records of the acceptance, when every rule of the answer let it through. */
function accepted(s: Scenario, invitation: Invitation) {
  const acceptor = s.acceptorCase(s.acceptor);
  const rules =
    invitation.kind === 'partnership'
      ? checkPartnershipAcceptance({
          invitation,
          provider: partnerOf(invitation.partnerTenantId, 'indirectProvider'),
          reseller: partnerOf(acceptor, 'indirectReseller'),
          acceptor: { tenantId: acceptor, roles: ['GlobalAdmin'] },
        })
      : checkCustomerAcceptance({
          invitation,
          inviter: partnerOf(invitation.partnerTenantId, 'indirectReseller'),
          ...(invitation.providerTenantId
            ? { provider: partnerOf(invitation.providerTenantId, 'indirectProvider') }
            : {}),
          acceptor: { tenantId: acceptor, wids: [GLOBAL_ADMINISTRATOR], country: 'SE' },
          agreementOnRecord: true,
        });
  if (!rules.ok) return undefined;
  const by: Actor = { type: 'user', tenantId: acceptor.toLowerCase(), userId: 'bbbbbbbb-0000-4000-8000-000000000001' };
  const answered = transition(invitation, { type: 'accept', by }, at(1));
  if (!answered.ok) throw new Error(answered.code);
  const records = acceptanceRecords(answered.value.invitation, acceptor);
  if (!records.ok) throw new Error(records.code);
  return records.value;
}

describe('no tenant on both sides of a relationship (any inviter, provider, binding and acceptor)', () => {
  it('whatever the send and the answer let through records no relationship or partnership of a tenant with itself or its own provider', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const invitation = sent(s);
        if (!invitation) return;
        const records = accepted(s, invitation);
        if (!records) return;
        const inviting = [invitation.partnerTenantId, invitation.providerTenantId]
          .filter(Boolean)
          .map((t) => t!.toLowerCase());
        for (const r of records.relationships) {
          expect(r.partnerTenantId.toLowerCase()).not.toBe(r.customerTenantId.toLowerCase());
          expect(inviting).not.toContain(r.customerTenantId.toLowerCase());
        }
        if (records.partnership)
          expect(records.partnership.providerTenantId.toLowerCase()).not.toBe(
            records.partnership.resellerTenantId.toLowerCase(),
          );
      }),
      { numRuns: 500 },
    );
  });

  it('the pool reaches both outcomes: some self-dealing is refused, some acceptances go through', () => {
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const invitation = sent(s);
        outcomes.add(!invitation ? 'refused at send' : accepted(s, invitation) ? 'accepted' : 'refused at answer');
      }),
      { numRuns: 500 },
    );
    expect([...outcomes].sort()).toEqual(['accepted', 'refused at answer', 'refused at send']);
  });
});
