import fc from 'fast-check';
import {
  AUTO_EXTEND_DAYS,
  canAutoExtend,
  grantEnd,
  grantRenewal,
  isGrantExpired,
} from '../../../shared/domain/grantPeriod';
import { grantFromInvitation } from '../../../shared/domain/grantFromInvitation';
import { GLOBAL_ADMINISTRATOR } from '../../../shared/domain/directoryRoles';
import { grantId } from '../../../shared/domain/ids';
import type { Grant } from '../../../shared/domain/partner';
import { transition } from '../../../shared/domain/transition';
import { at, CUSTOMER_TENANT, customerAdmin, DAY, pendingInvitation, T0 } from './fixtures';

const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const grant = (over: Partial<Grant> = {}): Grant => ({
  id: 'g',
  partnerTenantId: 'p',
  customerTenantId: 'c',
  invitationId: 'i',
  roles: [USER_ADMIN],
  duration: 'P10D',
  autoExtend: false,
  startsAt: T0.toISOString(),
  endsAt: at(10).toISOString(),
  status: 'active',
  ...over,
});

describe('grant period', () => {
  it('end = start + duration, always (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 730 }),
        (start, days) => {
          expect(Date.parse(grantEnd(start, `P${days}D`)) - start.getTime()).toBe(days * DAY);
        },
      ),
    );
    expect(() => grantEnd(T0, 'P0D')).toThrow(RangeError);
  });

  it('expired at and after the end unless it auto-extends; removed grants are not "expired"', () => {
    expect(isGrantExpired(grant(), at(9.99))).toBe(false);
    expect(isGrantExpired(grant(), at(10))).toBe(true);
    expect(isGrantExpired(grant({ autoExtend: true }), at(50))).toBe(false);
    expect(isGrantExpired(grant({ status: 'expired' }), at(1))).toBe(true);
    expect(isGrantExpired(grant({ status: 'removed' }), at(50))).toBe(false);
  });

  it('auto-extension adds 180 days, as often as missed, never with Global Administrator', () => {
    expect(grantRenewal(grant({ autoExtend: true }), at(5))).toEqual({ action: 'none' });
    expect(grantRenewal(grant({ autoExtend: true }), at(10))).toEqual({
      action: 'extend',
      endsAt: at(10 + AUTO_EXTEND_DAYS).toISOString(),
    });
    expect(grantRenewal(grant({ autoExtend: true }), at(400))).toEqual({
      action: 'extend',
      endsAt: at(10 + 3 * AUTO_EXTEND_DAYS).toISOString(),
    });
    expect(grantRenewal(grant(), at(10))).toEqual({ action: 'expire' });
    const ga = grant({ autoExtend: true, roles: [GLOBAL_ADMINISTRATOR] });
    expect(canAutoExtend(ga)).toBe(false);
    expect(grantRenewal(ga, at(10))).toEqual({ action: 'expire' });
    expect(grantRenewal(grant({ status: 'removed' }), at(20))).toEqual({ action: 'none' });
  });

  it('an accepted invitation yields its grant: deterministic id, start at acceptance, end = start + duration', () => {
    const inv = pendingInvitation({ delegatedAdmin: { roles: [USER_ADMIN], duration: 'P45D', autoExtend: true } });
    expect(grantFromInvitation(inv, CUSTOMER_TENANT)).toMatchObject({ ok: false, code: 'conflict' });
    const r = transition(inv, { type: 'accept', by: customerAdmin }, at(2));
    if (!r.ok) throw new Error('refused');
    expect(grantFromInvitation(r.value.invitation, CUSTOMER_TENANT)).toEqual({
      ok: true,
      value: {
        id: grantId(inv.id),
        partnerTenantId: inv.partnerTenantId,
        customerTenantId: CUSTOMER_TENANT,
        invitationId: inv.id,
        roles: [USER_ADMIN],
        duration: 'P45D',
        autoExtend: true,
        startsAt: at(2).toISOString(),
        endsAt: at(47).toISOString(),
        status: 'active',
      },
    });
    const noAdmin = transition(
      pendingInvitation({ includeDelegatedAdmin: false }),
      { type: 'accept', by: customerAdmin },
      at(1),
    );
    if (!noAdmin.ok) throw new Error('refused');
    expect(grantFromInvitation(noAdmin.value.invitation, CUSTOMER_TENANT)).toEqual({ ok: true, value: undefined });
  });
});
