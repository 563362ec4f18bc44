import fc from 'fast-check';
import {
  emailOperationId,
  grantId,
  idempotentInvitationId,
  nameBasedUuid,
  noticeInstanceId,
  noticeOperationId,
  partnershipId,
  relationshipId,
  reminderAuditKey,
  reminderOperationId,
} from '../../../shared/domain/ids';
import { invalidInstanceId } from '../../../infra/local/host/managementApi';
import { invitationLink } from '../../../shared/domain/invitationLink';
import { hashToken, tokensMatch } from '../../../shared/domain/token';
import { CUSTOMER_TENANT, INVITATION_ID, PARTNER_TENANT } from './fixtures';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('tokens', () => {
  it('hash is SHA-256 hex (known vector)', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('tokensMatch only for the right token (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (a, b) => {
        expect(tokensMatch(hashToken(a), a)).toBe(true);
        expect(tokensMatch(hashToken(a), b)).toBe(a === b);
      }),
    );
  });
  it('a malformed stored hash never matches (and does not throw)', () => {
    expect(tokensMatch('', 'x')).toBe(false);
    expect(tokensMatch('zz'.repeat(32), 'x')).toBe(false);
    expect(tokensMatch(hashToken('x').toUpperCase(), 'x')).toBe(false);
  });
  it('the link keeps the token in the fragment', () => {
    expect(invitationLink('https://app.example/', INVITATION_ID, 'tok_en-1')).toBe(
      `https://app.example/api/invite/${INVITATION_ID}#t=tok_en-1`,
    );
  });
});

describe('deterministic ids', () => {
  it('name-based UUIDs match RFC 9562 version 5 (the RFC test vector)', () => {
    // RFC 9562 appendix A.4: DNS namespace, "www.example.com".
    expect(nameBasedUuid('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
  it('same inputs, same id; any differing input, a different id; always UUID-shaped', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (id, n, m) => {
        expect(emailOperationId(id, n)).toMatch(UUID);
        expect(emailOperationId(id, n)).toBe(emailOperationId(id.toUpperCase(), n));
        expect(emailOperationId(id, n) === emailOperationId(id, m)).toBe(n === m);
      }),
    );
  });
  it('each reminder of the schedule has its own Operation-Id and audit key; the first keeps the ones a single reminder had', () => {
    expect(reminderOperationId(INVITATION_ID, 0)).toBe(reminderOperationId(INVITATION_ID));
    expect(reminderOperationId(INVITATION_ID)).toBe(nameBasedUuid(`reminder:${INVITATION_ID}`));
    expect(new Set([0, 1, 2, 3].map((n) => reminderOperationId(INVITATION_ID, n))).size).toBe(4);
    expect(reminderAuditKey(INVITATION_ID)).toBe(`reminded:${INVITATION_ID}`);
    expect(new Set([0, 1, 2, 3].map((n) => reminderAuditKey(INVITATION_ID, n))).size).toBe(4);
  });
  it('ids of different things never collide for the same inputs', () => {
    const ids = [
      emailOperationId(INVITATION_ID, 1),
      reminderOperationId(INVITATION_ID),
      reminderOperationId(INVITATION_ID, 1),
      reminderOperationId(INVITATION_ID, 2),
      noticeOperationId(INVITATION_ID, 'accepted'),
      grantId(INVITATION_ID),
      relationshipId(PARTNER_TENANT, CUSTOMER_TENANT),
      relationshipId(CUSTOMER_TENANT, PARTNER_TENANT),
      partnershipId(PARTNER_TENANT, CUSTOMER_TENANT),
      idempotentInvitationId(PARTNER_TENANT, 'k'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    ids.forEach((id) => expect(id).toMatch(UUID));
  });
  it('the notice instance id is fixed per invitation and notice, and a valid durable instance id', () => {
    const id = noticeInstanceId(INVITATION_ID, 'expired');
    expect(id).toBe(noticeInstanceId(INVITATION_ID.toUpperCase(), 'expired'));
    expect(id).not.toBe(noticeInstanceId(INVITATION_ID, 'accepted'));
    expect(id).not.toBe(INVITATION_ID);
    expect(invalidInstanceId(id)).toBeUndefined();
  });
});
