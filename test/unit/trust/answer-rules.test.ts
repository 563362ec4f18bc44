import { checkNotSelfDealing } from '../../../shared/domain/checkNotSelfDealing';
import { checkPartnerStanding } from '../../../shared/domain/checkPartnerStanding';
import { checkStillAllowed } from '../../../shared/domain/checkStillAllowed';
import { createInvitation } from '../../../shared/domain/createInvitation';
import { invitationDeadlines } from '../../../shared/domain/deadlines';
import { validateDelegatedAdmin } from '../../../shared/domain/delegatedAdmin';
import { GLOBAL_ADMINISTRATOR } from '../../../shared/domain/directoryRoles';
import { type AppError, errorStatus } from '../../../shared/http/errors';
import { invitationCreateSchema } from '../../../shared/schemas/invitations';
import { parseInput } from '../../../shared/schemas/parse';
import { newInput, partner, PARTNER_TENANT, provider, PROVIDER_TENANT, T0 } from '../domain/fixtures';

const reseller = { ...partner, kind: 'indirectReseller' as const };
const active = { providerTenantId: PROVIDER_TENANT, resellerTenantId: PARTNER_TENANT, status: 'active' as const };

describe("checkStillAllowed: the send's rules about the inviting side, again at the answer", () => {
  it('a multi-party invitation needs its partnership still active: 409 partnership_ended', () => {
    const multi = { invitation: { kind: 'multiParty' as const }, inviter: reseller, provider };
    expect(checkStillAllowed({ ...multi, partnership: active }).ok).toBe(true);
    expect(checkStillAllowed({ ...multi, partnership: { ...active, status: 'removed' } })).toMatchObject({
      ok: false,
      code: 'partnership_ended',
    });
    expect(checkStillAllowed({ ...multi, partnership: undefined })).toMatchObject({
      ok: false,
      code: 'partnership_ended',
    });
    expect(
      checkStillAllowed({ ...multi, partnership: { ...active, resellerTenantId: PROVIDER_TENANT } }),
    ).toMatchObject({ ok: false, code: 'partnership_ended' });
    expect(
      checkStillAllowed({ ...multi, provider: { ...provider, kind: 'direct' }, partnership: active }),
    ).toMatchObject({ ok: false, code: 'partner_kind_not_allowed' });
    expect(errorStatus.partnership_ended).toBe(409);
  });
  it('the inviter still of a kind that sends it', () => {
    expect(checkStillAllowed({ invitation: { kind: 'customerRelationship' }, inviter: partner }).ok).toBe(true);
    expect(
      checkStillAllowed({
        invitation: { kind: 'customerRelationship' },
        inviter: { ...partner, kind: 'indirectProvider' },
      }),
    ).toMatchObject({ ok: false, code: 'partner_kind_not_allowed' });
    expect(checkStillAllowed({ invitation: { kind: 'partnership' }, inviter: provider }).ok).toBe(true);
  });
  it("a suspended inviter or provider: 403 partner_suspended (the status is the operator's; absent = active)", () => {
    expect(checkPartnerStanding({ name: 'X' }).ok).toBe(true);
    expect(checkPartnerStanding({ name: 'X', status: 'active' }).ok).toBe(true);
    expect(checkPartnerStanding({ name: 'X', status: 'suspended' })).toMatchObject({
      ok: false,
      code: 'partner_suspended',
    });
    expect(
      checkStillAllowed({ invitation: { kind: 'customerRelationship' }, inviter: { ...partner, status: 'suspended' } }),
    ).toMatchObject({ ok: false, code: 'partner_suspended' });
    expect(
      checkStillAllowed({
        invitation: { kind: 'multiParty' },
        inviter: reseller,
        provider: { ...provider, status: 'suspended' },
        partnership: active,
      }),
    ).toMatchObject({ ok: false, code: 'partner_suspended' });
    expect(errorStatus.partner_suspended).toBe(403);
  });
});

describe('no self-dealing', () => {
  it('the counterpart is neither the inviter nor its provider, whatever the case of the GUID', () => {
    const side = { partnerTenantId: PARTNER_TENANT, providerTenantId: PROVIDER_TENANT };
    expect(checkNotSelfDealing(side, PARTNER_TENANT.toUpperCase())).toMatchObject({
      ok: false,
      code: 'self_relationship',
    });
    expect(checkNotSelfDealing(side, PROVIDER_TENANT)).toMatchObject({ ok: false, code: 'self_relationship' });
    expect(checkNotSelfDealing(side, undefined).ok).toBe(true);
    expect(checkNotSelfDealing({ partnerTenantId: PARTNER_TENANT }, PROVIDER_TENANT).ok).toBe(true);
    expect(errorStatus.self_relationship).toBe(422);
  });
  it('an invitation bound to the inviting side is refused at the send', () => {
    expect(createInvitation(newInput({ customerTenantId: PARTNER_TENANT }), T0)).toMatchObject({
      ok: false,
      code: 'self_relationship',
    });
    const multi = newInput({
      kind: 'multiParty',
      inviter: reseller,
      providerTenantId: PROVIDER_TENANT,
      customerTenantId: PROVIDER_TENANT,
    });
    expect(createInvitation(multi, T0)).toMatchObject({ ok: false, code: 'self_relationship' });
    const partnership = newInput({
      kind: 'partnership',
      inviter: provider,
      includeDelegatedAdmin: false,
      customerTenantId: PROVIDER_TENANT,
    });
    expect(createInvitation(partnership, T0)).toMatchObject({ ok: false, code: 'self_relationship' });
  });
});

describe('consistent refusals: one status per kind of refusal', () => {
  it.each([
    ['region_mismatch', 422],
    ['partner_kind_not_allowed', 422],
    ['self_relationship', 422],
    ['admin_privileges_required', 422],
    ['partner_suspended', 403],
    ['reseller_not_enrolled', 403],
    ['partnership_required', 409],
    ['partnership_ended', 409],
    ['already_partners', 409],
  ] as const)('%s is %i', (code, status) => {
    expect(errorStatus[code]).toBe(status);
  });
  it('the 1–90-day lifetime and the 1–730-day duration refuse with 400 in the domain as in the request schema', () => {
    const statusOf = (r: { ok: boolean; code?: keyof typeof errorStatus }) => (r.ok ? 200 : errorStatus[r.code!]);
    expect(statusOf(invitationDeadlines(T0, 91))).toBe(400);
    expect(
      statusOf(validateDelegatedAdmin({ roles: [GLOBAL_ADMINISTRATOR], duration: 'P731D', autoExtend: false })),
    ).toBe(400);
    const thrown = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as AppError).status;
      }
      return 200;
    };
    expect(thrown(() => parseInput(invitationCreateSchema, { recipientEmail: 'a@b.example', expiresInDays: 91 }))).toBe(
      400,
    );
    expect(
      thrown(() =>
        parseInput(invitationCreateSchema, {
          recipientEmail: 'a@b.example',
          delegatedAdmin: { roles: [GLOBAL_ADMINISTRATOR], duration: 'P731D' },
        }),
      ),
    ).toBe(400);
  });
});
