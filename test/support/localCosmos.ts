import type { CosmosClient } from '@azure/cosmos';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { ensureContainers } from '../../shared/store/ensureContainers';
import { startCosmos } from './hostProcess';

/**
 * The Cosmos-protocol server for one test file (started in beforeAll with every container of
 * shared/store/containers.ts, closed in afterAll). Each `client()` is a CosmosClient of its own, as
 * a separate process of the app would have; all are disposed at the end.
 */
export function useLocalCosmos(): { client(): CosmosClient; databaseId(): string } {
  let close: (() => Promise<void>) | undefined;
  let env: NodeJS.ProcessEnv = {};
  const clients: CosmosClient[] = [];
  const client = (): CosmosClient => {
    const c = createCosmosClient({ endpoint: env.COSMOS_ENDPOINT as string, key: env.COSMOS_KEY, caCertFile: env.COSMOS_CA_CERT_FILE });
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    const started = await startCosmos();
    close = () => started.cosmos.close();
    env = started.env;
    await ensureContainers(client(), env.COSMOS_DATABASE as string);
  });
  afterAll(async () => {
    for (const c of clients) c.dispose();
    await close?.();
  });
  return { client, databaseId: () => env.COSMOS_DATABASE as string };
}
