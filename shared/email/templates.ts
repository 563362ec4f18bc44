import { defaultDelegatedAdmin, durationDays, roleDisplayNames } from '../domain/delegatedAdmin';
import type { DelegatedAdminRequest, InvitationKind } from '../domain/invitation';
import { INVITATION_LINK_PLACEHOLDER } from '../domain/invitationLink';
import { en } from './templatesEn';
import { textToHtml } from './templatesHtml';
import type { Phrases } from './templatesPhrases';
import { sv } from './templatesSv';

/** Languages of the default emails; English is the fallback. */
export const emailLocales = { en, sv } as const satisfies Record<string, Phrases>;
export type EmailLocale = keyof typeof emailLocales;

/** An email before sending: subject and text, the text possibly holding the link placeholder. */
export interface EmailTemplate {
  subject: string;
  text: string;
  locale: EmailLocale;
}

/** An email ready for ACS: subject, plain text and escaped HTML. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** What the default invitation email says: who invites, to what, and what is asked. */
export interface InvitationTemplateInput {
  kind: InvitationKind;
  inviterName: string;
  /** Multi-party: the indirect provider's name. */
  providerName?: string;
  recipientName?: string;
  includeDelegatedAdmin: boolean;
  delegatedAdmin?: DelegatedAdminRequest;
  expiresInDays: number;
  locale?: string;
}

/** The phrases of a locale ("sv-SE" → sv), English when unknown. */
export function phrasesFor(locale: string | undefined): { locale: EmailLocale; phrases: Phrases } {
  const key = (locale ?? 'en').slice(0, 2).toLowerCase();
  return key in emailLocales
    ? { locale: key as EmailLocale, phrases: emailLocales[key as EmailLocale] }
    : { locale: 'en', phrases: en };
}

// A subject is one header line: names typed by people must not break it.
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

/** The default invitation email for a kind, with the `{{invitationLink}}` placeholder in its text. */
export function defaultInvitationEmail(input: InvitationTemplateInput): EmailTemplate {
  const { locale, phrases: t } = phrasesFor(input.locale);
  const p = oneLine(input.inviterName);
  const provider = oneLine(input.providerName ?? '');
  const paragraphs: string[] = [t.greeting(input.recipientName && oneLine(input.recipientName))];
  let subject: string;
  if (input.kind === 'partnership') {
    subject = t.partnershipSubject(p);
    paragraphs.push(t.partnershipBody(p), t.resellerAction);
  } else {
    subject = input.kind === 'multiParty' ? t.multiPartySubject(p, provider) : t.relationshipSubject(p);
    paragraphs.push(input.kind === 'multiParty' ? t.multiPartyBody(p, provider) : t.relationshipBody(p));
    if (input.includeDelegatedAdmin) {
      const asked = input.delegatedAdmin ?? defaultDelegatedAdmin();
      paragraphs.push(
        t.adminAsked(p, roleDisplayNames(asked.roles), durationDays(asked.duration) ?? 0, asked.autoExtend),
      );
    } else {
      paragraphs.push(t.adminNotAsked(p));
    }
    paragraphs.push(t.customerAction, t.customerAgreement);
  }
  paragraphs.push(t.expiry(input.expiresInDays), t.ignore);
  return { subject: oneLine(subject), text: paragraphs.join('\n\n'), locale };
}

/**
 * Puts the personal link into an email (every occurrence of the placeholder) and adds the HTML
 * form, in which everything else is escaped.
 */
export function renderInvitationEmail(template: { subject: string; text: string }, link: string): RenderedEmail {
  return {
    subject: oneLine(template.subject),
    text: template.text.split(INVITATION_LINK_PLACEHOLDER).join(link),
    html: textToHtml(template.text, link),
  };
}

/** Renders an email without a link (notices to the inviter). */
export function renderEmail(template: { subject: string; text: string }): RenderedEmail {
  return { subject: oneLine(template.subject), text: template.text, html: textToHtml(template.text) };
}
