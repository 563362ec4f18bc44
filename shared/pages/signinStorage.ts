/**
 * The sessionStorage keys the landing page and the sign-in return page share (one tab's storage,
 * gone when the tab closes). Neither page ever stores an access token.
 */
export const signinStorage = {
  /** `{state, verifier, invitationId}` of the sign-in this tab started. */
  pending: 'signin:pending',
  /** The fragment sign-in came back with (`code` and `state`, or `error`), until the landing page uses it. */
  returned: 'signin:return',
  /** Prefix of the link token kept per invitation across the sign-in round trip. */
  linkPrefix: 'invitation-link:',
} as const;
