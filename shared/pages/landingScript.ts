import { signinStorage } from './signinStorage';

/**
 * The landing page's one script, served from this origin (the CSP allows no inline script). It keeps
 * the link token (`#t=`, or `?t=`) in sessionStorage and wipes it from the address bar; signs the
 * invitee in with the OAuth 2.0 authorization code flow and PKCE (S256), as Entra's v2 endpoints
 * expect from a single-page app; keeps the access token in memory only; then POSTs the answer with
 * it. Plain ES2017, no dependencies: it runs as written.
 */
export const LANDING_JS = String.raw`(function () {
  'use strict';
  var root = document.getElementById('answer');
  if (!root) return;
  var PENDING = ${JSON.stringify(signinStorage.pending)};
  var RETURNED = ${JSON.stringify(signinStorage.returned)};
  var $ = function (id) { return document.getElementById(id); };
  var data = function (name) { return root.getAttribute('data-' + name) || ''; };
  var id = data('invitation-id');
  var linkKey = ${JSON.stringify(signinStorage.linkPrefix)} + id;
  var store = {
    get: function (k) { try { return sessionStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { sessionStorage.setItem(k, v); return true; } catch (e) { return false; } },
    take: function (k) { var v = store.get(k); try { sessionStorage.removeItem(k); } catch (e) { /* nothing kept */ } return v; }
  };
  var hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  var query = new URLSearchParams(location.search);
  var linkToken = hash.get('t') || query.get('t');
  if (linkToken) store.set(linkKey, linkToken);
  else linkToken = store.get(linkKey);
  // The link token stays out of the address bar, the history and bookmarks.
  if (location.hash || query.has('t')) history.replaceState(null, '', location.pathname);

  var status = $('status');
  var say = function (text) { status.textContent = text; };
  root.hidden = false;
  if (!linkToken) {
    say('This page needs the whole link from your email, including the part after "#". Open the link from the email again.');
    return;
  }

  // In memory only: never stored, never in a URL, gone when the page closes.
  var accessToken = null;

  var base64url = function (bytes) {
    var text = '';
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  var randomText = function (size) { var b = new Uint8Array(size); crypto.getRandomValues(b); return base64url(b); };

  var showSignin = function (text) {
    accessToken = null;
    $('answer-form').hidden = true;
    $('signin').hidden = false;
    $('signin').disabled = false;
    say(text);
  };
  $('signin').onclick = function () {
    if (!window.crypto || !crypto.subtle || !window.TextEncoder) {
      showSignin('This browser cannot sign in here (no Web Crypto). Try an up-to-date browser.');
      return;
    }
    $('signin').disabled = true;
    // RFC 7636: a 43-character verifier from 32 random bytes; the challenge is its SHA-256.
    var verifier = randomText(32);
    var state = randomText(16);
    crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then(function (digest) {
      if (!store.set(PENDING, JSON.stringify({ state: state, verifier: verifier, invitationId: id }))) {
        showSignin('This browser does not let the page keep its sign-in (session storage is off), so signing in cannot work here.');
        return;
      }
      var params = new URLSearchParams({
        client_id: data('client-id'), response_type: 'code', redirect_uri: data('redirect-uri'),
        // In the fragment, the code never reaches a server log.
        response_mode: 'fragment', scope: data('scope'), state: state,
        code_challenge: base64url(new Uint8Array(digest)), code_challenge_method: 'S256', prompt: 'select_account'
      });
      location.assign(data('authorize-url') + '?' + params.toString());
    }).catch(function () {
      showSignin('This browser cannot sign in here (no Web Crypto). Try an up-to-date browser.');
    });
  };

  var signedIn = function () {
    var who = '';
    try {
      var claims = JSON.parse(atob(accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      who = claims.name || claims.preferred_username || claims.email || '';
    } catch (e) { /* the name is only a courtesy */ }
    $('signin').hidden = true;
    $('answer-form').hidden = false;
    say('Signed in' + (who ? ' as ' + who : '') + '. Accept or decline the invitation.');
  };

  /** Redeems the code at the token endpoint, as a public client: the verifier is the proof. */
  var redeem = function (code, verifier) {
    say('Completing sign-in…');
    var body = new URLSearchParams({
      client_id: data('client-id'), grant_type: 'authorization_code', code: code,
      redirect_uri: data('redirect-uri'), code_verifier: verifier, scope: data('scope')
    });
    fetch(data('token-url'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer'
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (json) {
        if (!r.ok || typeof json.access_token !== 'string') {
          showSignin('Sign-in could not be completed: ' + (json.error_description || json.error || 'HTTP ' + r.status) + '. Sign in again.');
          return;
        }
        accessToken = json.access_token;
        signedIn();
      });
    }).catch(function () {
      showSignin('Sign-in could not be completed: the sign-in service did not answer. Check your connection and sign in again.');
    });
  };

  /** What sign-in sent back (through the return page), checked against what this page started. */
  var resume = function () {
    var returned = store.take(RETURNED);
    if (!returned) {
      showSignin('Sign in as a Global Administrator of your organisation to accept or decline.');
      return;
    }
    var pending = null;
    try { pending = JSON.parse(store.take(PENDING) || 'null'); } catch (e) { pending = null; }
    var answer = new URLSearchParams(returned);
    // The state proves this answer belongs to the sign-in this tab started for this invitation.
    if (!pending || pending.invitationId !== id || !answer.get('state') || answer.get('state') !== pending.state) {
      showSignin('The sign-in that came back is not the one this page started, so it was not used. Sign in again.');
      return;
    }
    if (answer.get('error') === 'access_denied') {
      showSignin('Sign-in was cancelled, or the permissions it asks for were not granted. To answer, sign in again and accept them.');
      return;
    }
    if (answer.get('error') || !answer.get('code')) {
      showSignin('Sign-in failed: ' + (answer.get('error_description') || answer.get('error') || 'no code came back') + '. Sign in again.');
      return;
    }
    redeem(answer.get('code'), pending.verifier);
  };

  var busy = function (on) { $('accept').disabled = on; $('decline').disabled = on; };
  var finish = function (text) {
    store.take(linkKey);
    accessToken = null;
    $('answer-form').hidden = true;
    say('');
    var done = $('confirmation');
    done.textContent = text;
    done.hidden = false;
  };
  var send = function (url, body, onDone) {
    busy(true);
    say('Sending your answer…');
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + accessToken },
      body: JSON.stringify(body),
      credentials: 'omit',
      referrerPolicy: 'no-referrer'
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (json) {
        busy(false);
        if (r.ok) return onDone(json);
        if (r.status === 401) return showSignin('Your sign-in has expired. Sign in again.');
        say(json.detail || 'Your answer was refused (HTTP ' + r.status + ').');
      });
    }).catch(function () {
      busy(false);
      say('Your answer could not be sent. Check your connection and try again.');
    });
  };

  $('accept').onclick = function () {
    var body = { token: linkToken };
    var agree = $('agree');
    if (agree) body.acceptCustomerAgreement = agree.checked;
    send(data('accept-url'), body, function (r) {
      finish('You accepted the invitation from ' + r.partner.name + '. The relationship is being set up and ' + r.partner.name + ' will be told.');
    });
  };
  $('decline').onclick = function () {
    send(data('decline-url'), { token: linkToken }, function (r) {
      finish('You declined the invitation from ' + r.partner.name + '. Nothing was granted.');
    });
  };

  resume();
})();
`;
