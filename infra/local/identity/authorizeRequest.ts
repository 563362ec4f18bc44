import { findClient, type SigninClient } from './signinClients';

/** A checked request to the authorize endpoint (RFC 6749 4.1.1 with RFC 7636's S256 challenge). */
export interface AuthorizeRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly responseMode: 'query' | 'fragment';
  readonly state?: string;
  readonly codeChallenge: string;
  /** The whole scope parameter, echoed to the sign-in form. */
  readonly scope: string;
  /** The resource scopes among them (the OpenID ones give nothing here). */
  readonly resourceScopes: readonly string[];
}

/**
 * Either the request, an error to show on the page (an unknown client or redirect URI: a
 * redirect could hand the error to a stranger, so Entra shows AADSTS700016 or AADSTS50011 instead),
 * or an error to send back to the app's redirect URI.
 */
export type AuthorizeParse =
  | { kind: 'ok'; request: AuthorizeRequest }
  | { kind: 'page'; message: string }
  | { kind: 'redirect'; location: string };

const openIdScopes = new Set(['openid', 'profile', 'email', 'offline_access']);
// BASE64URL of a SHA-256 digest is always 43 characters.
const s256Challenge = /^[A-Za-z0-9_-]{43}$/;
const maxStateLength = 2000;

/** Checks the parameters in Entra's order: client, redirect URI, then the rest. */
export function parseAuthorizeRequest(
  params: URLSearchParams,
  clients: readonly SigninClient[],
  audience: string,
): AuthorizeParse {
  const clientId = params.get('client_id') ?? '';
  const client = findClient(clients, clientId);
  if (!client)
    return { kind: 'page', message: `No application with client_id "${clientId}" is registered with the dev issuer.` };
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!client.redirectUris.includes(redirectUri)) {
    return { kind: 'page', message: `The redirect_uri "${redirectUri}" is not registered for this application.` };
  }
  const state = params.get('state') ?? undefined;
  const mode = params.get('response_mode') ?? 'query';
  const responseMode = mode === 'fragment' ? 'fragment' : 'query';
  const fail = (error: string, description: string): AuthorizeParse => ({
    kind: 'redirect',
    location: authorizeResponse({ redirectUri, responseMode, state }, { error, error_description: description }),
  });
  if (mode !== 'query' && mode !== 'fragment')
    return fail('invalid_request', 'response_mode must be query or fragment.');
  if (state !== undefined && state.length > maxStateLength) return fail('invalid_request', 'state is too long.');
  if (params.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code.');
  if (params.get('code_challenge_method') !== 'S256')
    return fail('invalid_request', 'PKCE is required with code_challenge_method=S256.');
  const codeChallenge = params.get('code_challenge') ?? '';
  if (!s256Challenge.test(codeChallenge))
    return fail('invalid_request', 'code_challenge must be the BASE64URL SHA-256 of the code_verifier.');
  const scope = params.get('scope') ?? '';
  const resourceScopes = resourceScopesOf(scope);
  const ours = (s: string) => s.startsWith(`${audience}/`) && /^[\w.-]+$/.test(s.slice(audience.length + 1));
  if (resourceScopes.length === 0 || !resourceScopes.every(ours)) {
    return fail('invalid_scope', `scope must name this API's scopes, such as ${audience}/Invitations.Answer.`);
  }
  return { kind: 'ok', request: { clientId, redirectUri, responseMode, state, codeChallenge, scope, resourceScopes } };
}

/** The scopes of a scope parameter that name a resource (the OpenID Connect ones give no access). */
export function resourceScopesOf(scope: string): string[] {
  return scope.split(' ').filter((s) => s && !openIdScopes.has(s));
}

/** The redirect URI with the response parameters in its query or fragment, and the state echoed. */
export function authorizeResponse(
  to: { redirectUri: string; responseMode: 'query' | 'fragment'; state?: string },
  params: Record<string, string>,
): string {
  const all = { ...params, ...(to.state !== undefined ? { state: to.state } : {}) };
  if (to.responseMode === 'fragment') return `${to.redirectUri}#${new URLSearchParams(all)}`;
  const url = new URL(to.redirectUri);
  for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  return url.toString();
}
