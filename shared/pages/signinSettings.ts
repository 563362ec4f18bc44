import type { Config } from '../config';
import { pagePaths } from './html';

/** What the landing page's script needs to sign an invitee in (none of it is secret). */
export interface SigninSettings {
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  /**
   * The scope parameter: OpenID's `openid profile` (Entra puts tid, oid and name in the token for
   * them) and the API's scope.
   */
  readonly scope: string;
  /** One fixed URI for every invitation (Entra allows no wildcards); the invitation id travels in sessionStorage. */
  readonly redirectUri: string;
}

/** The sign-in settings from configuration: Entra's v2 endpoint paths under the authority. */
export function signinSettings(
  c: Pick<Config, 'SIGNIN_AUTHORITY' | 'SIGNIN_CLIENT_ID' | 'SIGNIN_SCOPE' | 'PUBLIC_BASE_URL'>,
): SigninSettings {
  const authority = c.SIGNIN_AUTHORITY.replace(/\/+$/, '');
  return {
    authorizeUrl: `${authority}/oauth2/v2.0/authorize`,
    tokenUrl: `${authority}/oauth2/v2.0/token`,
    clientId: c.SIGNIN_CLIENT_ID,
    scope: `openid profile ${c.SIGNIN_SCOPE}`,
    redirectUri: `${c.PUBLIC_BASE_URL.replace(/\/+$/, '')}${pagePaths.signinReturn}`,
  };
}

/** The origin the page's script may fetch() besides its own: the token endpoint's, when elsewhere. */
export function connectOrigins(settings: Pick<SigninSettings, 'tokenUrl'>): string[] {
  return URL.canParse(settings.tokenUrl) ? [new URL(settings.tokenUrl).origin] : [];
}
