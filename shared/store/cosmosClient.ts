import { readFileSync } from 'node:fs';
import https from 'node:https';
import type * as CosmosSdk from '@azure/cosmos';
import type { CosmosClient } from '@azure/cosmos';
import type * as IdentitySdk from '@azure/identity';

// Loaded on first use, not at start-up: the Cosmos SDK alone takes ~200 ms to load, which every
// cold start would pay before serving even a health probe.
const cosmosSdk = (): typeof CosmosSdk => require('@azure/cosmos') as typeof CosmosSdk;
const identitySdk = (): typeof IdentitySdk => require('@azure/identity') as typeof IdentitySdk;

export interface CosmosConnection {
  endpoint: string;
  /** Account key (local server, emulator). Without it the managed identity is used. */
  key?: string;
  /** PEM of a self-signed certificate to trust for this client only (never process-wide). */
  caCertFile?: string;
  /** Client id of a user-assigned managed identity. */
  managedIdentityClientId?: string;
}

/** One CosmosClient per process; a local certificate is trusted through this client's agent only. */
export function createCosmosClient(c: CosmosConnection): CosmosClient {
  const agent = c.caCertFile ? new https.Agent({ ca: readFileSync(c.caCertFile), keepAlive: true }) : undefined;
  const { CosmosClient } = cosmosSdk();
  if (c.key)
    return new CosmosClient({
      endpoint: c.endpoint,
      key: c.key,
      agent,
      connectionPolicy: { enableEndpointDiscovery: false },
    });
  const { ManagedIdentityCredential, DefaultAzureCredential } = identitySdk();
  const aadCredentials = c.managedIdentityClientId
    ? new ManagedIdentityCredential({ clientId: c.managedIdentityClientId })
    : new DefaultAzureCredential();
  return new CosmosClient({ endpoint: c.endpoint, aadCredentials, agent });
}
