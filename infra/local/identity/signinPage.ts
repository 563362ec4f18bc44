import type { AuthorizeRequest } from './authorizeRequest';
import type { DemoDirectory, DemoUser } from './demoDirectory';
import { escapeHtml as e } from './httpIo';

/** The token page's user list: one plain form per demo user, grouped by tenant, so it works without JavaScript. */
export function renderSigninPage(directory: DemoDirectory, action: string): string {
  return page(
    'Dev sign-in',
    `<h1>Dev sign-in</h1><p>Local stand-in for Entra ID. The token will be shown for copying.</p>${userSections(directory, action, {})}`,
  );
}

/**
 * The authorize endpoint's page: pick a user (the code flow continues) or cancel (the app gets
 * error=access_denied). Each form carries the request back, and the POST checks it all again.
 */
export function renderAuthorizePage(directory: DemoDirectory, action: string, request: AuthorizeRequest): string {
  const hidden: Record<string, string> = {
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    response_type: 'code',
    response_mode: request.responseMode,
    scope: request.scope,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
    ...(request.state !== undefined ? { state: request.state } : {}),
  };
  const cancel = `<form method="post" action="${e(action)}">${hiddenInputs({ ...hidden, cancel: '1' })}<button type="submit">Cancel</button></form>`;
  return page(
    'Dev sign-in',
    `<h1>Dev sign-in</h1><p>Local stand-in for Entra ID. Sign in to <code>${e(new URL(request.redirectUri).origin)}</code>, ` +
      `which asks for <code>${e(request.resourceScopes.join(' '))}</code>.</p>${cancel}${userSections(directory, action, hidden)}`,
  );
}

function userSections(directory: DemoDirectory, action: string, hidden: Record<string, string>): string {
  return directory.tenants
    .map((tenant) => {
      const users = directory.users.filter((u) => u.tenantId === tenant.tenantId);
      if (users.length === 0) return '';
      const where = `${tenant.kind}, ${tenant.country}, ${tenant.cloud}${tenant.mpnId ? `, MPN ${tenant.mpnId}` : ''}`;
      return `<section><h2>${e(tenant.name)} <small>(${e(where)})</small></h2><ul>${users
        .map((u) => `<li>${userForm(u, action, hidden)}</li>`)
        .join('')}</ul></section>`;
    })
    .join('');
}

function userForm(user: DemoUser, action: string, hidden: Record<string, string>): string {
  const what = [...(user.roles ?? []), ...(user.wids?.length ? ['directory roles: ' + user.wids.join(', ')] : [])].join(
    '; ',
  );
  return (
    `<form method="post" action="${e(action)}">` +
    `<input type="hidden" name="userId" value="${e(user.userId)}">` +
    hiddenInputs(hidden) +
    `<button type="submit">${e(user.name)}</button> <span>${e(user.email)}</span>` +
    (what ? ` <small>${e(what)}</small>` : '') +
    `</form>`
  );
}

function hiddenInputs(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`)
    .join('');
}

/** Shown when no return target was given: the token, ready to paste into a client. */
export function renderTokenPage(user: DemoUser, token: string): string {
  return page(
    'Dev token',
    `<h1>Signed in as ${e(user.name)}</h1><p>${e(user.email)}</p>` +
      `<p>Send it as <code>Authorization: Bearer &lt;token&gt;</code>.</p>` +
      `<textarea readonly rows="12" cols="100" aria-label="Access token">${e(token)}</textarea>`,
  );
}

export function renderErrorPage(message: string): string {
  return page('Dev sign-in error', `<h1>Cannot sign in</h1><p>${e(message)}</p>`);
}

function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title>` +
    `<style>body{font-family:system-ui,sans-serif;margin:2rem}li{margin:.3rem 0}small{color:#555}</style>` +
    `</head><body>${body}</body></html>`
  );
}
