// POST /api/invitation-batches's writes (shared/batches/batch.ts): a process that dies part-way
// through them, and the request repeated with its Idempotency-Key, ends with one batch whose chunks
// hold every row once, and its orchestration started; a repeat after that writes nothing.
import { batchIdOf, submitBatch } from '../../shared/batches/batch';
import type { SubmitBatchDeps } from '../../shared/batches/ports';
import type { Caller } from '../../shared/auth/caller';
import type { Partner } from '../../shared/domain/partner';
import type { BatchChunk, BatchDocument } from '../../shared/schemas/invitationBatches';
import type { InvitationBatchStore } from '../../shared/store/invitationBatches';
import type { RoleTemplateStore } from '../../shared/store/roleTemplates';

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

/** An in-memory store whose writes can be made to fail from the n-th on (the process dying). */
function memoryStore() {
  const docs = new Map<string, unknown>();
  let writes = 0;
  let failFrom = Infinity;
  const write = (id: string, doc: unknown): 'created' | 'exists' => {
    if (++writes >= failFrom) throw new Error('the process died');
    if (docs.has(id)) return 'exists';
    docs.set(id, structuredClone(doc));
    return 'created';
  };
  const store: InvitationBatchStore = {
    get: async (id) => (docs.has(id) ? { doc: structuredClone(docs.get(id)) as BatchDocument, etag: '1' } : undefined),
    create: async (b) => write(b.id, b),
    replace: async () => 'conflict',
    getChunk: async (batchId, index) =>
      docs.has(`${batchId}:${index}`)
        ? { doc: structuredClone(docs.get(`${batchId}:${index}`)) as BatchChunk, etag: '1' }
        : undefined,
    createChunk: async (c) => write(c.id, c),
    replaceChunk: async () => 'conflict',
  };
  return { store, docs, failAt: (n: number) => ((failFrom = writes + n), undefined), writes: () => writes };
}

const rows = Array.from({ length: 250 }, (_, i) =>
  i === 7 ? { recipientEmail: 'bad' } : { recipientEmail: `r${i + 1}@adatum.example` },
);

test('a submit that dies after two chunk writes, repeated with its key, completes the one batch', async () => {
  const m = memoryStore();
  const started: string[] = [];
  const d: SubmitBatchDeps = {
    batches: m.store,
    templates,
    dueItems: { put: async () => undefined },
    startOrchestration: async (id) => void started.push(id),
    now: () => new Date('2026-12-06T12:00:00Z'),
  };
  m.failAt(3);
  await expect(submitBatch(d, caller, inviter, { rows, expiresInDays: 30 }, 'key-1')).rejects.toThrow(
    'the process died',
  );
  const id = batchIdOf(TENANT, 'key-1');
  expect(await m.store.get(id)).toBeUndefined();
  expect(started).toEqual([]);

  m.failAt(Infinity);
  const again = await submitBatch(d, caller, inviter, { rows, expiresInDays: 30 }, 'key-1');
  expect(again).toMatchObject({ created: true, batch: { id, total: 250, chunkCount: 3, status: 'notStarted' } });
  expect(started).toEqual([id]);
  const stored = await Promise.all([0, 1, 2].map(async (i) => (await m.store.getChunk(id, i))?.doc.rows ?? []));
  const all = stored.flat();
  expect(all.map((r) => r.row)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  expect(all[7]).toMatchObject({ row: 8, state: 'rejected', error: { code: 'bad_request' } });
  expect(again.batch.chunks.reduce((n, c) => n + c.rejected, 0)).toBe(1);

  // A third repeat writes nothing and starts (idempotently) the same orchestration.
  const before = m.writes();
  const third = await submitBatch(d, caller, inviter, { rows, expiresInDays: 30 }, 'key-1');
  expect(third).toMatchObject({ created: false, batch: { id } });
  expect(m.writes()).toBe(before);
  expect(started).toEqual([id, id]);
});

test('another key, or none, is another batch', async () => {
  const m = memoryStore();
  const d: SubmitBatchDeps = {
    batches: m.store,
    templates,
    dueItems: { put: async () => undefined },
    startOrchestration: async () => undefined,
    now: () => new Date(),
  };
  const a = await submitBatch(d, caller, inviter, { rows: rows.slice(0, 3), expiresInDays: 30 }, 'key-a');
  const b = await submitBatch(d, caller, inviter, { rows: rows.slice(0, 3), expiresInDays: 30 }, 'key-b');
  const c = await submitBatch(d, caller, inviter, { rows: rows.slice(0, 3), expiresInDays: 30 });
  expect(new Set([a.batch.id, b.batch.id, c.batch.id]).size).toBe(3);
});
