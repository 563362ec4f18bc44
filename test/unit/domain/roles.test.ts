import { withProgramRoles } from '../../../shared/auth/authenticate';
import { GLOBAL_ADMINISTRATOR_WID } from '../../../shared/auth/caller';
import {
  actions,
  can,
  createInvitationAction,
  partnerRoles,
  principalsOf,
  PROGRAM_ADMIN,
  requireRole,
  TENANT_GLOBAL_ADMIN,
  type Action,
  type PartnerRole,
} from '../../../shared/auth/roles';
import { AppError } from '../../../shared/http/errors';

// The expected matrix, written out independently of shared/auth/roles.ts: G=GlobalAdmin, A=AdminAgent,
// S=SalesAgent, U=UserManagementAdmin, H=HelpdeskAgent.
const expected: Record<Action, string> = {
  'partner.read': 'GASUH',
  'partner.updateContacts': 'G  U ',
  'invitation.draft': 'GAS  ',
  'invitation.create.withAdmin': 'GA   ',
  'invitation.create.withoutAdmin': 'GAS  ',
  // Renewal of a grant (issue 17): who may invite with admin privileges.
  'grant.renewal.request': 'GA   ',
  'invitation.read': 'GAS H',
  'invitation.revoke': 'GAS  ',
  'invitation.resend': 'GAS  ',
  'customer.read': 'GAS H',
  'customer.removeRelationship': 'GA   ',
  'customer.create': 'GAS  ',
  'audit.read': 'GA   ',
  'partnership.request': 'GAS  ',
  'partnership.accept': 'GA   ',
  'partnership.read': 'GAS H',
  'partnership.remove': 'GA   ',
  'subscription.read': 'GAS H',
  'subscription.manage': 'GAS  ',
  // Role templates: the admins who may ask for admin privileges keep them; the readers see them.
  'roleTemplate.manage': 'GA   ',
  'roleTemplate.read': 'GAS H',
  // Invitation batches: who may invite (each row's own action is checked again); readers follow them.
  'invitationBatch.create': 'GAS  ',
  'invitationBatch.read': 'GAS H',
  'invitationBatch.cancel': 'GAS  ',
  'webhook.manage': 'GA   ',
  'webhook.read': 'GA   ',
  // Not partner actions: the customer's (or applicant's) Global administrator, and the operator.
  'invitation.accept': '     ',
  'customer.partners.read': '     ',
  'customer.grant.remove': '     ',
  'customer.audit.read': '     ',
  'enrolment.request': '     ',
  'program.partners.read': '     ',
  'program.partners.manage': '     ',
  'program.enrolments.manage': '     ',
  'program.audit.read': '     ',
  'program.webhooks.manage': '     ',
};
const customerSide = [
  'invitation.accept',
  'customer.partners.read',
  'customer.grant.remove',
  'customer.audit.read',
  'enrolment.request',
];
const operatorSide = [
  'program.partners.read',
  'program.partners.manage',
  'program.enrolments.manage',
  'program.audit.read',
  'program.webhooks.manage',
];
const letter: Record<PartnerRole, string> = {
  GlobalAdmin: 'G',
  AdminAgent: 'A',
  SalesAgent: 'S',
  UserManagementAdmin: 'U',
  HelpdeskAgent: 'H',
};

describe('role matrix', () => {
  it('covers exactly the expected actions', () => {
    expect([...actions].sort()).toEqual(Object.keys(expected).sort());
  });

  const cells = actions.flatMap((action) =>
    partnerRoles.map((role) => [action, role, expected[action].includes(letter[role])] as const),
  );
  it.each(cells)('%s by %s: %s', (action, role, allowed) => {
    expect(can([role], action)).toBe(allowed);
  });

  it('Global admin may do every partner action; User management admin only the partner profile', () => {
    expect(actions.filter((a) => can(['GlobalAdmin'], a))).toEqual(
      actions.filter((a) => ![...customerSide, ...operatorSide].includes(a)),
    );
    expect(actions.filter((a) => can(['UserManagementAdmin'], a))).toEqual(['partner.read', 'partner.updateContacts']);
  });

  it('the operator (ProgramAdmin) does only the program actions; a directory Global admin only the customer and applicant ones', () => {
    expect(actions.filter((a) => can([PROGRAM_ADMIN], a)).sort()).toEqual([...operatorSide].sort());
    expect(actions.filter((a) => can([TENANT_GLOBAL_ADMIN], a)).sort()).toEqual([...customerSide].sort());
    expect(principalsOf({ roles: [], wids: [GLOBAL_ADMINISTRATOR_WID] })).toEqual([TENANT_GLOBAL_ADMIN]);
    expect(principalsOf({ roles: ['GlobalAdmin'], wids: [] })).toEqual(['GlobalAdmin']);
  });

  it('ProgramAdmin counts from the operator tenant only: authenticate drops it from every other tenant', () => {
    const base = {
      tenantId: 'd1000000-0000-4000-8000-000000000001',
      userId: 'f0000000-0000-4000-8000-000000010001',
      email: 'a@b.example',
      roles: ['ProgramAdmin', 'GlobalAdmin'],
      wids: [],
      scopes: [],
    };
    expect(withProgramRoles(base, 'a1000000-0000-4000-8000-000000000001').roles).toEqual(['GlobalAdmin']);
    expect(withProgramRoles(base, undefined).roles).toEqual(['GlobalAdmin']);
    expect(
      withProgramRoles(
        { ...base, tenantId: 'a1000000-0000-4000-8000-000000000001' },
        'a1000000-0000-4000-8000-000000000001',
      ).roles,
    ).toEqual(['ProgramAdmin', 'GlobalAdmin']);
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
    expect(() => requireRole({ roles: ['AdminAgent'] }, 'partnership.accept')).not.toThrow();
    try {
      requireRole({ roles: ['SalesAgent'] }, 'partnership.accept');
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect([(e as AppError).code, (e as AppError).status]).toEqual(['forbidden', 403]);
    }
  });
});
