// The events of an accepted renewal (issue 17), derived from the audit entries that
// shared/renewals/recordRenewal.ts appends: grant.extended for the grant, and the invitation's
// recording without the grant.created / relationship.created an ordinary acceptance implies.
import type { AuditEntry } from '../../../shared/store/audit';
import { eventsOf } from '../../../shared/webhooks/outbox';

const GRANT = '9d1efb76-1c4f-5d5d-83f5-4f2871c2a91b';
const RENEWAL = 'd7197914-49bc-4e37-bd78-e78927b8d9f4';
const base = {
  tenantId: 'aaaaaaaa-0000-4000-8000-000000000001',
  at: '2026-12-06T10:00:00.000Z',
  actor: { type: 'system' as const },
  correlationId: RENEWAL,
};

test('the grant.extended audit entry of a renewal is the grant.extended event, naming the renewal', () => {
  const entry: AuditEntry = {
    ...base,
    id: `grant-renewed:${GRANT}:${RENEWAL}`,
    action: 'grant.extended',
    subject: { type: 'grant', id: GRANT },
    detail: {
      endsAt: '2027-03-06T10:00:00.000Z',
      previousEndsAt: '2026-12-20T10:00:00.000Z',
      duration: 'P90D',
      roles: 1,
      renewalInvitationId: RENEWAL,
    },
  };
  const events = eventsOf(entry, 'https://rc.example');
  expect(events.map((e) => [e.type, e.subject])).toEqual([['grant.extended', `grant/${GRANT}`]]);
  expect(events[0]?.data).toMatchObject({
    grantId: GRANT,
    detail: { renewalInvitationId: RENEWAL, previousEndsAt: '2026-12-20T10:00:00.000Z' },
  });
});

test("a renewal's recording implies no new grant or relationship", () => {
  const entry: AuditEntry = {
    ...base,
    id: `recorded:${RENEWAL}`,
    action: 'invitation.recorded',
    subject: { type: 'invitation', id: RENEWAL },
    detail: { relationships: 0, grant: false, partnership: false, renewal: true, grantExtended: true, grantId: GRANT },
  };
  expect(eventsOf(entry, 'https://rc.example').map((e) => e.type)).toEqual(['invitation.recorded']);
});
