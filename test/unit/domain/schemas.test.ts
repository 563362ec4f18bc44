import fc from 'fast-check';
import type { z } from 'zod';
import type { Invitation } from '../../../shared/domain/invitation';
import type { Grant, Partner, Partnership, Relationship } from '../../../shared/domain/partner';
import { AppError } from '../../../shared/http/errors';
import { acceptBodySchema, declineBodySchema } from '../../../shared/schemas/answers';
import {
  newCustomerSchema,
  subscriptionCreateSchema,
  subscriptionPatchSchema,
} from '../../../shared/schemas/customers';
import {
  grantDocumentSchema,
  invitationDocumentSchema,
  partnerDocumentSchema,
  partnershipDocumentSchema,
  relationshipDocumentSchema,
} from '../../../shared/schemas/documents';
import {
  invitationCreateSchema,
  invitationDraftSchema,
  multiPartyCreateSchema,
  partnershipRequestSchema,
} from '../../../shared/schemas/invitations';
import {
  invitationActivityInputSchema,
  invitationOrchestrationInputSchema,
  sendInvitationEmailInputSchema,
} from '../../../shared/schemas/orchestration';
import { parseInput } from '../../../shared/schemas/parse';
import { partnerEnrolmentSchema } from '../../../shared/schemas/partner';
import { customerListQuerySchema, invitationListQuerySchema } from '../../../shared/schemas/queries';
import { CUSTOMER_TENANT, pendingInvitation, PROVIDER_TENANT, TOKEN } from './fixtures';

// Compile-time: the stored-document schema and the domain type are the same shape.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameShape: [
  Equal<z.output<typeof invitationDocumentSchema>, Invitation>,
  Equal<z.output<typeof grantDocumentSchema>, Grant>,
  Equal<z.output<typeof partnerDocumentSchema>, Partner>,
  Equal<z.output<typeof relationshipDocumentSchema>, Relationship>,
  Equal<z.output<typeof partnershipDocumentSchema>, Partnership>,
] = [true, true, true, true, true];

const G = '62E90394-69F5-4237-9190-012177145E10';
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${String(e)}`;
  }
  return 'accepted';
};

describe('invitation create', () => {
  it('minimal body gets the defaults; ids and emails are normalised', () => {
    const v = parseInput(invitationCreateSchema, {
      recipientEmail: 'Admin@Customer.Example',
      customerTenantId: CUSTOMER_TENANT.toUpperCase(),
    });
    expect(v).toEqual({
      recipientEmail: 'admin@customer.example',
      customerTenantId: CUSTOMER_TENANT,
      includeDelegatedAdmin: true,
      expiresInDays: 30,
      locale: 'en',
    });
  });
  it('full body with delegated admin and an edited email', () => {
    const v = parseInput(invitationCreateSchema, {
      recipientEmail: 'a@b.example',
      recipientName: 'Ann',
      includeDelegatedAdmin: true,
      expiresInDays: 90,
      delegatedAdmin: { roles: [G], duration: 'P730D' },
      email: { subject: 'Hi', text: 'Go: {{invitationLink}}' },
    });
    expect(v.delegatedAdmin).toEqual({ roles: [G.toLowerCase()], duration: 'P730D', autoExtend: false });
  });
  it('text without the placeholder is the 422 invitation_link_missing', () => {
    expect(
      code(() =>
        parseInput(invitationCreateSchema, {
          recipientEmail: 'a@b.example',
          email: { subject: 'Hi', text: 'no link' },
        }),
      ),
    ).toBe('invitation_link_missing');
  });
  it.each([
    ['unknown key', { recipientEmail: 'a@b.example', admin: true }],
    ['bad email', { recipientEmail: 'not-an-email' }],
    ['bad tenant id', { recipientEmail: 'a@b.example', customerTenantId: 'contoso' }],
    ['expiresInDays 0', { recipientEmail: 'a@b.example', expiresInDays: 0 }],
    ['expiresInDays 91', { recipientEmail: 'a@b.example', expiresInDays: 91 }],
    ['duration P731D', { recipientEmail: 'a@b.example', delegatedAdmin: { roles: [G], duration: 'P731D' } }],
    ['duration in hours', { recipientEmail: 'a@b.example', delegatedAdmin: { roles: [G], duration: 'PT24H' } }],
    ['no roles', { recipientEmail: 'a@b.example', delegatedAdmin: { roles: [], duration: 'P1D' } }],
    ['too long name', { recipientEmail: 'a@b.example', recipientName: 'x'.repeat(201) }],
    [
      'too long text',
      { recipientEmail: 'a@b.example', email: { subject: 's', text: `{{invitationLink}}${'x'.repeat(20_000)}` } },
    ],
    [
      'unknown key in email',
      { recipientEmail: 'a@b.example', email: { subject: 's', text: '{{invitationLink}}', html: '<b>' } },
    ],
    ['not an object', 'recipientEmail=a@b.example'],
  ])('rejects %s with 400 bad_request', (_name, body) => {
    expect(code(() => parseInput(invitationCreateSchema, body))).toBe('bad_request');
  });
  it('multi-party needs the provider; extended schemas stay strict', () => {
    expect(code(() => parseInput(multiPartyCreateSchema, { recipientEmail: 'a@b.example' }))).toBe('bad_request');
    expect(
      parseInput(multiPartyCreateSchema, { recipientEmail: 'a@b.example', providerTenantId: PROVIDER_TENANT })
        .providerTenantId,
    ).toBe(PROVIDER_TENANT);
    expect(
      code(() =>
        parseInput(multiPartyCreateSchema, { recipientEmail: 'a@b.example', providerTenantId: PROVIDER_TENANT, x: 1 }),
      ),
    ).toBe('bad_request');
  });
  it('partnership request and draft', () => {
    expect(parseInput(partnershipRequestSchema, { recipientEmail: 'r@reseller.example' })).toMatchObject({
      expiresInDays: 30,
    });
    expect(
      code(() =>
        parseInput(partnershipRequestSchema, { recipientEmail: 'r@reseller.example', includeDelegatedAdmin: true }),
      ),
    ).toBe('bad_request');
    expect(parseInput(invitationDraftSchema, {})).toEqual({
      kind: 'customerRelationship',
      includeDelegatedAdmin: true,
      expiresInDays: 30,
      locale: 'en',
    });
    expect(code(() => parseInput(invitationDraftSchema, { locale: 'fr' }))).toBe('bad_request');
  });
});

describe('other bodies, queries and durable inputs', () => {
  it('partner profile', () => {
    expect(
      parseInput(partnerEnrolmentSchema, {
        name: ' Contoso ',
        kind: 'direct',
        mpnId: '123',
        country: 'se',
        cloud: 'public',
      }),
    ).toEqual({ name: 'Contoso', kind: 'direct', mpnId: '123', country: 'SE', cloud: 'public' });
    expect(
      code(() =>
        parseInput(partnerEnrolmentSchema, {
          name: 'C',
          kind: 'distributor',
          mpnId: '1',
          country: 'SE',
          cloud: 'public',
        }),
      ),
    ).toBe('bad_request');
    expect(
      code(() =>
        parseInput(partnerEnrolmentSchema, { name: 'C', kind: 'direct', mpnId: '1', country: 'SWE', cloud: 'public' }),
      ),
    ).toBe('bad_request');
  });
  it('accept and decline', () => {
    expect(parseInput(acceptBodySchema, { token: TOKEN, acceptCustomerAgreement: true })).toEqual({
      token: TOKEN,
      acceptCustomerAgreement: true,
    });
    expect(code(() => parseInput(acceptBodySchema, { token: 'short' }))).toBe('bad_request');
    expect(code(() => parseInput(declineBodySchema, { token: `${TOKEN}==` }))).toBe('bad_request');
    expect(code(() => parseInput(declineBodySchema, { token: TOKEN, reason: 'x' }))).toBe('bad_request');
  });
  it('list queries coerce the page size and bound it', () => {
    expect(parseInput(invitationListQuerySchema, { status: 'pending', pageSize: '10' })).toEqual({
      status: 'pending',
      pageSize: 10,
    });
    expect(parseInput(customerListQuerySchema, {})).toEqual({ pageSize: 25 });
    expect(code(() => parseInput(invitationListQuerySchema, { pageSize: '1000' }))).toBe('bad_request');
    expect(code(() => parseInput(invitationListQuerySchema, { status: 'done' }))).toBe('bad_request');
    expect(code(() => parseInput(customerListQuerySchema, { resellerId: 'x' }))).toBe('bad_request');
  });
  it('new customer, subscriptions', () => {
    const body = {
      resellerTenantId: PROVIDER_TENANT,
      companyName: 'Northwind',
      domainPrefix: 'NorthWind1',
      country: 'dk',
      contact: { firstName: 'N', lastName: 'W', email: 'it@northwind.example' },
      subscriptions: [{ offerId: 'o365-e3', quantity: 5 }],
    };
    expect(parseInput(newCustomerSchema, body)).toMatchObject({ domainPrefix: 'northwind1', country: 'DK' });
    expect(code(() => parseInput(newCustomerSchema, { ...body, domainPrefix: 'north-wind' }))).toBe('bad_request');
    expect(code(() => parseInput(newCustomerSchema, { ...body, subscriptions: [] }))).toBe('bad_request');
    expect(code(() => parseInput(newCustomerSchema, { ...body, subscriptions: [{ offerId: 'x', quantity: 0 }] }))).toBe(
      'bad_request',
    );
    expect(parseInput(subscriptionCreateSchema, { offerId: 'x', quantity: 1, resellerMpnId: '42' }).resellerMpnId).toBe(
      '42',
    );
    expect(code(() => parseInput(subscriptionPatchSchema, {}))).toBe('bad_request');
    expect(parseInput(subscriptionPatchSchema, { supportContactMpnId: '42' })).toEqual({ supportContactMpnId: '42' });
  });
  it('orchestration and activity inputs', () => {
    const inv = pendingInvitation();
    expect(
      parseInput(invitationOrchestrationInputSchema, {
        invitationId: inv.id,
        kind: inv.kind,
        expiresAt: inv.expiresAt,
        reminderAt: inv.reminderAt,
      }).invitationId,
    ).toBe(inv.id);
    expect(
      code(() =>
        parseInput(invitationOrchestrationInputSchema, { invitationId: inv.id, kind: inv.kind, expiresAt: 'tomorrow' }),
      ),
    ).toBe('bad_request');
    expect(code(() => parseInput(sendInvitationEmailInputSchema, { invitationId: inv.id, sendNumber: 0 }))).toBe(
      'bad_request',
    );
    expect(code(() => parseInput(invitationActivityInputSchema, { invitationId: inv.id, token: TOKEN }))).toBe(
      'bad_request',
    );
  });
  it('a domain-built invitation round-trips through the stored-document schema (Cosmos fields stripped)', () => {
    expect(sameShape.every(Boolean)).toBe(true);
    const inv = pendingInvitation({ customerTenantId: CUSTOMER_TENANT });
    const stored = JSON.parse(JSON.stringify({ ...inv, _etag: '"1"', _ts: 1 }));
    expect(invitationDocumentSchema.parse(stored)).toEqual(inv);
  });
  it('fuzzed input: parseInput only ever throws AppError 400/422 (property)', () => {
    const schemas = [
      invitationCreateSchema,
      acceptBodySchema,
      newCustomerSchema,
      invitationListQuerySchema,
      subscriptionPatchSchema,
    ];
    fc.assert(
      fc.property(fc.constantFrom(...schemas), fc.anything(), (schema, input) => {
        const c = code(() => parseInput(schema as z.ZodType, input));
        expect(['accepted', 'bad_request', 'invitation_link_missing']).toContain(c);
      }),
    );
  });
});
