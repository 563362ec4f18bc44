import { randomBytes } from 'node:crypto';
import { startEmailSinkServer } from '../../infra/local/email/server';
import { startIdentityServer } from '../../infra/local/identity/server';
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
  token(claims: { tenantId: string; userId: string; email: string; roles?: string[]; wids?: string[]; name?: string; tenantCountry?: string }): Promise<string>;
  /** Messages in the dev inbox for an address. */
  inbox(to: string): Promise<Array<{ id: string; to: string[]; subject: string; text: string | null; html: string | null; links: string[] }>>;
  emailSinkUrl: string;
  restartHost(opts?: { kill?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export async function startProductStack(extraEnv: NodeJS.ProcessEnv = {}): Promise<ProductStack> {
  const { cosmos, env: cosmosEnv } = await startCosmos();
  const accessKey = randomBytes(32).toString('base64');
  const sink = await startEmailSinkServer({ port: 0, accessKey });
  const identity = await startIdentityServer({ port: 0, audience: AUDIENCE });
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
    ...extraEnv,
  };
  // Links in emails are built from the public base URL, so the host's port is chosen up front.
  const port = await freePort();
  env.PUBLIC_BASE_URL = `http://localhost:${port}`;
  let host = await spawnHost({ appDir: repoRoot, env, port });
  const stack: ProductStack = {
    url: host.url,
    host,
    env,
    emailSinkUrl: sink.url,
    async token(claims) {
      const r = await call(`${identity.url}/dev/token`, { json: claims });
      if (r.status !== 200) throw new Error(`token: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.accessToken as string;
    },
    async inbox(to) {
      return (await call(`${sink.url.replace(/\/$/, '')}/dev/inbox/messages?to=${encodeURIComponent(to)}`)).body;
    },
    async restartHost(opts = {}) {
      await (opts.kill ? host.kill() : host.stop());
      host = await spawnHost({ appDir: repoRoot, env, port });
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
