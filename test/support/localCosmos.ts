import type { Container, CosmosClient } from '@azure/cosmos';
import type { LocalCosmos } from '../../infra/local/cosmos/cosmosServer';
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
    const c = createCosmosClient({
      endpoint: env.COSMOS_ENDPOINT as string,
      key: env.COSMOS_KEY,
      caCertFile: env.COSMOS_CA_CERT_FILE,
    });
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

/**
 * The Cosmos stand-in with its fault injection, for one test file: the product's own client
 * (shared/store/cosmosClient.ts) and one container per name (partition key /id). Faults are
 * cleared before each test.
 */
export function useFaultyCosmos(names: readonly string[]): {
  cosmos(): LocalCosmos;
  container(name: string): Container;
} {
  let cosmos: LocalCosmos;
  let client: CosmosClient;
  const made = new Map<string, Container>();
  beforeAll(async () => {
    const started = await startCosmos();
    cosmos = started.cosmos;
    client = createCosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, caCertFile: cosmos.caCertFile });
    const { database } = await client.databases.createIfNotExists({ id: started.env.COSMOS_DATABASE as string });
    for (const id of names)
      made.set(id, (await database.containers.createIfNotExists({ id, partitionKey: { paths: ['/id'] } })).container);
  });
  afterAll(async () => {
    client.dispose();
    await cosmos.close();
  });
  beforeEach(() => {
    cosmos.faults.clear();
    cosmos.faults.resetCounts();
  });
  return { cosmos: () => cosmos, container: (name) => made.get(name) as Container };
}
