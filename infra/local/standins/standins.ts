import { programOperator } from '../identity/demoDirectory';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type LocalCosmos, startLocalCosmos } from '../cosmos/cosmosServer';
import { acsEmailLimits, sendQuota } from '../../../shared/email/acsLimits';
import { handleFaultRoute } from '../cosmos/faults';
import { createEmailSink } from '../email/emailSink';
import { emailDeliveryReportFunction } from '../../../functions/names';
import { pagePaths } from '../../../shared/pages/html';
import { createDevIssuer } from '../identity/devIssuer';
import { LOCAL_SIGNIN_CLIENT_ID } from '../identity/signinClients';
import { loadOrCreateSecret } from './secretFile';
import { createDevWebhookReceiver } from '../webhooks/devReceiver';

/** The audience the dev issuer puts in tokens and the app expects (an Entra app id URI in Azure). */
export const LOCAL_AUDIENCE = 'api://reseller-connect';

export interface StandinsOptions {
  /** Certificates, the inbox, the issuer key and the ACS key live here. */
  readonly dataDir: string;
  /** 0 or absent picks free ports. */
  readonly cosmosPort?: number;
  readonly port?: number;
  /** Where the host serves the API; the issuer is `<publicBaseUrl>/dev`, reached through the host's /dev proxy. */
  readonly publicBaseUrl: string;
  /** False when the app is pointed at another Cosmos endpoint (emulator, Azure account). */
  readonly localCosmos?: boolean;
  /**
   * The email sink enforces ACS's per-subscription rate limits of this domain type
   * (EMAIL_SINK_LIMITS=azureManaged|customDomain for `npm start`), and the app is paced under them.
   */
  readonly emailLimits?: keyof typeof acsEmailLimits;
}

/** The settings the app and the host read (see shared/config.ts), pointing at the stand-ins. */
export type StandinsEnv = Record<string, string>;

export interface Standins {
  /** The stand-ins' own HTTP server (the host's DEV_UPSTREAM). */
  readonly url: string;
  readonly env: StandinsEnv;
  close(): Promise<void>;
}

/**
 * Starts what stands in for Azure, in this process: the Cosmos-protocol server over TLS, and one
 * loopback HTTP server for the ACS email sink (with the dev inbox) and the dev token issuer.
 */
export async function startStandins(o: StandinsOptions): Promise<Standins> {
  const accessKey = loadOrCreateSecret(path.join(o.dataDir, 'acs-access-key'));
  const limits = o.emailLimits ? acsEmailLimits[o.emailLimits] : undefined;
  // Delivery reports go to the host's Event Grid webhook, as ACS's go through Event Grid in Azure.
  const deliveryReportsTo = `${o.publicBaseUrl.replace(/\/+$/, '')}/runtime/webhooks/eventgrid?functionName=${emailDeliveryReportFunction}`;
  const sink = createEmailSink({ accessKey, dataFile: path.join(o.dataDir, 'inbox.json'), limits, deliveryReportsTo });
  const issuer = await createDevIssuer({
    issuer: `${o.publicBaseUrl.replace(/\/+$/, '')}/dev`,
    audience: LOCAL_AUDIENCE,
    keyFile: path.join(o.dataDir, 'identity-key.json'),
    // The landing page, registered as Entra's spa app would be: the app's defaults for
    // SIGNIN_AUTHORITY (/dev), SIGNIN_CLIENT_ID and SIGNIN_SCOPE point here.
    clients: [
      {
        clientId: LOCAL_SIGNIN_CLIENT_ID,
        redirectUris: [`${o.publicBaseUrl.replace(/\/+$/, '')}${pagePaths.signinReturn}`],
      },
    ],
  });
  const webhooks = createDevWebhookReceiver();
  const server = createServer((req, res) => void route(req, res));
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if ((await sink.handle(req, res)) || (await issuer.handle(req, res)) || (await webhooks.handle(req, res))) return;
      // Which tenant runs the demo program, for scripts and tests that enrol partners through it.
      if (req.method === 'GET' && req.url?.split('?')[0] === '/dev/program')
        return sendJson(res, 200, { operatorTenantId: programOperator.tenantId });
      // Cosmos fault injection, also here so the host's /dev proxy reaches
      // it (http://localhost:7071/dev/cosmos/faults).
      if (cosmos && req.url?.split('?')[0] === '/dev/cosmos/faults')
        return await handleFaultRoute(req, res, cosmos.faults);
      sendJson(res, 404, { code: 'not_found', detail: `No stand-in serves ${req.method} ${req.url?.split('?')[0]}.` });
    } catch (e) {
      console.error(`[standins] ${req.method} ${req.url?.split('?')[0]} failed: ${(e as Error)?.message ?? e}`);
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { code: 'internal', detail: 'A stand-in failed to handle the request.' });
    }
  };
  // Loopback only: the dev routes mint tokens and show mail without any authentication.
  await listen(server, o.port ?? 0, '127.0.0.1');
  let cosmos: LocalCosmos | undefined;
  try {
    if (o.localCosmos !== false)
      cosmos = await startLocalCosmos({ port: o.cosmosPort, certDir: path.join(o.dataDir, 'certs') });
  } catch (e) {
    await close(server);
    throw e;
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env: StandinsEnv = {
    ...(cosmos
      ? { COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: cosmos.key, COSMOS_CA_CERT_FILE: cosmos.caCertFile }
      : {}),
    ACS_CONNECTION_STRING: `endpoint=${url}/;accesskey=${accessKey}`,
    // The local sink has no quota unless told to enforce ACS's (then the app paces under it).
    EMAIL_QUOTA_PER_MINUTE: String(limits ? sendQuota(limits).perMinute : 0),
    EMAIL_QUOTA_PER_HOUR: String(limits ? sendQuota(limits).perHour : 0),
    AUTH_ISSUER: `${o.publicBaseUrl.replace(/\/+$/, '')}/dev`,
    AUTH_AUDIENCE: LOCAL_AUDIENCE,
    // Straight to the stand-ins, so verifying a token never loops back through the host it runs in.
    AUTH_JWKS_URI: `${url}/dev/keys`,
    DEV_UPSTREAM: url,
    // The demo program's operator (infra/local/identity/demoDirectory.ts): its ProgramAdmin enrols the partners.
    PROGRAM_OPERATOR_TENANT_ID: programOperator.tenantId,
    // Webhooks to the dev receiver (/dev/webhooks/receive on these stand-ins: http on loopback).
    WEBHOOK_ALLOW_LOCAL_HTTP: 'true',
  };
  return {
    url,
    env,
    close: async () => {
      sink.close();
      await Promise.all([close(server), cosmos?.close()]);
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive sockets (the host's proxy, SDK clients) would otherwise hold close() open.
    server.closeAllConnections();
  });
}
