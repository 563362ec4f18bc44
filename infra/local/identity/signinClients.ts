/**
 * The apps the dev issuer lets users sign in to, as an Entra app registration of type "spa" lists
 * them: a client id and the exact redirect URIs (no wildcards, as in Entra).
 */
export interface SigninClient {
  readonly clientId: string;
  readonly redirectUris: readonly string[];
}

/**
 * The landing page's client id under `npm start` and in tests; shared/config.ts defaults
 * SIGNIN_CLIENT_ID to the same value (test/integration/dev-issuer-signin checks they agree).
 */
export const LOCAL_SIGNIN_CLIENT_ID = '5a1e0000-0000-4000-8000-00000000c0de';

/** The client registered under `clientId`, if any. */
export function findClient(clients: readonly SigninClient[], clientId: string): SigninClient | undefined {
  return clients.find((c) => c.clientId === clientId);
}

/** The browser origins allowed to redeem codes: those of the registered redirect URIs. */
export function redirectOrigins(clients: readonly SigninClient[]): Set<string> {
  return new Set(clients.flatMap((c) => c.redirectUris.map((u) => new URL(u).origin)));
}
