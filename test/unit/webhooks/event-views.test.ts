// Each event's data is the resource as the receiving tenant's API shows it, rendered from the
// snapshot the change wrote into its audit entry (shared/webhooks/eventViews.ts): the inviter the
// invitation (never its token hash, idempotency key or failed-answer count), the tenant that
// answered only its answer; a later state of the resource does not leak into an earlier event.
import type { Invitation } from '../../../shared/domain/invitation';
import { invitationView } from '../../../shared/invitations/invitationView';
import type { AuditEntry } from '../../../shared/store/audit';
import { resourceViewOf, runReads } from '../../../shared/webhooks/eventViews';
import type { ViewDeps } from '../../../shared/webhooks/ports';

const PARTNER = 'd1000000-0000-4000-8000-000000000001';
const CUSTOMER = 'c1000000-0000-4000-8000-000000000001';
const now = new Date('2026-12-06T10:00:00.000Z');

const invitation: Invitation = {
  id: '82245869-1fb6-4c0e-a29c-e684c9e456bd',
  kind: 'customerRelationship',
  partnerTenantId: PARTNER,
  recipientEmail: 'someone@adatum.example',
  includeDelegatedAdmin: false,
  email: { subject: 'Contoso invites you', text: 'Open {{invitationLink}}' },
  status: 'accepted',
  createdAt: '2026-12-01T10:00:00.000Z',
  createdBy: { type: 'user', tenantId: PARTNER, userId: 'u1' },
  expiresAt: '2026-12-31T10:00:00.000Z',
  tokenHash: 'f'.repeat(64),
  idempotencyKey: 'idem-1',
  answerFailures: { windowStart: '2026-12-05T10:00:00.000Z', count: 2 },
  sendCount: 1,
  answeredAt: '2026-12-05T10:00:00.000Z',
  acceptedBy: { type: 'user', tenantId: CUSTOMER, userId: 'u2' },
  timeline: [],
};

/** Reads that fail the test: a snapshot needs none, except the partner's name for an answer. */
const deps = (reads: string[]): ViewDeps =>
  ({
    invitations: {
      get: async (id: string) => (
        reads.push(`invitation ${id}`),
        { doc: { ...invitation, status: 'recorded' }, etag: 'e' }
      ),
    },
    partners: {
      get: async (id: string) => (
        reads.push(`partner ${id}`),
        { partner: { tenantId: id, name: 'Contoso Direct' }, etag: 'e' }
      ),
    },
    records: {},
    partnerships: {},
    subscriptions: {},
  }) as unknown as ViewDeps;

const accepted = (tenantId: string, resource?: object): AuditEntry => ({
  id: `invitation:${invitation.id}:accepted`,
  tenantId,
  at: invitation.answeredAt as string,
  actor: { type: 'user', tenantId: CUSTOMER, userId: 'u2' },
  action: 'invitation.accepted',
  subject: { type: 'invitation', id: invitation.id },
  correlationId: invitation.id,
  ...(resource ? { resource } : {}),
});

test('the inviter gets the invitation as the change left it, from the snapshot, with no secret and no read', async () => {
  const reads: string[] = [];
  const d = deps(reads);
  const view = (await resourceViewOf(
    d,
    runReads(d),
    accepted(PARTNER, invitationView(invitation, now)),
    'invitation.accepted',
    now,
  )) as Record<string, unknown>;
  expect(view).toMatchObject({ id: invitation.id, status: 'accepted', recipientEmail: 'someone@adatum.example' });
  expect(view).not.toHaveProperty('tokenHash');
  expect(view).not.toHaveProperty('idempotencyKey');
  expect(view).not.toHaveProperty('answerFailures');
  expect(reads).toEqual([]); // the invitation is 'recorded' by now: the event still says 'accepted'
});

test('the tenant that answered gets only its answer, as the accept response showed it', async () => {
  const reads: string[] = [];
  const d = deps(reads);
  const view = await resourceViewOf(
    d,
    runReads(d),
    accepted(CUSTOMER, invitationView(invitation, now)),
    'invitation.accepted',
    now,
  );
  expect(view).toEqual({
    invitationId: invitation.id,
    status: 'accepted',
    answeredAt: invitation.answeredAt,
    partner: { name: 'Contoso Direct' },
  });
});

test('without a snapshot (an entry written before them) the view is read, and still never shows a secret', async () => {
  const reads: string[] = [];
  const d = deps(reads);
  const view = (await resourceViewOf(d, runReads(d), accepted(PARTNER), 'invitation.accepted', now)) as Record<
    string,
    unknown
  >;
  expect(reads).toEqual([`invitation ${invitation.id}`]);
  expect(view).toMatchObject({ id: invitation.id, status: 'recorded' });
  expect(JSON.stringify(view)).not.toMatch(/tokenHash|idem-1|answerFailures/);
});
