/**
 * The landing page's one script, served from this origin (the CSP allows no inline script). It keeps
 * the link token (`#t=`, or `?t=`) in sessionStorage across the sign-in round trip, takes the access
 * token from `#access_token=` into memory only, wipes both from the address bar, then POSTs the
 * answer with the bearer token. Plain ES2017, no dependencies: it runs as written.
 */
export const LANDING_JS = String.raw`(function () {
  'use strict';
  var root = document.getElementById('answer');
  if (!root) return;
  var $ = function (id) { return document.getElementById(id); };
  var id = root.getAttribute('data-invitation-id');
  var signinUrl = root.getAttribute('data-signin-url') || '';
  var key = 'invitation-link:' + id;
  var hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  var query = new URLSearchParams(location.search);
  var linkToken = hash.get('t') || query.get('t');
  var accessToken = hash.get('access_token');
  var store = {
    get: function () { try { return sessionStorage.getItem(key); } catch (e) { return null; } },
    set: function (v) { try { sessionStorage.setItem(key, v); } catch (e) { /* private mode: memory only */ } },
    clear: function () { try { sessionStorage.removeItem(key); } catch (e) { /* nothing kept */ } }
  };
  if (linkToken) store.set(linkToken);
  else linkToken = store.get();
  // Neither token stays in the address bar, the history or a bookmark.
  if (location.hash || query.has('t')) history.replaceState(null, '', location.pathname);

  var status = $('status');
  var say = function (text) { status.textContent = text; };
  root.hidden = false;

  if (!linkToken) {
    say('This page needs the whole link from your email, including the part after "#". Open the link from the email again.');
    return;
  }
  var showSignin = function (text) {
    $('answer-form').hidden = true;
    if (!signinUrl) {
      say('Sign-in is not available on this page. Accept in your admin portal, or ask the partner for help.');
      return;
    }
    var button = $('signin');
    button.hidden = false;
    button.onclick = function () {
      var sep = signinUrl.indexOf('?') < 0 ? '?' : '&';
      location.assign(signinUrl + sep + 'returnTo=' + encodeURIComponent(location.pathname));
    };
    say(text);
  };
  if (!accessToken) {
    showSignin('Sign in as a Global Administrator of your organisation to accept or decline.');
    return;
  }

  var who = '';
  try {
    var claims = JSON.parse(atob(accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    who = claims.name || claims.preferred_username || claims.email || '';
  } catch (e) { /* the name is only a courtesy */ }
  $('answer-form').hidden = false;
  say('Signed in' + (who ? ' as ' + who : '') + '. Accept or decline the invitation.');

  var busy = function (on) { $('accept').disabled = on; $('decline').disabled = on; };
  var finish = function (text) {
    store.clear();
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
    send(root.getAttribute('data-accept-url'), body, function (r) {
      finish('You accepted the invitation from ' + r.partner.name + '. The relationship is being set up and ' + r.partner.name + ' will be told.');
    });
  };
  $('decline').onclick = function () {
    send(root.getAttribute('data-decline-url'), { token: linkToken }, function (r) {
      finish('You declined the invitation from ' + r.partner.name + '. Nothing was granted.');
    });
  };
})();
`;
