import { CosmosClient, Database } from '@azure/cosmos';
import { containers } from './containers';

/**
 * Creates the database and every declared container if absent. Used only against the local server
 * or the emulator: in Azure the Bicep declares them and the app's data-plane role cannot.
 */
export async function ensureContainers(client: CosmosClient, databaseId: string): Promise<Database> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  for (const spec of Object.values(containers)) {
    const excluded = ('excludedPaths' in spec ? spec.excludedPaths : []) as readonly string[];
    await database.containers.createIfNotExists({
      id: spec.id,
      partitionKey: { paths: [spec.partitionKeyPath] },
      ...('defaultTtl' in spec ? { defaultTtl: spec.defaultTtl } : {}),
      indexingPolicy: {
        indexingMode: 'consistent',
        includedPaths: [{ path: '/*' }],
        excludedPaths: [...excluded.map((p) => ({ path: p })), { path: '/"_etag"/?' }],
      },
    });
  }
  return database;
}
