import { signinStorage } from './signinStorage';

/**
 * The sign-in return page's script. It wipes the code from the address bar at once, keeps the
 * returned fragment in sessionStorage and replaces itself with the invitation page that started
 * the sign-in, which checks the state and redeems the code. It redeems nothing itself, so the access
 * token only ever lives in the memory of the page that uses it. Plain ES2017, no dependencies.
 */
export const SIGNIN_RETURN_JS = String.raw`(function () {
  'use strict';
  var PENDING = ${JSON.stringify(signinStorage.pending)};
  var RETURNED = ${JSON.stringify(signinStorage.returned)};
  var status = document.getElementById('status');
  var returned = location.hash.replace(/^#/, '');
  // Neither the code nor the state stays in the address bar, the history or a bookmark.
  history.replaceState(null, '', location.pathname);
  var pending = null;
  try { pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null'); } catch (e) { pending = null; }
  if (!returned || !pending || typeof pending.invitationId !== 'string') {
    status.textContent = 'This sign-in was not started from an invitation page in this browser tab, so it was not used. Open the link from your email again.';
    return;
  }
  try {
    sessionStorage.setItem(RETURNED, returned);
  } catch (e) {
    status.textContent = 'This browser did not let the page keep the sign-in (session storage is off). Open the link from your email again.';
    return;
  }
  location.replace(status.getAttribute('data-invite-prefix') + encodeURIComponent(pending.invitationId));
})();
`;
