import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CodeStore } from './authorizationCodes';
import { authorizeResponse, parseAuthorizeRequest } from './authorizeRequest';
import { type DemoDirectory, findDemoUser } from './demoDirectory';
import { mediaType, readBody, sendHtml, sendRedirect } from './httpIo';
import type { SigninClient } from './signinClients';
import { renderAuthorizePage, renderErrorPage } from './signinPage';
import { userTokenRequest } from './tokenRequest';

export interface AuthorizeEndpointOptions {
  /** The endpoint's own path, where the sign-in forms post back. */
  readonly path: string;
  readonly audience: string;
  readonly clients: readonly SigninClient[];
  readonly directory: DemoDirectory;
  readonly codes: CodeStore;
}

/**
 * `/oauth2/v2.0/authorize` as Entra's: GET shows who can sign in; POST (the page's forms) signs the
 * picked user in and sends the browser back to the app with `code` and `state`, or with
 * `error=access_denied` when the user cancels.
 */
export function makeAuthorizeEndpoint(o: AuthorizeEndpointOptions) {
  function get(url: URL, res: ServerResponse): void {
    const parsed = parseAuthorizeRequest(url.searchParams, o.clients, o.audience);
    if (parsed.kind === 'page') return sendHtml(res, 400, renderErrorPage(parsed.message));
    if (parsed.kind === 'redirect') return sendRedirect(res, parsed.location);
    sendHtml(res, 200, renderAuthorizePage(o.directory, o.path, parsed.request));
  }

  async function post(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (mediaType(req) !== 'application/x-www-form-urlencoded')
      return sendHtml(res, 415, renderErrorPage('Submit the sign-in form.'));
    const text = await readBody(req);
    if (text === undefined) return sendHtml(res, 413, renderErrorPage('The form is too large.'));
    const form = new URLSearchParams(text);
    const parsed = parseAuthorizeRequest(form, o.clients, o.audience);
    if (parsed.kind === 'page') return sendHtml(res, 400, renderErrorPage(parsed.message));
    if (parsed.kind === 'redirect') return sendRedirect(res, parsed.location);
    const request = parsed.request;
    if (form.get('cancel')) {
      return sendRedirect(
        res,
        authorizeResponse(request, { error: 'access_denied', error_description: 'The user cancelled the sign-in.' }),
      );
    }
    const user = findDemoUser(o.directory, form.get('userId') ?? '');
    if (!user) return sendHtml(res, 400, renderErrorPage('Pick one of the listed users.'));
    const code = o.codes.issue({
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      scopes: request.resourceScopes,
      user: userTokenRequest(user),
    });
    sendRedirect(res, authorizeResponse(request, { code }));
  }

  return { get, post };
}
