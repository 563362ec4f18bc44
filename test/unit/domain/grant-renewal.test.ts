// Renewal requests (issue 17): who may ask for what, and what an accepted renewal does to its grant.
import { createInvitation } from '../../../shared/domain/createInvitation';
import { GLOBAL_ADMINISTRATOR, HELPDESK_ADMINISTRATOR } from '../../../shared/domain/directoryRoles';
import { checkRenewalRequest, renewedGrant } from '../../../shared/domain/grantRenewal';
import type { Grant } from '../../../shared/domain/partner';
import { transition } from '../../../shared/domain/transition';
import { INVITATION_LINK_PLACEHOLDER } from '../../../shared/domain/invitationLink';
import { defaultRenewalEmail } from '../../../shared/email/renewalTemplate';
import { errorStatus } from '../../../shared/http/errors';
import { at, CUSTOMER_TENANT, customerAdmin, newInput, PARTNER_TENANT, pendingInvitation, T0 } from './fixtures';

const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const GRANT_ID = '66666666-6666-4666-8666-666666666666';
const grant = (over: Partial<Grant> = {}): Grant => ({
  id: GRANT_ID,
  partnerTenantId: PARTNER_TENANT,
  customerTenantId: CUSTOMER_TENANT,
  invitationId: 'i',
  roles: [USER_ADMIN, HELPDESK_ADMINISTRATOR],
  duration: 'P30D',
  autoExtend: false,
  startsAt: T0.toISOString(),
  endsAt: at(30).toISOString(),
  status: 'active',
  ...over,
});
const ask = (roles: string[], duration = 'P90D', autoExtend = false) => ({ roles, duration, autoExtend });
const renewal = (roles = [HELPDESK_ADMINISTRATOR], duration = 'P90D') =>
  pendingInvitation({
    kind: 'renewal',
    grantId: GRANT_ID,
    customerTenantId: CUSTOMER_TENANT,
    delegatedAdmin: ask(roles, duration),
  });

describe('asking for a renewal', () => {
  it('the same or fewer roles of an active grant of the caller, normalised', () => {
    const r = checkRenewalRequest(grant(), PARTNER_TENANT, ask([HELPDESK_ADMINISTRATOR.toUpperCase()]), at(20));
    expect(r).toEqual({ ok: true, value: ask([HELPDESK_ADMINISTRATOR]) });
    expect(checkRenewalRequest(grant(), PARTNER_TENANT, ask([USER_ADMIN, HELPDESK_ADMINISTRATOR]), at(20)).ok).toBe(
      true,
    );
  });

  it.each([
    ['missing grant', undefined, ask([HELPDESK_ADMINISTRATOR]), 'not_found', 404],
    [
      "another partner's grant",
      grant({ partnerTenantId: '99999999-9999-4999-8999-999999999999' }),
      ask([HELPDESK_ADMINISTRATOR]),
      'not_found',
      404,
    ],
    ['removed grant', grant({ status: 'removed' }), ask([HELPDESK_ADMINISTRATOR]), 'grant_not_active', 409],
    ['expired grant', grant({ status: 'expired' }), ask([HELPDESK_ADMINISTRATOR]), 'grant_not_active', 409],
    [
      'grant past its end (sweep not yet run)',
      grant({ endsAt: at(10).toISOString() }),
      ask([HELPDESK_ADMINISTRATOR]),
      'grant_not_active',
      409,
    ],
    ['a role the grant lacks', grant(), ask([GLOBAL_ADMINISTRATOR]), 'roles_not_in_grant', 400],
    [
      'auto-extension with Global Administrator',
      grant({ roles: [GLOBAL_ADMINISTRATOR] }),
      ask([GLOBAL_ADMINISTRATOR], 'P90D', true),
      'auto_extend_not_allowed',
      422,
    ],
    ['a duration beyond 730 days', grant(), ask([HELPDESK_ADMINISTRATOR], 'P731D'), 'bad_request', 400],
  ])('refuses %s', (_what, g, asked, code, status) => {
    const r = checkRenewalRequest(g, PARTNER_TENANT, asked, at(20));
    expect(r.ok ? 'ok' : r.code).toBe(code);
    expect(errorStatus[code as keyof typeof errorStatus]).toBe(status);
  });

  it('is an invitation bound to the grant and its customer, with delegated admin; no other kind names a grant', () => {
    const inv = renewal();
    expect(inv).toMatchObject({
      kind: 'renewal',
      grantId: GRANT_ID,
      customerTenantId: CUSTOMER_TENANT,
      includeDelegatedAdmin: true,
      status: 'pending',
    });
    expect(createInvitation(newInput({ kind: 'renewal', customerTenantId: CUSTOMER_TENANT }), T0).ok).toBe(false);
    expect(createInvitation(newInput({ kind: 'renewal', grantId: GRANT_ID }), T0).ok).toBe(false);
    expect(createInvitation(newInput({ grantId: GRANT_ID }), T0).ok).toBe(false);
    expect(
      createInvitation(
        newInput({
          kind: 'renewal',
          grantId: GRANT_ID,
          customerTenantId: CUSTOMER_TENANT,
          inviter: { tenantId: PARTNER_TENANT, kind: 'indirectProvider', cloud: 'public' },
        }),
        T0,
      ),
    ).toMatchObject({ ok: false, code: 'partner_kind_not_allowed' });
  });
});

describe('an accepted renewal', () => {
  const accepted = (inv = renewal(), when = at(20)) => {
    const r = transition(inv, { type: 'accept', by: customerAdmin }, when);
    if (!r.ok) throw new Error(r.code);
    return r.value.invitation;
  };

  it('extends the grant in place: roles asked, new duration from the acceptance, the old end kept for its due item', () => {
    const inv = accepted();
    const r = renewedGrant(grant(), inv, at(20));
    expect(r).toEqual({
      ok: true,
      value: {
        action: 'extend',
        grant: {
          ...grant(),
          roles: [HELPDESK_ADMINISTRATOR],
          duration: 'P90D',
          endsAt: at(110).toISOString(),
          renewal: { invitationId: inv.id, at: at(20).toISOString(), previousEndsAt: at(30).toISOString() },
        },
      },
    });
  });

  it('applied once: the grant naming the invitation is left as it is (a re-run after a crash)', () => {
    const inv = accepted();
    const first = renewedGrant(grant(), inv, at(20));
    if (!first.ok || first.value.action !== 'extend') throw new Error('not extended');
    expect(renewedGrant(first.value.grant, inv, at(21))).toEqual({ ok: true, value: { action: 'alreadyDone' } });
  });

  it('two renewals recorded out of order: the one accepted last stands, the earlier one changes nothing', () => {
    const earlier = accepted(renewal([HELPDESK_ADMINISTRATOR], 'P60D'), at(20));
    const later = accepted({ ...renewal([USER_ADMIN, HELPDESK_ADMINISTRATOR], 'P90D'), id: 'renewal-later' }, at(21));
    const byLater = renewedGrant(grant(), later, at(21));
    if (!byLater.ok || byLater.value.action !== 'extend') throw new Error('not extended');
    // The earlier acceptance's recording comes last (its orchestration was slower, or retried after a crash).
    expect(renewedGrant(byLater.value.grant, earlier, at(22))).toEqual({ ok: true, value: { action: 'superseded' } });
    // Recorded in the order accepted, the later one extends as usual.
    const byEarlier = renewedGrant(grant(), earlier, at(20));
    if (!byEarlier.ok || byEarlier.value.action !== 'extend') throw new Error('not extended');
    expect(renewedGrant(byEarlier.value.grant, later, at(21))).toMatchObject({
      ok: true,
      value: { action: 'extend', grant: { endsAt: at(111).toISOString(), renewal: { invitationId: later.id } } },
    });
  });

  it('never revives a grant removed or ended since the request', () => {
    const inv = accepted();
    expect(renewedGrant(grant({ status: 'removed' }), inv, at(20))).toMatchObject({
      ok: false,
      code: 'grant_not_active',
    });
    expect(renewedGrant(grant(), inv, at(31))).toMatchObject({ ok: false, code: 'grant_not_active' });
    expect(renewedGrant(grant({ status: 'expired' }), inv, at(31))).toMatchObject({
      ok: false,
      code: 'grant_not_active',
    });
  });

  it('extends a grant the sweep expired after the acceptance: in force when the customer accepted is what counts', () => {
    const inv = accepted(renewal(), at(29.9));
    expect(renewedGrant(grant({ status: 'expired' }), inv, at(29.9))).toMatchObject({
      ok: true,
      value: { action: 'extend', grant: { status: 'active', endsAt: at(119.9).toISOString() } },
    });
  });
});

describe('the default renewal email', () => {
  const input = {
    inviterName: 'Contoso\nInc',
    delegatedAdmin: ask([HELPDESK_ADMINISTRATOR], 'P90D', true),
    currentEndsAt: at(30).toISOString(),
    expiresInDays: 14,
  };

  it('keeps the link placeholder, names the roles, the days and the current end; the subject is one line', () => {
    const mail = defaultRenewalEmail(input);
    expect(mail.locale).toBe('en');
    expect(mail.subject).toBe('Contoso Inc asks to renew its admin privileges in your organisation');
    expect(mail.text).toContain(INVITATION_LINK_PLACEHOLDER);
    expect(mail.text).toContain('Helpdesk Administrator');
    expect(mail.text).toContain('for 90 days from your acceptance, extended automatically');
    expect(mail.text).toContain(at(30).toUTCString());
  });

  it('in Swedish when asked', () => {
    const mail = defaultRenewalEmail({ ...input, locale: 'sv' });
    expect(mail.locale).toBe('sv');
    expect(mail.subject).toContain('förnya');
    expect(mail.text).toContain(INVITATION_LINK_PLACEHOLDER);
  });
});
