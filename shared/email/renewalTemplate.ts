import { durationDays, roleDisplayNames } from '../domain/delegatedAdmin';
import type { DelegatedAdminRequest } from '../domain/invitation';
import { INVITATION_LINK_PLACEHOLDER as LINK } from '../domain/invitationLink';
import { phrasesFor, type EmailTemplate } from './templates';

/** What the default renewal email says: who asks, which privileges for how long, when the grant ends now. */
export interface RenewalTemplateInput {
  inviterName: string;
  recipientName?: string;
  delegatedAdmin: DelegatedAdminRequest;
  currentEndsAt: string;
  expiresInDays: number;
  locale?: string;
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

/**
 * The default email of a renewal request, with the `{{invitationLink}}` placeholder. English
 * wording for every locale but the shared phrases (greeting, expiry, ignore) of the locale: the
 * renewal's own sentences are not translated yet.
 */
export function defaultRenewalEmail(input: RenewalTemplateInput): EmailTemplate {
  const { locale, phrases: t } = phrasesFor(input.locale);
  const p = oneLine(input.inviterName);
  const da = input.delegatedAdmin;
  const days = durationDays(da.duration) ?? 0;
  const ends = new Date(input.currentEndsAt).toUTCString();
  const roles = roleDisplayNames(da.roles).map((r) => `  - ${r}`).join('\n');
  const extend = da.autoExtend ? ', extended automatically by 180 days at a time unless you remove them' : '';
  const paragraphs = [
    t.greeting(input.recipientName && oneLine(input.recipientName)),
    `${p}'s delegated admin privileges in your organisation's directory end on ${ends}. ${p} asks you to renew them for ${days} days from your acceptance${extend}:\n${roles}`,
    `Nothing changes unless you accept: declined or unanswered, the privileges end as planned. To review and accept, a Global Administrator of your organisation opens this link:\n${LINK}`,
    t.expiry(input.expiresInDays),
    t.ignore,
  ];
  return { subject: oneLine(`${p} asks to renew its admin privileges in your organisation`), text: paragraphs.join('\n\n'), locale };
}
