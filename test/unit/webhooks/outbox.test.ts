// Events derived from audit entries (shared/webhooks/outbox.ts) and their documentation under
// `webhooks` in the OpenAPI document.
import { apiRoutes } from '../../../shared/schemas/routes';
import { buildOpenApiDocument } from '../../../shared/schemas/openapi';
import type { AuditEntry } from '../../../shared/store/audit';
import { eventTypes } from '../../../shared/webhooks/events';
import { grantId } from '../../../shared/domain/ids';
import { eventIdOf, eventOf, eventsOf, eventTypeOf } from '../../../shared/webhooks/outbox';

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  id: 'partner.suspended:1b2c:"0000abcd-0000"',
  tenantId: 'aaaaaaaa-0000-4000-8000-000000000001',
  at: '2026-12-06T10:00:00.000Z',
  actor: { type: 'user', tenantId: 'op', userId: 'u1', email: 'operator@program.example' },
  action: 'partner.suspended',
  subject: { type: 'partner', id: 'aaaaaaaa-0000-4000-8000-000000000001' },
  correlationId: 'c1',
  ...over,
});

test('the event id is derived from the audit key: the same every time, no full stop, a valid webhook-id', () => {
  expect(eventIdOf(entry().id)).toBe(eventIdOf(entry().id));
  expect(eventIdOf(entry().id)).toMatch(/^evt_[0-9a-f]{32}$/);
  expect(eventIdOf('created:x')).not.toBe(eventIdOf('created:y'));
});

test('audit actions map to catalogue types; internal bookkeeping is no event', () => {
  expect(eventTypeOf('invitation.created')).toBe('invitation.created');
  expect(eventTypeOf('relationship.reestablished')).toBe('relationship.created');
  expect(eventTypeOf('invitation.answersLimited')).toBeUndefined();
  expect(eventTypeOf('partner.contactsUpdated')).toBeUndefined();
  expect(eventOf(entry({ action: 'invitation.inviterNotified' }), 'https://x')).toBeUndefined();
});

test('a CloudEvents 1.0 envelope; the acting person is not named', () => {
  const e = eventOf(entry({ detail: { reason: 'r' } }), 'https://rc.example');
  expect(e).toEqual({
    specversion: '1.0',
    id: eventIdOf(entry().id),
    source: 'https://rc.example/api',
    type: 'partner.suspended',
    subject: `partner/${entry().subject.id}`,
    time: entry().at,
    datacontenttype: 'application/json',
    data: {
      partnerTenantId: entry().subject.id,
      subject: entry().subject,
      change: 'partner.suspended',
      by: { type: 'user', tenantId: 'op' },
      detail: { reason: 'r' },
      correlationId: 'c1',
    },
  });
  expect(JSON.stringify(e)).not.toContain('operator@program.example');
  expect(JSON.stringify(e)).not.toContain('u1');
});

test("every event type (and webhook.test) is documented under `webhooks` with its resource's CloudEvent body and the Standard Webhooks headers", () => {
  const doc = buildOpenApiDocument(apiRoutes);
  expect(Object.keys(doc.webhooks ?? {}).sort()).toEqual([...eventTypes, 'webhook.test'].sort());
  const body = (type: string) =>
    ((doc.webhooks ?? {})[type] as { post: any }).post.requestBody.content['application/json'].schema;
  expect(body('grant.removed')).toEqual({ $ref: '#/components/schemas/GrantEvent' });
  expect(body('invitation.created')).toEqual({ $ref: '#/components/schemas/InvitationEvent' });
  expect(body('partnership.requested')).toEqual({ $ref: '#/components/schemas/PartnershipRequestEvent' });
  expect(body('customer.created')).toEqual({ $ref: '#/components/schemas/CustomerEvent' });
  const post = ((doc.webhooks ?? {})['grant.removed'] as { post: any }).post;
  expect(post.parameters.map((p: { name: string }) => p.name)).toEqual([
    'webhook-id',
    'webhook-timestamp',
    'webhook-signature',
  ]);
  // The data carries the resource's documented view, by reference to the API's own schemas.
  const grantEvent = doc.components.schemas.GrantEvent as any;
  expect(grantEvent).toMatchObject({ properties: { specversion: { const: '1.0' } } });
  expect(JSON.stringify(grantEvent.properties.data.properties.grant)).toContain('#/components/schemas/Grant');
  expect(
    JSON.stringify((doc.components.schemas.InvitationEvent as any).properties.data.properties.invitation),
  ).toContain('#/components/schemas/Invitation');
  expect(JSON.stringify((doc.components.schemas.CustomerEvent as any).properties.data.properties.customer)).toContain(
    '#/components/schemas/Customer',
  );
});

test('a recorded acceptance also announces the records it created, each under an id of its own', () => {
  const recorded = entry({
    id: 'recorded:inv-1',
    action: 'invitation.recorded',
    subject: { type: 'invitation', id: 'inv-1' },
    detail: { relationships: 1, grant: true, partnership: false },
  });
  const events = eventsOf(recorded, 'https://x');
  expect(events.map((e) => e.type)).toEqual(['invitation.recorded', 'relationship.created', 'grant.created']);
  expect(new Set(events.map((e) => e.id)).size).toBe(3);
  expect(eventsOf(recorded, 'https://x').map((e) => e.id)).toEqual(events.map((e) => e.id));
  expect(events[2]).toMatchObject({
    subject: `grant/${grantId('inv-1')}`,
    data: { grantId: grantId('inv-1'), invitationId: 'inv-1' },
  });
  expect(eventsOf(entry({ action: 'partner.contactsUpdated' }), 'https://x')).toEqual([]);
});

test('a partnership request (an invitation of kind partnership) is also partnership.requested', () => {
  const created = entry({
    id: 'created:inv-2',
    action: 'invitation.created',
    subject: { type: 'invitation', id: 'inv-2' },
    detail: { kind: 'partnership', includeDelegatedAdmin: false },
  });
  expect(eventsOf(created, 'https://x').map((e) => e.type)).toEqual(['invitation.created', 'partnership.requested']);
  expect(eventsOf({ ...created, detail: { kind: 'customerRelationship' } }, 'https://x').map((e) => e.type)).toEqual([
    'invitation.created',
  ]);
});
