import { layout } from './html';

/**
 * The one page for every link that cannot be answered (unknown, answered, revoked, expired): the
 * same bytes whatever the reason, so nobody learns which it was.
 */
export function renderUnavailablePage(): string {
  return layout(
    'Invitation not available',
    '<h1>This invitation is not available</h1>' +
      '<p>The link may be incomplete, or the invitation may have been answered, withdrawn or expired.</p>' +
      '<p>If you expected to answer an invitation, ask the partner who sent it for a new one.</p>',
  );
}
