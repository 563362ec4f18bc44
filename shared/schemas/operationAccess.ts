import { type Action, appRoleActions, roleMatrix } from '../auth/roles';

/** The customer-side caller: a Global Administrator (directory role) of the customer tenant itself. */
export const CUSTOMER_GLOBAL_ADMIN = 'Customer:GlobalAdministrator';

/** Who may call an operation: role-matrix actions (partner roles) and/or the customer's Global admin. */
export interface OperationAccess {
  /** Role-matrix actions the operation checks, any one of which allows it (see `note` for how they split). */
  actions?: readonly Action[];
  /** A Global Administrator of the customer tenant (the `wids` claim), on its own tenant. */
  customerGlobalAdmin?: boolean;
  /** Anyone (no token). */
  anonymous?: boolean;
  note?: string;
}

/**
 * Who may call each documented operation, by operationId; the document's `x-required-roles` and the
 * "Who may call" line of each description are generated from this and roleMatrix (shared/auth/roles.ts).
 * A unit test fails when a documented operation has no entry here.
 */
export const operationAccess: Record<string, OperationAccess> = {
  getPartner: { actions: ['partner.read'] },
  putPartner: {
    note: 'nobody: it answers 405, since partners are enrolled by the program operator (PUT /api/program/partners/{tenantId}) or ask to join (POST /api/enrolment-requests)',
  },
  patchPartner: { actions: ['partner.updateContacts'] },
  getEnrolmentRequest: {
    actions: ['enrolment.request'],
    note: "the applying tenant's Global Administrator reads its own tenant's requests",
  },
  requestEnrolment: {
    actions: ['enrolment.request'],
    note: "a Global Administrator (directory role, the token's wids) of the applying tenant",
  },
  listProgramPartners: { actions: ['program.partners.read'] },
  getProgramPartner: { actions: ['program.partners.read'] },
  putProgramPartner: { actions: ['program.partners.manage'] },
  suspendProgramPartner: { actions: ['program.partners.manage'] },
  reinstateProgramPartner: { actions: ['program.partners.manage'] },
  listEnrolmentRequests: { actions: ['program.enrolments.manage'] },
  approveEnrolmentRequest: { actions: ['program.enrolments.manage'] },
  rejectEnrolmentRequest: { actions: ['program.enrolments.manage'] },
  draftInvitation: { actions: ['invitation.draft'] },
  createInvitation: {
    actions: ['invitation.create.withoutAdmin', 'invitation.create.withAdmin'],
    note: 'asking for delegated admin privileges (includeDelegatedAdmin, the default) needs invitation.create.withAdmin',
  },
  listInvitations: { actions: ['invitation.read'] },
  getInvitation: { actions: ['invitation.read'] },
  resendInvitation: { actions: ['invitation.resend'] },
  revokeInvitation: { actions: ['invitation.revoke'] },
  acceptInvitation: {
    customerGlobalAdmin: true,
    actions: ['partnership.accept'],
    note: "a customer invitation is accepted by the invited tenant's Global Administrator; a partnership request by the reseller's partner admins (partnership.accept)",
  },
  declineInvitation: {
    customerGlobalAdmin: true,
    actions: ['partnership.accept'],
    note: "the invited tenant's Global Administrator, or for a partnership request the reseller's partner admins",
  },
  listCustomers: { actions: ['customer.read'] },
  getCustomer: { actions: ['customer.read'] },
  removeRelationship: { actions: ['customer.removeRelationship'] },
  requestGrantRenewal: {
    actions: ['grant.renewal.request'],
    note: 'the roles that may invite a customer with delegated admin privileges (invitation.create.withAdmin)',
  },
  listMyPartners: { customerGlobalAdmin: true },
  removeMyGrant: { customerGlobalAdmin: true },
  listAudit: {
    actions: ['audit.read', 'program.audit.read'],
    customerGlobalAdmin: true,
    note: "each caller reads its own tenant's trail",
  },
  health: { anonymous: true },
  invitationLanding: { anonymous: true },
  signinReturn: { anonymous: true },
  landingAsset: { anonymous: true },
  getOpenApi: { anonymous: true },
  requestPartnership: { actions: ['partnership.request'] },
  createMultiPartyInvitation: {
    actions: ['invitation.create.withoutAdmin', 'invitation.create.withAdmin'],
    note: 'asking for delegated admin privileges needs invitation.create.withAdmin',
  },
  listIndirectResellers: { actions: ['partnership.read'] },
  listIndirectProviders: { actions: ['partnership.read'] },
  removePartnership: { actions: ['partnership.remove'] },
  createCustomerForReseller: { actions: ['customer.create'] },
  createSubscription: { actions: ['subscription.manage'] },
  listSubscriptions: { actions: ['subscription.read'] },
  updateSubscription: { actions: ['subscription.manage'] },
  listOffers: { actions: ['subscription.read'] },
  createRoleTemplate: { actions: ['roleTemplate.manage'] },
  listRoleTemplates: { actions: ['roleTemplate.read'] },
  getRoleTemplate: { actions: ['roleTemplate.read'] },
  patchRoleTemplate: { actions: ['roleTemplate.manage'] },
  deleteRoleTemplate: { actions: ['roleTemplate.manage'] },
  createInvitationBatch: {
    actions: ['invitationBatch.create'],
    note: 'each row needs its own action too: invitation.create.withAdmin for a row naming a role template, invitation.create.withoutAdmin otherwise, partnership.request for a partnership row (a row the role does not allow is rejected, 403 forbidden as its error)',
  },
  getInvitationBatch: { actions: ['invitationBatch.read'] },
  listInvitationBatchResults: { actions: ['invitationBatch.read'] },
  cancelInvitationBatch: { actions: ['invitationBatch.cancel'] },
  createWebhook: {
    actions: ['webhook.manage', 'program.webhooks.manage'],
    note: "each caller manages its own tenant's endpoints; the program operator's receive partner.* events",
  },
  listWebhooks: {
    actions: ['webhook.read', 'program.webhooks.manage'],
    note: "each caller reads its own tenant's endpoints",
  },
  getWebhook: {
    actions: ['webhook.read', 'program.webhooks.manage'],
    note: "each caller reads its own tenant's endpoints",
  },
  patchWebhook: {
    actions: ['webhook.manage', 'program.webhooks.manage'],
    note: "each caller manages its own tenant's endpoints; the program operator's receive partner.* events",
  },
  deleteWebhook: {
    actions: ['webhook.manage', 'program.webhooks.manage'],
    note: "each caller manages its own tenant's endpoints; the program operator's receive partner.* events",
  },
  rotateWebhookSecret: {
    actions: ['webhook.manage', 'program.webhooks.manage'],
    note: "each caller manages its own tenant's endpoints; the program operator's receive partner.* events",
  },
  testWebhook: {
    actions: ['webhook.manage', 'program.webhooks.manage'],
    note: "each caller manages its own tenant's endpoints; the program operator's receive partner.* events",
  },
  replayWebhook: {
    actions: ['webhook.manage', 'program.webhooks.manage'],
    note: "each caller manages its own tenant's endpoints; the program operator's receive partner.* events",
  },
  listWebhookDeliveries: {
    actions: ['webhook.read', 'program.webhooks.manage'],
    note: "each caller reads its own tenant's endpoints",
  },
};

/** The roles that may call an operation: partner roles of its actions, plus the customer's Global admin. */
export function requiredRoles(a: OperationAccess): string[] {
  const partner = new Set<string>((a.actions ?? []).flatMap((x) => [...roleMatrix[x]]));
  return [...partner, ...appRolesFor(a), ...(a.customerGlobalAdmin ? [CUSTOMER_GLOBAL_ADMIN] : [])];
}

/** The application permissions (app-only tokens) that allow any of the operation's actions. */
export function appRolesFor(a: OperationAccess): string[] {
  return Object.entries(appRoleActions)
    .filter(([, allowed]) => (a.actions ?? []).some((x) => (allowed as readonly Action[]).includes(x)))
    .map(([role]) => role);
}

/** The "Who may call" sentence of an operation's description. */
export function whoMayCall(a: OperationAccess): string {
  if (a.anonymous) return 'Who may call: anyone (no token).';
  const parts = (a.actions ?? []).map((x) => `${roleMatrix[x].join(', ')} (${x})`);
  const apps = appRolesFor(a);
  if (apps.length > 0) parts.push(`an app (client credentials) with the application permission ${apps.join(' or ')}`);
  if (a.customerGlobalAdmin) parts.push(`the customer tenant's Global Administrator (${CUSTOMER_GLOBAL_ADMIN})`);
  return `Who may call: ${parts.join('; or ')}${a.note ? `. Note: ${a.note}` : ''}.`;
}
