// A stranded invitation batch (issue 18): the submit dies after writing the batch and before
// starting its orchestration. The item the submit put before the batch comes due after the grace
// period, and the sweep starts the orchestration (once: its instance id derives from the batch id);
// a batch that started, or that was never written, only loses its item.
import { BATCH_START_GRACE_MS, batchIdOf, submitBatch } from '../../shared/batches/batch';
import type { Caller } from '../../shared/auth/caller';
import type { Partner } from '../../shared/domain/partner';
import type { BatchChunk, BatchDocument } from '../../shared/schemas/invitationBatches';
import type { InvitationBatchStore } from '../../shared/store/invitationBatches';
import type { RoleTemplateStore } from '../../shared/store/roleTemplates';
import { runSweep } from '../../shared/sweep/runSweep';
import { Fakes } from './sweepFakes';

const TENANT = 'd1000000-0000-4000-8000-000000000001';
const caller: Caller = {
  tenantId: TENANT,
  userId: 'f0000000-0000-4000-8000-000000010001',
  email: 'globaladmin@contoso.example',
  roles: ['GlobalAdmin'],
  wids: [],
  scopes: ['Relationships.Manage'],
};
const inviter: Partner = {
  tenantId: TENANT,
  name: 'Contoso',
  kind: 'direct',
  mpnId: '1',
  country: 'US',
  cloud: 'public',
  status: 'active',
};
const templates = { get: async () => undefined } as unknown as RoleTemplateStore;
const T0 = new Date('2026-12-06T12:00:00Z');

function memoryBatches(): InvitationBatchStore & { docs: Map<string, unknown> } {
  const docs = new Map<string, unknown>();
  const create = async (d: { id: string }) =>
    (docs.has(d.id) ? 'exists' : (docs.set(d.id, structuredClone(d)), 'created')) as 'created' | 'exists';
  return {
    docs,
    get: async (id) => (docs.has(id) ? { doc: structuredClone(docs.get(id)) as BatchDocument, etag: '1' } : undefined),
    create,
    replace: async () => 'conflict',
    getChunk: async (batchId, index) =>
      docs.has(`${batchId}:${index}`) ? { doc: docs.get(`${batchId}:${index}`) as BatchChunk, etag: '1' } : undefined,
    createChunk: create,
    replaceChunk: async () => 'conflict',
  };
}

/** The durable client as the sweep's port sees it: instances by id, the starts counted. */
function durable(batches: InvitationBatchStore) {
  const instances = new Set<string>();
  const starts: string[] = [];
  return {
    instances,
    starts,
    port: {
      status: async (id: string) => (await batches.get(id))?.doc.status,
      ensureStarted: async (id: string) => {
        if (instances.has(id)) return 'exists' as const;
        instances.add(id);
        starts.push(id);
        return 'started' as const;
      },
    },
  };
}

test('a submit that dies before the start leaves a batchStart item; the sweep starts the batch after the grace period, once', async () => {
  const f = new Fakes();
  const batches = memoryBatches();
  const dies = submitBatch(
    {
      batches,
      templates,
      dueItems: f.dueItems,
      startOrchestration: async () => {
        throw new Error('the process died');
      },
      now: () => T0,
    },
    caller,
    inviter,
    { rows: [{ recipientEmail: 'a@adatum.example' }], expiresInDays: 30 },
    'k',
  );
  await expect(dies).rejects.toThrow('the process died');
  const id = batchIdOf(TENANT, 'k');
  expect((await batches.get(id))?.doc.status).toBe('notStarted');
  expect([...f.due.values()]).toEqual([
    expect.objectContaining({
      kind: 'batchStart',
      targetId: id,
      dueAt: new Date(T0.getTime() + BATCH_START_GRACE_MS).toISOString(),
    }),
  ]);

  const d = durable(batches);
  const deps = { ...f.deps(), batches: d.port };
  // Within the grace period the submit's own start may still be on its way: nothing.
  expect(await runSweep(deps, new Date(T0.getTime() + 60_000))).toEqual({});
  expect(d.starts).toEqual([]);
  expect(await runSweep(deps, new Date(T0.getTime() + BATCH_START_GRACE_MS + 1))).toEqual({ 'batch.started': 1 });
  expect(d.starts).toEqual([id]);
  expect(f.due.size).toBe(0);
  expect(await runSweep(deps, new Date(T0.getTime() + 2 * BATCH_START_GRACE_MS))).toEqual({});
  expect(d.starts).toEqual([id]);
});

test('a batch whose orchestration started, and one never written, only lose their item', async () => {
  const f = new Fakes();
  const batches = memoryBatches();
  const d = durable(batches);
  await submitBatch(
    {
      batches,
      templates,
      dueItems: f.dueItems,
      startOrchestration: async (id) => void (await d.port.ensureStarted(id)),
      now: () => T0,
    },
    caller,
    inviter,
    { rows: [{ recipientEmail: 'a@adatum.example' }], expiresInDays: 30 },
    'started',
  );
  await f.dueItems.put({
    kind: 'batchStart',
    targetId: 'b0000000-0000-4000-8000-00000000dead',
    dueAt: T0.toISOString(),
  });
  const report = await runSweep({ ...f.deps(), batches: d.port }, new Date(T0.getTime() + BATCH_START_GRACE_MS + 1));
  // The started one is still notStarted (its first activity has not run): the port finds the instance.
  expect(report).toEqual({ 'batch.underway': 1, 'batch.unsubmitted': 1 });
  expect(d.starts).toHaveLength(1);
  expect(f.due.size).toBe(0);
});
