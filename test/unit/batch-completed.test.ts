// batch.completed (issue 18 + 16): a batch that reaches a final status appends one keyed entry to
// its partner's trail, whatever repeats: the finish activity retried after dying between the final
// write and the append, run again, and the orchestration started again on a finished batch. The
// outbox turns the entry into one event whose data is the batch's status and counts.
import type { BatchRunDeps } from '../../shared/batches/ports';
import { finishBatch, startBatch } from '../../shared/batches/run';
import { batchCompletedKey } from '../../shared/batches/completion';
import type { BatchDocument } from '../../shared/schemas/invitationBatches';
import type { AuditEntry, AuditLog } from '../../shared/store/audit';
import type { InvitationBatchStore } from '../../shared/store/invitationBatches';
import { eventsOf } from '../../shared/webhooks/outbox';

const TENANT = 'd1000000-0000-4000-8000-000000000001';
const BATCH = 'b1000000-0000-4000-8000-000000000001';
const T0 = new Date('2026-12-06T12:00:00Z');

function batchStore(doc: BatchDocument): InvitationBatchStore {
  let current = { doc: structuredClone(doc), version: 1 };
  return {
    get: async () => ({ doc: structuredClone(current.doc), etag: String(current.version) }),
    create: async () => 'exists',
    replace: async (b, etag) => {
      if (etag !== String(current.version)) return 'conflict';
      current = { doc: structuredClone(b), version: current.version + 1 };
      return { doc: structuredClone(b), etag: String(current.version) };
    },
    getChunk: async () => undefined,
    createChunk: async () => 'exists',
    replaceChunk: async () => 'conflict',
  };
}

/** A trail with AuditLog.append's semantics: a keyed entry lands once. `failNext` makes the next append die. */
function memoryTrail() {
  const entries = new Map<string, AuditEntry>();
  let failNext = false;
  const audit: Pick<AuditLog, 'append'> = {
    async append(tenantIds, entry, key) {
      if (failNext) {
        failNext = false;
        throw new Error('the process died');
      }
      for (const t of tenantIds) {
        const id = key ?? `${entries.size}`;
        if (!entries.has(`${t}/${id}`)) entries.set(`${t}/${id}`, { ...entry, id, tenantId: t });
      }
    },
  };
  return { audit, entries, dieOnNextAppend: () => void (failNext = true) };
}

const running: BatchDocument = {
  id: BATCH,
  batchId: BATCH,
  type: 'batch',
  partnerTenantId: TENANT,
  createdBy: {
    tenantId: TENANT,
    userId: 'u',
    email: 'a@contoso.example',
    roles: ['GlobalAdmin'],
    wids: [],
    scopes: [],
  },
  status: 'running',
  total: 3,
  chunkCount: 1,
  expiresInDays: 30,
  chunks: [{ created: 2, rejected: 1, canceled: 0, emailed: 2, emailDone: 2 }],
  createdAt: T0.toISOString(),
  lastUpdatedAt: T0.toISOString(),
};

test('a finish that dies after its final write, retried and replayed, appends batch.completed once', async () => {
  const trail = memoryTrail();
  let clock = T0.getTime() + 60_000;
  const d = { batches: batchStore(running), audit: trail.audit, now: () => new Date(clock) } as unknown as BatchRunDeps;

  trail.dieOnNextAppend();
  await expect(finishBatch(d, BATCH)).rejects.toThrow('the process died');
  expect(trail.entries.size).toBe(0);
  expect((await d.batches.get(BATCH))?.doc.status).toBe('partiallySucceeded');

  clock += 5_000; // the retry comes later: the entry still carries the time of the final write
  expect(await finishBatch(d, BATCH)).toBe('partiallySucceeded');
  expect(await finishBatch(d, BATCH)).toBe('partiallySucceeded');
  expect((await startBatch(d, BATCH)).status).toBe('partiallySucceeded');

  expect([...trail.entries.keys()]).toEqual([`${TENANT}/${batchCompletedKey(BATCH)}`]);
  const entry = trail.entries.get(`${TENANT}/${batchCompletedKey(BATCH)}`) as AuditEntry;
  expect(entry).toMatchObject({
    action: 'batch.completed',
    at: new Date(T0.getTime() + 60_000).toISOString(),
    subject: { type: 'batch', id: BATCH },
  });

  const events = eventsOf(entry, 'https://rc.example');
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({
    type: 'batch.completed',
    subject: `batch/${BATCH}`,
    data: {
      batchId: BATCH,
      batch: {
        id: BATCH,
        status: 'partiallySucceeded',
        counts: { total: 3, created: 2, rejected: 1, emailed: 2, canceled: 0 },
      },
    },
  });
});

test('a batch still under way appends nothing', async () => {
  const trail = memoryTrail();
  const d = {
    batches: batchStore({ ...running, status: 'waitingForQuota' }),
    audit: trail.audit,
    now: () => T0,
  } as unknown as BatchRunDeps;
  expect((await startBatch(d, BATCH)).status).toBe('running');
  expect(trail.entries.size).toBe(0);
});
