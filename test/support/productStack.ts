import { randomBytes } from 'node:crypto';
import { type DemoUser, programOperator } from '../../infra/local/identity/demoDirectory';
import type { LocalCosmos } from '../../infra/local/cosmos/cosmosServer';
import type { EmailSink } from '../../infra/local/email/emailSink';
import { startEmailSinkServer } from '../../infra/local/email/server';
import { startIdentityServer } from '../../infra/local/identity/server';
import { LOCAL_SIGNIN_CLIENT_ID } from '../../infra/local/identity/signinClients';
import { pagePaths } from '../../shared/pages/html';
import { HostProcess, call, freePort, repoRoot, spawnHost, startCosmos } from './hostProcess';

export const AUDIENCE = 'api://reseller-connect-tests';

/**
 * The product on the embedded host with every stand-in: Cosmos (TLS), the ACS email sink and the
 * dev token issuer, all real protocol endpoints in this test process; the host in a child process.
 */
export interface ProductStack {
  url: string;
  host: HostProcess;
  env: NodeJS.ProcessEnv;
  /** A bearer token for any identity (claims as the dev issuer takes them). */
  token(claims: {
    tenantId: string;
    userId: string;
    email: string;
    roles?: string[];
    wids?: string[];
    name?: string;
    tenantCountry?: string;
    scopes?: string[];
    appId?: string;
  }): Promise<string>;
  /** Messages in the dev inbox for an address. */
  inbox(
    to: string,
  ): Promise<
    Array<{ id: string; to: string[]; subject: string; text: string | null; html: string | null; links: string[] }>
  >;
  emailSinkUrl: string;
  /** The stand-ins themselves, for fault injection (`cosmos.faults`, `emailSink.injectFaults`). */
  cosmos: LocalCosmos;
  emailSink: EmailSink;
  /** An Authorization header for a demo user (its roles, directory roles and country as claims). */
  bearer(u: DemoUser): Promise<{ authorization: string }>;
  /** Settles the host (virtual time's quiescence) and polls until `probe` yields a value. */
  until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T>;
  /** `kill`: SIGKILL instead of SIGTERM; `virtualTimeStart`: the new host's clock starts there (default now). */
  restartHost(opts?: { kill?: boolean; virtualTimeStart?: Date }): Promise<void>;
  stop(): Promise<void>;
}

/** `appDir`: the app the host loads (default the repository, whose package.json "main" is the tsc build). */
export async function startProductStack(
  extraEnv: NodeJS.ProcessEnv = {},
  { appDir = repoRoot }: { appDir?: string } = {},
): Promise<ProductStack> {
  const { cosmos, env: cosmosEnv } = await startCosmos();
  const accessKey = randomBytes(32).toString('base64');
  const sink = await startEmailSinkServer({ port: 0, accessKey });
  // Links in emails and the sign-in redirect URI are built from the public base URL, so the host's
  // port is chosen up front.
  const port = await freePort();
  const publicBaseUrl = `http://localhost:${port}`;
  const identity = await startIdentityServer({
    port: 0,
    audience: AUDIENCE,
    clients: [{ clientId: LOCAL_SIGNIN_CLIENT_ID, redirectUris: [`${publicBaseUrl}${pagePaths.signinReturn}`] }],
  });
  const env: NodeJS.ProcessEnv = {
    ...cosmosEnv,
    ACS_CONNECTION_STRING: `endpoint=${sink.url.replace(/\/$/, '')}/;accesskey=${accessKey}`,
    EMAIL_QUOTA_PER_MINUTE: '0',
    EMAIL_QUOTA_PER_HOUR: '0',
    AUTH_ISSUER: identity.issuer,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_JWKS_URI: identity.jwksUri,
    INVITATION_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    DURABLE_TASK_HUB_NAME: 'testhub',
    // The demo program's operator enrols the partners (test/support/enrolment.ts).
    PROGRAM_OPERATOR_TENANT_ID: programOperator.tenantId,
    // The landing page signs in at the dev issuer (SIGNIN_AUTHORITY's default, /dev, when DEV_UPSTREAM reaches it).
    SIGNIN_SCOPE: `${AUDIENCE}/Invitations.Answer`,
    ...extraEnv,
  };
  env.PUBLIC_BASE_URL = publicBaseUrl;
  let host = await spawnHost({ appDir, env, port });
  const stack: ProductStack = {
    url: host.url,
    host,
    env,
    emailSinkUrl: sink.url,
    cosmos,
    emailSink: sink.sink,
    async token(claims) {
      const r = await call(`${identity.url}/dev/token`, { json: claims });
      if (r.status !== 200) throw new Error(`token: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.accessToken as string;
    },
    async bearer(u) {
      const token = await stack.token({
        tenantId: u.tenantId,
        userId: u.userId,
        email: u.email,
        roles: [...(u.roles ?? [])],
        wids: [...(u.wids ?? [])],
        tenantCountry: u.tenantCountry,
      });
      return { authorization: `Bearer ${token}` };
    },
    async until(what, probe) {
      for (let i = 0; i < 200; i++) {
        await call(`${stack.url}/dev/time/settle`, { method: 'POST' });
        const v = await probe();
        if (v !== undefined) return v;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${what}\n${stack.host.output().slice(-3000)}`);
    },
    async inbox(to) {
      return (await call(`${sink.url.replace(/\/$/, '')}/dev/inbox/messages?to=${encodeURIComponent(to)}`)).body;
    },
    async restartHost(opts = {}) {
      await (opts.kill ? host.kill() : host.stop());
      host = await spawnHost({
        appDir,
        env,
        port,
        ...(opts.virtualTimeStart ? { virtualTimeStart: opts.virtualTimeStart } : {}),
      });
      stack.url = host.url;
      stack.host = host;
    },
    async stop() {
      await host.stop();
      await sink.close();
      await identity.close();
      await cosmos.close();
    },
  };
  return stack;
}
