import type { Database } from '@azure/cosmos';
import { config } from '../config';
import { createCosmosClient } from './cosmosClient';

let database: Database | undefined;

/** The app's database on the one CosmosClient of this process, created on first use from config. */
export function appDatabase(): Database {
  if (!database) {
    const c = config();
    const client = createCosmosClient({
      endpoint: c.COSMOS_ENDPOINT,
      key: c.COSMOS_KEY,
      caCertFile: c.COSMOS_CA_CERT_FILE,
      managedIdentityClientId: c.AZURE_CLIENT_ID,
    });
    database = client.database(c.COSMOS_DATABASE);
  }
  return database;
}
