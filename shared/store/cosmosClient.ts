import { readFileSync } from 'node:fs';
import https from 'node:https';
import { CosmosClient } from '@azure/cosmos';
import { ManagedIdentityCredential, DefaultAzureCredential } from '@azure/identity';

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
  if (c.key) return new CosmosClient({ endpoint: c.endpoint, key: c.key, agent, connectionPolicy: { enableEndpointDiscovery: false } });
  const aadCredentials = c.managedIdentityClientId ? new ManagedIdentityCredential({ clientId: c.managedIdentityClientId }) : new DefaultAzureCredential();
  return new CosmosClient({ endpoint: c.endpoint, aadCredentials, agent });
}
