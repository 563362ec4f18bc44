/**
 * The one copy-paste command `npm start` prints to exercise the product.
 *
 * FEATURE: the invitations issue replaces this with a command that sends an invitation (a token
 * from POST /dev/token, then POST to the invitations API), so that a newcomer sees an email arrive
 * in the dev inbox. Until that API exists, the health check is the honest thing to offer.
 */
export function tryItCommand(baseUrl: string): string {
  return `curl ${baseUrl}/api/health`;
}
