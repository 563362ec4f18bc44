import { escapeHtml as e, layout, pagePaths } from './html';

/**
 * The page sign-in sends the browser back to (the one registered redirect URI). It is the same for
 * everyone: its script hands the code, still in the fragment, to the invitation page it came from.
 */
export function renderSigninReturnPage(): string {
  return layout(
    'Signing you in',
    '<h1>Signing you in</h1>' +
      `<p id="status" role="status" aria-live="polite" data-invite-prefix="${e(pagePaths.invitePrefix)}">Taking you back to the invitation…</p>` +
      '<noscript><p class="note">Signing in needs JavaScript. Turn it on and open the link from your email again.</p></noscript>',
    pagePaths.signinReturnScript,
  );
}
