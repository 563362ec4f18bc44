import { roleDisplayNames } from '../domain/delegatedAdmin';
import { canAutoExtend } from '../domain/grantPeriod';
import type { GrantNotice } from '../domain/grantNotices';
import type { Grant } from '../domain/partner';
import { phrasesFor, type EmailTemplate } from './templates';

// A subject is one header line: names typed by people must not break it.
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

// Dates in notices are written as YYYY-MM-DD HH:MM UTC: unambiguous in every language.
const utc = (at: string) => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The reminder to the recipient: the original email under a reminder line, link placeholder kept. */
export function reminderEmail(
  original: { subject: string; text: string },
  expiresAt: string,
  locale?: string,
): EmailTemplate {
  const { locale: l, phrases: t } = phrasesFor(locale);
  return {
    subject: t.reminderSubject(original.subject),
    text: `${t.reminderIntro(utc(expiresAt))}\n\n${original.text}`,
    locale: l,
  };
}

/** The confirmation to the inviter that the invitation was accepted (and what grant is active). */
export function acceptedConfirmationEmail(
  input: { acceptedBy: string; acceptedAt: string; grant?: Pick<Grant, 'roles' | 'endsAt'> },
  locale?: string,
): EmailTemplate {
  const { locale: l, phrases: t } = phrasesFor(locale);
  const lines = [t.acceptedBody(input.acceptedBy, utc(input.acceptedAt))];
  if (input.grant) lines.push(t.grantBody(roleDisplayNames(input.grant.roles), utc(input.grant.endsAt)));
  return { subject: t.acceptedSubject(input.acceptedBy), text: lines.join('\n\n'), locale: l };
}

/** The outcome of an enrolment request, to the person who asked. */
export function enrolmentOutcomeEmail(
  input: { name: string; kind: string; status: 'approved' | 'rejected'; reason?: string },
  locale?: string,
): EmailTemplate {
  const { locale: l, phrases: t } = phrasesFor(locale);
  return input.status === 'approved'
    ? {
        subject: t.enrolmentApprovedSubject(input.name),
        text: t.enrolmentApprovedBody(input.name, input.kind),
        locale: l,
      }
    : {
        subject: t.enrolmentRejectedSubject(input.name),
        text: t.enrolmentRejectedBody(input.name, input.reason ?? ''),
        locale: l,
      };
}

/** The notice to the inviter that nobody answered before the deadline. */
export function expiredNoticeEmail(
  input: { recipientEmail: string; expiresAt: string },
  locale?: string,
): EmailTemplate {
  const { locale: l, phrases: t } = phrasesFor(locale);
  return {
    subject: t.expiredSubject(input.recipientEmail),
    text: t.expiredBody(input.recipientEmail, utc(input.expiresAt)),
    locale: l,
  };
}

/** Who a grant notice is about, by name (the tenant id when no name is known). */
export interface GrantNoticeParties {
  partnerName: string;
  customerName: string;
}

/**
 * A grant notice (shared/domain/grantNotices.ts): an expiry ahead, the expiry, an automatic
 * extension, or the customer's removal; the same text to the partner's contacts and the customer.
 */
export function grantNoticeEmail(
  notice: GrantNotice,
  grant: Pick<Grant, 'roles' | 'endsAt' | 'autoExtend' | 'removedAt'>,
  parties: GrantNoticeParties,
  locale?: string,
): EmailTemplate {
  const { locale: l, phrases: t } = phrasesFor(locale);
  const p = oneLine(parties.partnerName);
  const c = oneLine(parties.customerName);
  const roles = roleDisplayNames(grant.roles);
  const end = utc(grant.endsAt);
  switch (notice.kind) {
    case 'expiring':
      return {
        subject: t.grantExpiringSubject(c, notice.offsetDays),
        text: [t.grantExpiringBody(p, c, end, roles), ...(canAutoExtend(grant) ? [t.grantAutoExtends] : [])].join(
          '\n\n',
        ),
        locale: l,
      };
    case 'expired':
      return { subject: t.grantExpiredSubject(c), text: t.grantExpiredBody(p, c, end, roles), locale: l };
    case 'extended':
      return { subject: t.grantExtendedSubject(c), text: t.grantExtendedBody(p, c, end, roles), locale: l };
    case 'removed':
      return {
        subject: t.grantRemovedSubject(c),
        text: t.grantRemovedBody(p, c, utc(grant.removedAt ?? grant.endsAt), roles),
        locale: l,
      };
  }
}
