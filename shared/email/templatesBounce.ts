import type { EmailTemplate } from './templates';

/**
 * The notice to the inviter that an invitation email did not reach its recipient (ACS reported it
 * Bounced or Suppressed), so they can correct the address and resend. English, or Swedish for an
 * invitation written in Swedish (the locales of templates.ts).
 */
export function bouncedNoticeEmail(
  input: { recipientEmail: string; status: string; invitationId: string },
  locale?: string,
): EmailTemplate {
  const why =
    input.status.toLowerCase() === 'suppressed'
      ? { en: 'is on the suppression list', sv: 'står på spärrlistan' }
      : { en: 'bounced', sv: 'studsade' };
  if (locale?.toLowerCase().startsWith('sv')) {
    return {
      locale: 'sv',
      subject: `Inbjudan till ${input.recipientEmail} kom inte fram`,
      text: `E-postadressen ${input.recipientEmail} ${why.sv}: inbjudan ${input.invitationId} nådde inte mottagaren.\n\nRätta adressen och skicka inbjudan igen.`,
    };
  }
  return {
    locale: 'en',
    subject: `Your invitation to ${input.recipientEmail} was not delivered`,
    text: `The address ${input.recipientEmail} ${why.en}: invitation ${input.invitationId} did not reach its recipient.\n\nCorrect the address and resend the invitation.`,
  };
}
