// The audit log's batched append against the Cosmos-protocol server through @azure/cosmos: one
// request for a send's entries, and a retry after a partial write completes without duplicates
// or overwrites (the local server's batch is not atomic, Cosmos's is; both must end the same).
import type { Container } from '@azure/cosmos';
import type { LocalCosmos } from '../../infra/local/cosmos/cosmosServer';
import { systemActor } from '../../shared/domain/invitation';
import { type AuditEntry, cosmosAuditLog } from '../../shared/store/audit';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { ensureContainers } from '../../shared/store/ensureContainers';
import { startCosmos } from '../support/hostProcess';

const PARTNER = 'aaaaaaaa-1111-4111-8111-111111111111';
const PROVIDER = 'bbbbbbbb-2222-4222-8222-222222222222';
const entry = (action: string, at: string): Omit<AuditEntry, 'id' | 'tenantId'> => ({
  at,
  actor: systemActor,
  action,
  subject: { type: 'invitation', id: 'i1' },
  correlationId: 'i1',
});

let cosmos: LocalCosmos;
let container: Container;
let client: ReturnType<typeof createCosmosClient>;
let requests: string[] = [];

beforeAll(async () => {
  const c = await startCosmos();
  cosmos = c.cosmos;
  client = createCosmosClient({
    endpoint: c.env.COSMOS_ENDPOINT as string,
    key: c.env.COSMOS_KEY,
    caCertFile: c.env.COSMOS_CA_CERT_FILE,
  });
  const db = await ensureContainers(client, c.env.COSMOS_DATABASE as string);
  container = db.container(containers.audit.id);
});
afterAll(async () => {
  client.dispose();
  await cosmos.close();
});

/** Audit documents of a tenant, by id. */
async function stored(tenantId: string): Promise<Map<string, AuditEntry>> {
  const { resources } = await container.items
    .query<AuditEntry>(
      { query: 'SELECT * FROM c WHERE c.tenantId = @t', parameters: [{ name: '@t', value: tenantId }] },
      { partitionKey: tenantId },
    )
    .fetchAll();
  return new Map(resources.map((r) => [r.id, r]));
}

/** The audit log over a container whose write calls are recorded. */
function countingLog() {
  requests = [];
  const counted = new Proxy(container.items, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' && (prop === 'batch' || prop === 'create' || prop === 'upsert')
        ? (...a: unknown[]) => (requests.push(String(prop)), v.apply(target, a))
        : v;
    },
  });
  return cosmosAuditLog(new Proxy(container, { get: (t, p, r) => (p === 'items' ? counted : Reflect.get(t, p, r)) }));
}

describe('audit log appendAll', () => {
  it("appends a send's two entries for each tenant in one batch per tenant", async () => {
    const log = countingLog();
    await log.appendAll(
      [PARTNER, PROVIDER],
      [
        { entry: entry('invitation.created', '2026-01-01T00:00:00.000Z'), key: 'created:i1' },
        { entry: entry('invitation.emailed', '2026-01-01T00:00:01.000Z'), key: 'emailed:i1:1' },
      ],
    );
    expect(requests).toEqual(['batch', 'batch']);
    for (const tenant of [PARTNER, PROVIDER]) {
      const docs = await stored(tenant);
      expect([...docs.keys()].sort()).toEqual(['created:i1', 'emailed:i1:1']);
      expect(docs.get('created:i1')).toMatchObject({ tenantId: tenant, action: 'invitation.created' });
    }
  });

  it('a retry after a partial write completes the rest and rewrites nothing', async () => {
    const log = countingLog();
    await log.append([PARTNER], entry('invitation.created', '2026-02-01T00:00:00.000Z'), 'created:i2');
    const before = (await stored(PARTNER)).get('created:i2');
    requests = [];
    await log.appendAll(
      [PARTNER],
      [
        { entry: entry('invitation.created', '2026-02-01T00:00:09.000Z'), key: 'created:i2' },
        { entry: entry('invitation.emailed', '2026-02-01T00:00:01.000Z'), key: 'emailed:i2:1' },
      ],
    );
    expect(requests[0]).toBe('batch');
    const docs = await stored(PARTNER);
    expect(docs.get('emailed:i2:1')).toMatchObject({ action: 'invitation.emailed' });
    // The first entry keeps its first write: an audit entry is never rewritten.
    expect(docs.get('created:i2')).toMatchObject({
      at: '2026-02-01T00:00:00.000Z',
      _etag: before?.['_etag' as keyof AuditEntry],
    });
    // Run again whole: nothing changes, nothing fails.
    await log.appendAll(
      [PARTNER],
      [{ entry: entry('invitation.emailed', '2026-02-01T00:00:01.000Z'), key: 'emailed:i2:1' }],
    );
    expect([...(await stored(PARTNER)).keys()].filter((k) => k.endsWith('i2') || k.includes(':i2:')).sort()).toEqual([
      'created:i2',
      'emailed:i2:1',
    ]);
  });
});
