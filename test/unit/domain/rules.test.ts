import { checkSameRegion } from '../../../shared/domain/checkSameRegion';
import { acceptancePortal, checkCloudRule } from '../../../shared/domain/cloudRules';
import { invitationDeadlines, reminderSchedule } from '../../../shared/domain/deadlines';
import { defaultDelegatedAdmin, durationDays, validateDelegatedAdmin } from '../../../shared/domain/delegatedAdmin';
import { directoryRoleName, GLOBAL_ADMINISTRATOR, HELPDESK_ADMINISTRATOR } from '../../../shared/domain/directoryRoles';
import { effectiveStatus } from '../../../shared/domain/effectiveStatus';
import { regionOf, regions } from '../../../shared/domain/regions';
import { at, pendingInvitation, T0 } from './fixtures';

const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

describe('region rule', () => {
  it.each([
    ['SE', 'SE'],
    ['SE', 'de'],
    ['GB', 'FR'],
    ['NO', 'CH'],
    ['US', 'UM'],
    ['MX', 'AR'],
    ['ZA', 'KE'],
    ['CA', 'CA'],
    ['BR', 'BR'],
  ])('%s partner with %s customer: allowed', (p, c) => {
    expect(checkSameRegion(p, c).ok).toBe(true);
  });
  it.each([
    ['SE', 'US'],
    ['US', 'CA'],
    ['BR', 'AR'],
    ['AU', 'NZ'],
    ['JP', 'KR'],
    ['DE', 'TR'],
  ])('%s partner with %s customer: refused', (p, c) => {
    expect(checkSameRegion(p, c)).toMatchObject({ ok: false, code: 'region_mismatch' });
  });
  it('an unknown or malformed customer country is refused', () => {
    expect(checkSameRegion('SE', undefined)).toMatchObject({ ok: false, code: 'region_mismatch' });
    expect(checkSameRegion('SE', 'Sweden')).toMatchObject({ ok: false, code: 'region_mismatch' });
  });
  it('the table: every code is ISO alpha-2 and in exactly one region; others are single-country markets', () => {
    const all = Object.values(regions).flat();
    expect(all.every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
    expect(new Set(all).size).toBe(all.length);
    expect(regionOf('se')).toBe('europe');
    expect(regionOf('BR')).toBe('country:BR');
  });
});

describe('cloud rule and acceptance portal', () => {
  it('without admin privileges is refused in usgov and germany only', () => {
    expect(checkCloudRule('public', false).ok).toBe(true);
    expect(checkCloudRule('usgov', false)).toMatchObject({ ok: false, code: 'admin_privileges_required' });
    expect(checkCloudRule('germany', false)).toMatchObject({ ok: false, code: 'admin_privileges_required' });
    expect(checkCloudRule('usgov', true).ok && checkCloudRule('germany', true).ok).toBe(true);
  });
  it('public customers accept in the admin center, national clouds in the Office admin portal', () => {
    expect(acceptancePortal('public').name).toMatch(/admin center/);
    expect(acceptancePortal('usgov').name).toMatch(/Office admin portal/);
    expect(acceptancePortal('germany').url).toMatch(/^https:\/\//);
  });
});

describe('delegated admin validation', () => {
  it('durations P1D..P730D only', () => {
    expect([durationDays('P1D'), durationDays('P730D'), durationDays('P90D')]).toEqual([1, 730, 90]);
    for (const bad of ['P0D', 'P731D', 'P01D', 'P1W', 'PT24H', 'P1.5D', '30', 'p30d', 'P1000D'])
      expect(durationDays(bad)).toBeUndefined();
    expect(validateDelegatedAdmin({ roles: [USER_ADMIN], duration: 'P731D', autoExtend: false })).toMatchObject({
      ok: false,
      code: 'bad_request',
    });
  });
  it('roles: non-empty, known, de-duplicated and lower-cased', () => {
    expect(validateDelegatedAdmin({ roles: [], duration: 'P30D', autoExtend: false })).toMatchObject({
      ok: false,
      code: 'validation_failed',
    });
    expect(
      validateDelegatedAdmin({ roles: ['00000000-0000-4000-8000-000000000000'], duration: 'P30D', autoExtend: false }),
    ).toMatchObject({ ok: false });
    const r = validateDelegatedAdmin({
      roles: [USER_ADMIN.toUpperCase(), USER_ADMIN],
      duration: 'P30D',
      autoExtend: true,
    });
    expect(r).toEqual({ ok: true, value: { roles: [USER_ADMIN], duration: 'P30D', autoExtend: true } });
  });
  it('auto-extend is not allowed with Global Administrator', () => {
    expect(
      validateDelegatedAdmin({ roles: [USER_ADMIN, GLOBAL_ADMINISTRATOR], duration: 'P30D', autoExtend: true }),
    ).toMatchObject({ ok: false, code: 'auto_extend_not_allowed' });
    expect(validateDelegatedAdmin({ roles: [GLOBAL_ADMINISTRATOR], duration: 'P30D', autoExtend: false }).ok).toBe(
      true,
    );
  });
  it('the default mirrors classic DAP: Global + Helpdesk Administrator, 730 days, no auto-extension', () => {
    expect(defaultDelegatedAdmin()).toEqual({
      roles: [GLOBAL_ADMINISTRATOR, HELPDESK_ADMINISTRATOR],
      duration: 'P730D',
      autoExtend: false,
    });
    expect(validateDelegatedAdmin(defaultDelegatedAdmin()).ok).toBe(true);
    expect(directoryRoleName(GLOBAL_ADMINISTRATOR.toUpperCase())).toBe('Global Administrator');
  });
});

describe('invitation deadlines', () => {
  it('defaults: 30 days, reminder 3 days before', () => {
    expect(invitationDeadlines(T0)).toEqual({
      ok: true,
      value: { expiresAt: at(30).toISOString(), reminders: [at(27).toISOString()] },
    });
  });
  it('expiresInDays 1..90 whole days', () => {
    for (const bad of [0, 91, 1.5, -3])
      expect(invitationDeadlines(T0, bad)).toMatchObject({ ok: false, code: 'bad_request' });
    expect(invitationDeadlines(T0, 90)).toMatchObject({ ok: true, value: { expiresAt: at(90).toISOString() } });
  });
  it('no reminder when it would fall at or before creation, or when 0 days before', () => {
    expect(invitationDeadlines(T0, 3)).toEqual({ ok: true, value: { expiresAt: at(3).toISOString(), reminders: [] } });
    expect(invitationDeadlines(T0, 1)).toEqual({ ok: true, value: { expiresAt: at(1).toISOString(), reminders: [] } });
    expect(invitationDeadlines(T0, 4)).toMatchObject({ ok: true, value: { reminders: [at(1).toISOString()] } });
    expect(invitationDeadlines(T0, 30, 0)).toEqual({
      ok: true,
      value: { expiresAt: at(30).toISOString(), reminders: [] },
    });
    expect(invitationDeadlines(T0, 30, [0])).toEqual({
      ok: true,
      value: { expiresAt: at(30).toISOString(), reminders: [] },
    });
  });
  it('a schedule of reminders: earliest first, each a number of days before the deadline, repeats and impossible ones left out', () => {
    expect(invitationDeadlines(T0, 30, [3, 14, 7, 3])).toEqual({
      ok: true,
      value: { expiresAt: at(30).toISOString(), reminders: [at(16), at(23), at(27)].map((d) => d.toISOString()) },
    });
    expect(invitationDeadlines(T0, 10, [3, 10, 12])).toEqual({
      ok: true,
      value: { expiresAt: at(10).toISOString(), reminders: [at(7).toISOString()] },
    });
    expect(invitationDeadlines(T0, 30, [])).toEqual({
      ok: true,
      value: { expiresAt: at(30).toISOString(), reminders: [] },
    });
    for (const bad of [[-1], [1.5], Array.from({ length: 11 }, (_, i) => i + 1)])
      expect(invitationDeadlines(T0, 30, bad)).toMatchObject({ ok: false, code: 'validation_failed' });
  });
  it("an invitation's schedule: its reminders, or the one reminderAt of a document written before the schedule", () => {
    expect(
      reminderSchedule({ reminders: [at(16).toISOString(), at(27).toISOString()], reminderAt: at(16).toISOString() }),
    ).toEqual([at(16).toISOString(), at(27).toISOString()]);
    expect(reminderSchedule({ reminderAt: at(27).toISOString() })).toEqual([at(27).toISOString()]);
    expect(reminderSchedule({})).toEqual([]);
  });
  it('a pending invitation past its deadline reads as expired', () => {
    const inv = pendingInvitation();
    expect([
      effectiveStatus(inv, at(29)),
      effectiveStatus(inv, at(30)),
      effectiveStatus({ ...inv, status: 'accepted' }, at(40)),
    ]).toEqual(['pending', 'expired', 'accepted']);
  });
});
