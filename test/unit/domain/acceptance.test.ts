import { can, requireRole } from '../../../shared/auth/roles';
import { checkCustomerAcceptance, type CustomerAcceptanceInput } from '../../../shared/domain/checkCustomerAcceptance';
import { checkMultiPartyAllowed } from '../../../shared/domain/checkMultiPartyAllowed';
import {
  checkPartnershipAcceptance,
  type PartnershipAcceptanceInput,
} from '../../../shared/domain/checkPartnershipAcceptance';
import { checkInviterKind } from '../../../shared/domain/checkInviterKind';
import { GLOBAL_ADMINISTRATOR } from '../../../shared/domain/directoryRoles';
import { CUSTOMER_TENANT, OTHER_TENANT, PARTNER_TENANT, partner, provider, PROVIDER_TENANT } from './fixtures';

const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const base: CustomerAcceptanceInput = {
  invitation: { kind: 'customerRelationship', includeDelegatedAdmin: true, partnerTenantId: PARTNER_TENANT },
  inviter: partner,
  acceptor: { tenantId: CUSTOMER_TENANT, wids: [GLOBAL_ADMINISTRATOR], country: 'FI' },
  agreementOnRecord: true,
};
const customer = (over: Partial<CustomerAcceptanceInput>) => checkCustomerAcceptance({ ...base, ...over });

describe('customer acceptance', () => {
  it('a Global admin in the same region, agreement on record: accepted, nothing to record', () => {
    expect(customer({})).toEqual({ ok: true, value: { recordAgreement: false } });
  });
  it('only a customer Global admin may accept', () => {
    expect(customer({ acceptor: { ...base.acceptor, wids: [HELPDESK] } })).toMatchObject({
      ok: false,
      code: 'customer_global_admin_required',
    });
    expect(customer({ acceptor: { ...base.acceptor, wids: [GLOBAL_ADMINISTRATOR.toUpperCase()] } }).ok).toBe(true);
  });
  it('a bound customerTenantId must equal the acceptor tenant', () => {
    expect(customer({ invitation: { ...base.invitation, customerTenantId: OTHER_TENANT } })).toMatchObject({
      ok: false,
      code: 'wrong_tenant',
    });
    expect(customer({ invitation: { ...base.invitation, customerTenantId: CUSTOMER_TENANT.toUpperCase() } }).ok).toBe(
      true,
    );
  });
  it('region rule against the inviter and, for multi-party, the provider', () => {
    expect(customer({ acceptor: { ...base.acceptor, country: 'US' } })).toMatchObject({
      ok: false,
      code: 'region_mismatch',
    });
    expect(customer({ acceptor: { ...base.acceptor, country: undefined } })).toMatchObject({
      ok: false,
      code: 'region_mismatch',
    });
    expect(customer({ provider: { ...provider, country: 'US' } })).toMatchObject({
      ok: false,
      code: 'region_mismatch',
    });
    expect(customer({ provider }).ok).toBe(true);
  });
  it('cloud rule: no invitation without admin privileges from a national cloud', () => {
    expect(
      customer({
        inviter: { ...partner, cloud: 'usgov' },
        invitation: { ...base.invitation, includeDelegatedAdmin: false },
      }),
    ).toMatchObject({ ok: false, code: 'admin_privileges_required' });
  });
  it('the customer agreement must be accepted now if not yet on record', () => {
    expect(customer({ agreementOnRecord: false })).toMatchObject({ ok: false, code: 'customer_agreement_required' });
    expect(customer({ agreementOnRecord: false, acceptCustomerAgreement: false })).toMatchObject({
      ok: false,
      code: 'customer_agreement_required',
    });
    expect(customer({ agreementOnRecord: false, acceptCustomerAgreement: true })).toEqual({
      ok: true,
      value: { recordAgreement: true },
    });
  });
  it('never by the inviting side itself: not the inviter, not the provider of a multi-party invitation', () => {
    expect(customer({ acceptor: { ...base.acceptor, tenantId: PARTNER_TENANT.toUpperCase() } })).toMatchObject({
      ok: false,
      code: 'self_relationship',
    });
    const multi = { ...base.invitation, kind: 'multiParty' as const, providerTenantId: PROVIDER_TENANT };
    expect(
      customer({ invitation: multi, provider, acceptor: { ...base.acceptor, tenantId: PROVIDER_TENANT } }),
    ).toMatchObject({ ok: false, code: 'self_relationship' });
    expect(customer({ invitation: multi, provider }).ok).toBe(true);
  });
  it('a partnership request is not accepted by a customer', () => {
    expect(customer({ invitation: { ...base.invitation, kind: 'partnership' } })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
  });
});

const RESELLER_TENANT = OTHER_TENANT;
const reseller = { tenantId: RESELLER_TENANT, kind: 'indirectReseller' as const, country: 'AT' };
const pBase: PartnershipAcceptanceInput = {
  invitation: { kind: 'partnership', partnerTenantId: PROVIDER_TENANT },
  provider,
  reseller,
  acceptor: { tenantId: RESELLER_TENANT, roles: ['AdminAgent'] },
};
const partnershipOk = (over: Partial<PartnershipAcceptanceInput>) => checkPartnershipAcceptance({ ...pBase, ...over });

describe('partnership acceptance', () => {
  it('Global admin or Admin agent of an enrolled reseller in the region: accepted', () => {
    expect(partnershipOk({}).ok).toBe(true);
    expect(partnershipOk({ acceptor: { tenantId: RESELLER_TENANT, roles: ['GlobalAdmin'] } }).ok).toBe(true);
  });
  // Who in the reseller may accept is the role matrix's, checked by acceptPartnership before the rules.
  it.each([['SalesAgent'], ['UserManagementAdmin'], ['HelpdeskAgent']])('%s may not accept (the matrix)', (role) => {
    expect(can([role], 'partnership.accept')).toBe(false);
    expect(() => requireRole({ roles: [role] }, 'partnership.accept')).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });
  it('the reseller must be enrolled as an indirect reseller', () => {
    expect(partnershipOk({ reseller: undefined })).toMatchObject({ ok: false, code: 'reseller_not_enrolled' });
    expect(partnershipOk({ reseller: { ...reseller, kind: 'direct' } })).toMatchObject({
      ok: false,
      code: 'partner_kind_not_allowed',
    });
    expect(partnershipOk({ reseller: { ...reseller, tenantId: CUSTOMER_TENANT } })).toMatchObject({
      ok: false,
      code: 'reseller_not_enrolled',
    });
  });
  it("in the provider's country or region, from the bound tenant, never the provider itself", () => {
    expect(partnershipOk({ reseller: { ...reseller, country: 'US' } })).toMatchObject({
      ok: false,
      code: 'region_mismatch',
    });
    expect(partnershipOk({ invitation: { ...pBase.invitation, customerTenantId: CUSTOMER_TENANT } })).toMatchObject({
      ok: false,
      code: 'wrong_tenant',
    });
    expect(partnershipOk({ acceptor: { tenantId: PROVIDER_TENANT, roles: ['GlobalAdmin'] } })).toMatchObject({
      ok: false,
      code: 'self_relationship',
    });
    expect(partnershipOk({ invitation: { ...pBase.invitation, kind: 'customerRelationship' } })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
  });
});

describe('multi-party and inviter kinds', () => {
  const res = { tenantId: PARTNER_TENANT, kind: 'indirectReseller' as const };
  const active = { providerTenantId: PROVIDER_TENANT, resellerTenantId: PARTNER_TENANT, status: 'active' as const };
  it('needs an active partnership between this reseller and this provider', () => {
    expect(checkMultiPartyAllowed(res, provider, active).ok).toBe(true);
    expect(checkMultiPartyAllowed(res, provider, undefined)).toMatchObject({ ok: false, code: 'partnership_required' });
    expect(checkMultiPartyAllowed(res, provider, { ...active, status: 'removed' })).toMatchObject({
      ok: false,
      code: 'partnership_required',
    });
    expect(checkMultiPartyAllowed(res, provider, { ...active, resellerTenantId: OTHER_TENANT })).toMatchObject({
      ok: false,
      code: 'partnership_required',
    });
    expect(checkMultiPartyAllowed(res, { ...provider, kind: 'direct' }, active)).toMatchObject({
      ok: false,
      code: 'partner_kind_not_allowed',
    });
    expect(checkMultiPartyAllowed({ ...res, kind: 'direct' }, provider, active)).toMatchObject({
      ok: false,
      code: 'partner_kind_not_allowed',
    });
  });
  it.each([
    ['customerRelationship', 'direct', true],
    ['customerRelationship', 'indirectReseller', true],
    ['customerRelationship', 'indirectProvider', false],
    ['multiParty', 'indirectReseller', true],
    ['multiParty', 'direct', false],
    ['multiParty', 'indirectProvider', false],
    ['partnership', 'indirectProvider', true],
    ['partnership', 'indirectReseller', false],
    ['partnership', 'direct', false],
  ] as const)('%s from a %s partner: %s', (kind, partnerKind, allowed) => {
    expect(checkInviterKind(kind, partnerKind).ok).toBe(allowed);
  });
});
