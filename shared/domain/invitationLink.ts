import { ok, refuse, type Result } from './result';

/** The placeholder the partner must keep in an edited email; replaced by the personal link on send. */
export const INVITATION_LINK_PLACEHOLDER = '{{invitationLink}}';

/** The edited text must keep the link: without it the customer has nothing to accept. */
export function checkInvitationLinkPresent(text: string): Result<true> {
  return text.includes(INVITATION_LINK_PLACEHOLDER)
    ? ok(true)
    : refuse(
        'invitation_link_missing',
        `the email text must contain ${INVITATION_LINK_PLACEHOLDER} where the personal link goes`,
      );
}

/**
 * The link an email carries: `{base}/api/invite/{id}#t={token}`. The token sits in the fragment, which
 * browsers never send to the server, so it stays out of server logs and Referer headers. The page
 * lives under `/api` because the Functions host puts its route prefix before every HTTP route.
 */
export function invitationLink(publicBaseUrl: string, invitationId: string, token: string): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return `${base}/api/invite/${encodeURIComponent(invitationId)}#t=${encodeURIComponent(token)}`;
}
