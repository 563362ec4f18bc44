import fc from 'fast-check';
import { INVITATION_LINK_PLACEHOLDER } from '../../../shared/domain/invitationLink';
import {
  defaultInvitationEmail,
  renderEmail,
  renderInvitationEmail,
  type InvitationTemplateInput,
} from '../../../shared/email/templates';
import { acceptedConfirmationEmail, expiredNoticeEmail, reminderEmail } from '../../../shared/email/templatesNotices';

const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const base: InvitationTemplateInput = {
  kind: 'customerRelationship',
  inviterName: 'Contoso',
  includeDelegatedAdmin: true,
  expiresInDays: 30,
};
const LINK = 'https://app.example/invite/abc#t=tok';

describe('default invitation emails', () => {
  it.each(['customerRelationship', 'multiParty', 'partnership'] as const)(
    '%s: names the inviter and keeps the link placeholder, in en and sv',
    (kind) => {
      for (const locale of ['en', 'sv']) {
        const t = defaultInvitationEmail({ ...base, kind, providerName: 'Fabrikam', locale });
        expect(t.locale).toBe(locale);
        expect(t.subject).toContain('Contoso');
        expect(t.text).toContain(INVITATION_LINK_PLACEHOLDER);
        if (kind === 'multiParty') expect(`${t.subject} ${t.text}`).toContain('Fabrikam');
      }
    },
  );
  it('says which admin roles (display names) and for how long, or that none are asked', () => {
    const withRoles = defaultInvitationEmail({
      ...base,
      delegatedAdmin: { roles: [USER_ADMIN], duration: 'P90D', autoExtend: true },
    });
    expect(withRoles.text).toMatch(/User Administrator/);
    expect(withRoles.text).toMatch(/90 days/);
    expect(withRoles.text).toMatch(/180 days/);
    const byDefault = defaultInvitationEmail(base).text;
    expect(byDefault).toContain('Global Administrator');
    expect(byDefault).toContain('Helpdesk Administrator');
    expect(byDefault).toContain('730 days');
    expect(defaultInvitationEmail({ ...base, includeDelegatedAdmin: false }).text).toMatch(
      /does not ask for admin privileges/,
    );
    expect(defaultInvitationEmail({ ...base, locale: 'sv-SE' }).text).toMatch(/global administratör/);
    expect(defaultInvitationEmail({ ...base, locale: 'xx' }).locale).toBe('en');
  });
  it('a partnership email speaks to the reseller, not a customer Global Administrator', () => {
    const t = defaultInvitationEmail({ ...base, kind: 'partnership', includeDelegatedAdmin: false }).text;
    expect(t).toMatch(/Admin agent/);
    expect(t).not.toMatch(/customer agreement/);
  });
  it('names typed with line breaks cannot break the subject line', () => {
    expect(defaultInvitationEmail({ ...base, inviterName: 'Evil\r\nBcc: x@y' }).subject).not.toMatch(/[\r\n]/);
  });
});

describe('rendering', () => {
  it('replaces every placeholder in the text and makes one escaped anchor per placeholder in HTML', () => {
    const r = renderInvitationEmail(
      { subject: 'S', text: `a ${INVITATION_LINK_PLACEHOLDER} b ${INVITATION_LINK_PLACEHOLDER}` },
      LINK,
    );
    expect(r.text).toBe(`a ${LINK} b ${LINK}`);
    expect(r.html.match(/<a href=/g)).toHaveLength(2);
    expect(r.html).toContain('#t=tok');
  });
  it('escapes whatever the partner typed (property: no raw tag or quote survives)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (typed) => {
        const html = renderInvitationEmail({ subject: 's', text: `${typed}${INVITATION_LINK_PLACEHOLDER}` }, LINK).html;
        const body = html.slice(html.indexOf('<body'), html.lastIndexOf('</body>'));
        const withoutOurTags = body
          .replace(/^<body[^>]*>/, '')
          .replace(/<a href="[^"<>]*">[^<>]*<\/a>/g, '')
          .replace(/<br>/g, '');
        expect(withoutOurTags).not.toMatch(/[<>"]/);
      }),
    );
    expect(
      renderInvitationEmail({ subject: 's', text: '<script>alert(1)</script>{{invitationLink}}' }, LINK).html,
    ).toContain('&lt;script&gt;');
  });
  it('does not link a non-http link', () => {
    expect(
      renderInvitationEmail({ subject: 's', text: INVITATION_LINK_PLACEHOLDER }, 'javascript:alert(1)').html,
    ).not.toContain('href');
  });
});

describe('notices', () => {
  it('reminder repeats the original email, link placeholder included, with the expiry date', () => {
    const original = defaultInvitationEmail(base);
    const r = reminderEmail(original, '2025-03-31T12:00:00.000Z');
    expect(r.subject).toBe(`Reminder: ${original.subject}`);
    expect(r.text).toContain('2025-03-31 12:00 UTC');
    expect(r.text).toContain(INVITATION_LINK_PLACEHOLDER);
  });
  it('accepted confirmation names the acceptor and the active grant; expired notice names the recipient', () => {
    const a = acceptedConfirmationEmail({
      acceptedBy: 'admin@customer.example',
      acceptedAt: '2025-03-02T08:00:00Z',
      grant: { roles: [USER_ADMIN], endsAt: '2025-06-01T08:00:00Z' },
    });
    expect(a.subject).toContain('admin@customer.example');
    expect(a.text).toContain('User Administrator');
    expect(a.text).toContain('2025-06-01 08:00 UTC');
    const e = expiredNoticeEmail({ recipientEmail: 'x@y.example', expiresAt: '2025-03-31T12:00:00Z' }, 'sv');
    expect(e.subject).toContain('x@y.example');
    expect(renderEmail(e).html).toContain('x@y.example');
  });
});
