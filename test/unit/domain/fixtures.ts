import type { GrantDoc } from '../../../shared/store/records';
import { createInvitation, type NewInvitationInput } from '../../../shared/domain/createInvitation';
import type { Actor, Invitation } from '../../../shared/domain/invitation';
import { INVITATION_LINK_PLACEHOLDER } from '../../../shared/domain/invitationLink';
import type { Partner } from '../../../shared/domain/partner';
import { hashToken } from '../../../shared/domain/token';

export const T0 = new Date('2025-03-01T12:00:00.000Z');
export const DAY = 86_400_000;
export const at = (days: number, from: Date = T0) => new Date(from.getTime() + days * DAY);

export const PARTNER_TENANT = '11111111-1111-4111-8111-111111111111';
export const CUSTOMER_TENANT = '22222222-2222-4222-8222-222222222222';
export const OTHER_TENANT = '33333333-3333-4333-8333-333333333333';
export const PROVIDER_TENANT = '44444444-4444-4444-8444-444444444444';
export const INVITATION_ID = '55555555-5555-4555-8555-555555555555';
export const TOKEN = 'a'.repeat(43);

export const partner: Partner = {
  tenantId: PARTNER_TENANT,
  name: 'Contoso',
  kind: 'direct',
  mpnId: '1234567',
  country: 'SE',
  cloud: 'public',
};
export const provider: Partner = {
  tenantId: PROVIDER_TENANT,
  name: 'Fabrikam Distribution',
  kind: 'indirectProvider',
  mpnId: '7654321',
  country: 'DE',
  cloud: 'public',
};
export const inviterUser: Actor = {
  type: 'user',
  tenantId: PARTNER_TENANT,
  userId: 'aaaaaaaa-0000-4000-8000-000000000001',
  email: 'agent@contoso.example',
};
export const customerAdmin: Actor = {
  type: 'user',
  tenantId: CUSTOMER_TENANT,
  userId: 'bbbbbbbb-0000-4000-8000-000000000001',
  email: 'admin@customer.example',
};
export const otherCustomerAdmin: Actor = {
  type: 'user',
  tenantId: CUSTOMER_TENANT,
  userId: 'bbbbbbbb-0000-4000-8000-000000000002',
};

/** The input of a valid customer relationship invitation; override what a test varies. */
export function newInput(overrides: Partial<NewInvitationInput> = {}): NewInvitationInput {
  return {
    id: INVITATION_ID,
    kind: 'customerRelationship',
    inviter: partner,
    createdBy: inviterUser,
    recipientEmail: 'admin@customer.example',
    includeDelegatedAdmin: true,
    email: { subject: 'Hello', text: `Please accept: ${INVITATION_LINK_PLACEHOLDER}` },
    tokenHash: hashToken(TOKEN),
    ...overrides,
  };
}

/** A valid pending invitation created at T0 (30 days, reminder 3 days before). */
export function pendingInvitation(overrides: Partial<NewInvitationInput> = {}): Invitation {
  const r = createInvitation(newInput(overrides), T0);
  if (!r.ok) throw new Error(`fixture refused: ${r.code} ${r.detail}`);
  return r.value;
}

/** An active grant of PARTNER_TENANT in CUSTOMER_TENANT from T0 (Helpdesk Administrator, 30 days unless told). */
export function grantDoc(overrides: Partial<GrantDoc> = {}): GrantDoc {
  return {
    id: '66666666-6666-4666-8666-666666666666',
    type: 'grant',
    tenantId: CUSTOMER_TENANT,
    partnerTenantId: PARTNER_TENANT,
    customerTenantId: CUSTOMER_TENANT,
    invitationId: INVITATION_ID,
    roles: ['729827e3-9c14-49f7-bb1b-9608f156bbb8'],
    duration: 'P30D',
    autoExtend: false,
    startsAt: T0.toISOString(),
    endsAt: at(30).toISOString(),
    status: 'active',
    ...overrides,
  };
}
