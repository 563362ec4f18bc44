import { createInvitation } from '../../../shared/domain/createInvitation';
import { GLOBAL_ADMINISTRATOR, HELPDESK_ADMINISTRATOR } from '../../../shared/domain/directoryRoles';
import { at, inviterUser, newInput, partner, PROVIDER_TENANT, T0, CUSTOMER_TENANT } from './fixtures';

describe('createInvitation', () => {
  it('a pending invitation with deadlines, a created entry and no absent optionals', () => {
    const r = createInvitation(newInput({ customerTenantId: CUSTOMER_TENANT, idempotencyKey: 'k1' }), T0);
    if (!r.ok) throw new Error(r.code);
    const inv = r.value;
    expect(inv).toMatchObject({
      status: 'pending',
      sendCount: 0,
      expiresAt: at(30).toISOString(),
      reminderAt: at(27).toISOString(),
      customerTenantId: CUSTOMER_TENANT,
      idempotencyKey: 'k1',
    });
    expect(inv.timeline).toEqual([{ type: 'created', at: T0.toISOString(), by: inviterUser }]);
    expect(Object.values(inv)).not.toContain(undefined);
    expect('providerTenantId' in inv).toBe(false);
  });
  it('includes the default delegated admin request when none is named', () => {
    const r = createInvitation(newInput(), T0);
    expect(r.ok && r.value.delegatedAdmin).toEqual({
      roles: [GLOBAL_ADMINISTRATOR, HELPDESK_ADMINISTRATOR],
      duration: 'P730D',
      autoExtend: false,
    });
  });
  it('refuses an email text without the link placeholder (422 code)', () => {
    expect(createInvitation(newInput({ email: { subject: 's', text: 'no link' } }), T0)).toMatchObject({
      ok: false,
      code: 'invitation_link_missing',
    });
  });
  it('applies the cloud rule, the delegated admin rules and the lifetime limits', () => {
    const usgov = { ...partner, cloud: 'usgov' as const };
    expect(createInvitation(newInput({ inviter: usgov, includeDelegatedAdmin: false }), T0)).toMatchObject({
      ok: false,
      code: 'admin_privileges_required',
    });
    expect(createInvitation(newInput({ inviter: usgov }), T0).ok).toBe(true);
    expect(
      createInvitation(
        newInput({ delegatedAdmin: { roles: [GLOBAL_ADMINISTRATOR], duration: 'P10D', autoExtend: true } }),
        T0,
      ),
    ).toMatchObject({ ok: false, code: 'auto_extend_not_allowed' });
    expect(
      createInvitation(
        newInput({
          includeDelegatedAdmin: false,
          delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P10D', autoExtend: false },
        }),
        T0,
      ),
    ).toMatchObject({ ok: false, code: 'validation_failed' });
    expect(createInvitation(newInput({ expiresInDays: 91 }), T0)).toMatchObject({ ok: false, code: 'bad_request' });
  });
  it('checks the inviter kind and the provider of a multi-party invitation', () => {
    const reseller = { ...partner, kind: 'indirectReseller' as const };
    expect(createInvitation(newInput({ kind: 'multiParty', inviter: reseller }), T0)).toMatchObject({
      ok: false,
      code: 'validation_failed',
    });
    expect(
      createInvitation(newInput({ kind: 'multiParty', inviter: reseller, providerTenantId: PROVIDER_TENANT }), T0),
    ).toMatchObject({ ok: true, value: { providerTenantId: PROVIDER_TENANT } });
    expect(createInvitation(newInput({ providerTenantId: PROVIDER_TENANT }), T0)).toMatchObject({
      ok: false,
      code: 'validation_failed',
    });
    expect(createInvitation(newInput({ kind: 'multiParty', providerTenantId: PROVIDER_TENANT }), T0)).toMatchObject({
      ok: false,
      code: 'partner_kind_not_allowed',
    });
  });
  it('a partnership request asks for no admin privileges', () => {
    const providerPartner = { ...partner, kind: 'indirectProvider' as const };
    expect(createInvitation(newInput({ kind: 'partnership', inviter: providerPartner }), T0)).toMatchObject({
      ok: false,
      code: 'validation_failed',
    });
    const r = createInvitation(
      newInput({ kind: 'partnership', inviter: providerPartner, includeDelegatedAdmin: false }),
      T0,
    );
    expect(r.ok && r.value.delegatedAdmin).toBeUndefined();
    expect(
      createInvitation(
        newInput({
          kind: 'partnership',
          inviter: { ...providerPartner, cloud: 'germany' },
          includeDelegatedAdmin: false,
        }),
        T0,
      ).ok,
    ).toBe(true);
  });
});
