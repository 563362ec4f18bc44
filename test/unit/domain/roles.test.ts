import { actions, can, createInvitationAction, partnerRoles, requireRole, type Action, type PartnerRole } from '../../../shared/auth/roles';
import { AppError } from '../../../shared/http/errors';

// The expected matrix, written out independently of shared/auth/roles.ts: G=GlobalAdmin, A=AdminAgent,
// S=SalesAgent, U=UserManagementAdmin, H=HelpdeskAgent.
const expected: Record<Action, string> = {
  'partner.read': 'GASUH',
  'partner.update': 'G  U ',
  'invitation.draft': 'GAS  ',
  'invitation.create.withAdmin': 'GA   ',
  'invitation.create.withoutAdmin': 'GAS  ',
  'invitation.read': 'GAS H',
  'invitation.revoke': 'GAS  ',
  'invitation.resend': 'GAS  ',
  'customer.read': 'GAS H',
  'customer.removeRelationship': 'GA   ',
  'customer.create': 'GAS  ',
  'grant.manage': 'GA   ',
  'audit.read': 'GA   ',
  'partnership.request': 'GAS  ',
  'partnership.accept': 'GA   ',
  'partnership.read': 'GAS H',
  'partnership.remove': 'GA   ',
  'subscription.read': 'GAS H',
  'subscription.manage': 'GAS  ',
};
const letter: Record<PartnerRole, string> = { GlobalAdmin: 'G', AdminAgent: 'A', SalesAgent: 'S', UserManagementAdmin: 'U', HelpdeskAgent: 'H' };

describe('role matrix', () => {
  it('covers exactly the expected actions', () => {
    expect([...actions].sort()).toEqual(Object.keys(expected).sort());
  });

  const cells = actions.flatMap((action) => partnerRoles.map((role) => [action, role, expected[action].includes(letter[role])] as const));
  it.each(cells)('%s by %s: %s', (action, role, allowed) => {
    expect(can([role], action)).toBe(allowed);
  });

  it('Global admin may do everything; User management admin only the partner profile', () => {
    expect(actions.every((a) => can(['GlobalAdmin'], a))).toBe(true);
    expect(actions.filter((a) => can(['UserManagementAdmin'], a))).toEqual(['partner.read', 'partner.update']);
  });

  it('Helpdesk agent only reads', () => {
    expect(actions.filter((a) => can(['HelpdeskAgent'], a)).every((a) => a.endsWith('.read'))).toBe(true);
  });

  it('roles combine; unknown, empty or differently-cased roles grant nothing', () => {
    expect(can(['UserManagementAdmin', 'SalesAgent'], 'invitation.create.withoutAdmin')).toBe(true);
    expect(can([], 'partner.read')).toBe(false);
    expect(can(['globaladmin', 'Admin', 'customer.read'], 'customer.read')).toBe(false);
  });

  it('asking for admin privileges needs the admin create action', () => {
    expect(createInvitationAction(true)).toBe('invitation.create.withAdmin');
    expect(createInvitationAction(false)).toBe('invitation.create.withoutAdmin');
    expect(can(['SalesAgent'], createInvitationAction(true))).toBe(false);
  });

  it('requireRole throws AppError forbidden (403) and passes silently when allowed', () => {
    expect(() => requireRole({ roles: ['AdminAgent'] }, 'grant.manage')).not.toThrow();
    try {
      requireRole({ roles: ['SalesAgent'] }, 'grant.manage');
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect([(e as AppError).code, (e as AppError).status]).toEqual(['forbidden', 403]);
    }
  });
});
