// Reads the product's containers straight from the Cosmos stand-in, for the soak's invariants
// (faults are off by then): one client per check, disposed after.
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import type { ProductStack } from '../support/productStack';

export type Doc = Record<string, any>;

export interface StoreReader {
  /** Every document of a container. */
  all<T = Doc>(name: keyof typeof containers): Promise<T[]>;
  dispose(): void;
}

export function storeReader(stack: ProductStack): StoreReader {
  const env = stack.env;
  const client = createCosmosClient({
    endpoint: env.COSMOS_ENDPOINT as string,
    key: env.COSMOS_KEY,
    caCertFile: env.COSMOS_CA_CERT_FILE,
  });
  const db = client.database(env.COSMOS_DATABASE as string);
  return {
    all: async <T = Doc>(name: keyof typeof containers) =>
      (await db.container(containers[name].id).items.query<T>('SELECT * FROM c').fetchAll()).resources,
    dispose: () => client.dispose(),
  };
}
