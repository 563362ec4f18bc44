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

/** The renewal's own sentences per email locale (the shared ones come from the locale's Phrases). */
const wording = {
  en: {
    subject: (p: string) => `${p} asks to renew its admin privileges in your organisation`,
    asked: (p: string, ends: string, days: number, extend: boolean, roles: string) =>
      `${p}'s delegated admin privileges in your organisation's directory end on ${ends}. ${p} asks you to renew them for ${days} days from your acceptance${extend ? ', extended automatically by 180 days at a time unless you remove them' : ''}:\n${roles}`,
    action: `Nothing changes unless you accept: declined or unanswered, the privileges end as planned. To review and accept, a Global Administrator of your organisation opens this link:\n${LINK}`,
  },
  sv: {
    subject: (p: string) => `${p} ber att få förnya sina administratörsbehörigheter i er organisation`,
    asked: (p: string, ends: string, days: number, extend: boolean, roles: string) =>
      `${p}s delegerade administratörsbehörigheter i er organisations katalog upphör ${ends}. ${p} ber er förnya dem i ${days} dagar från ert godkännande${extend ? ', med automatisk förlängning 180 dagar i taget om ni inte tar bort dem' : ''}:\n${roles}`,
    action: `Inget ändras om ni inte godkänner: avböjs eller besvaras förfrågan inte, upphör behörigheterna som planerat. För att granska och godkänna öppnar en global administratör i er organisation den här länken:\n${LINK}`,
  },
} as const;

/** The default email of a renewal request, with the `{{invitationLink}}` placeholder. */
export function defaultRenewalEmail(input: RenewalTemplateInput): EmailTemplate {
  const { locale, phrases: t } = phrasesFor(input.locale);
  const w = wording[locale];
  const p = oneLine(input.inviterName);
  const da = input.delegatedAdmin;
  const roles = roleDisplayNames(da.roles)
    .map((r) => `  - ${r}`)
    .join('\n');
  const ends = new Date(input.currentEndsAt).toUTCString();
  const paragraphs = [
    t.greeting(input.recipientName && oneLine(input.recipientName)),
    w.asked(p, ends, durationDays(da.duration) ?? 0, da.autoExtend, roles),
    w.action,
    t.expiry(input.expiresInDays),
    t.ignore,
  ];
  return { subject: oneLine(w.subject(p)), text: paragraphs.join('\n\n'), locale };
}
