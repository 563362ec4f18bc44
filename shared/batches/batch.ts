import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/caller';
import { nameBasedUuid } from '../domain/ids';
import type { Partner } from '../domain/partner';
import { AppError } from '../http/errors';
import {
  BATCH_CHUNK_SIZE,
  type BatchChunk,
  type BatchDocument,
  type BatchView,
  type ChunkCounts,
  type StoredRow,
  terminalBatchStatuses,
} from '../schemas/invitationBatches';
import { chunkId, type InvitationBatchStore } from '../store/invitationBatches';
import type { Versioned } from '../store/cosmosOps';
import type { SubmitBatchDeps } from './ports';
import type { SubmittedRows } from './readRows';
import { validateRows } from './validateRows';

/** Id of a batch: from its Idempotency-Key (a repeat finds the first batch), else random. */
export const batchIdOf = (tenantId: string, key: string | undefined): string =>
  key ? nameBasedUuid(`invitationBatch:${tenantId.toLowerCase()}:${key}`) : randomUUID();

/**
 * The Idempotency-Key of a batch row's invitation: its id derives from the batch id and row number
 * (shared/domain/ids.ts idempotentInvitationId).
 */
export const rowInvitationKey = (batchId: string, row: number): string => `batch:${batchId}:${row}`;

/** Time a submitted batch gets to start before the sweep starts it (its submit may have died first). */
export const BATCH_START_GRACE_MS = 5 * 60_000;

/** Instance id of the batch's one orchestration. */
export const batchInstanceId = (batchId: string): string => `batch-${batchId}`;

/** The counts of a chunk's rows. */
export function countsOf(rows: readonly StoredRow[]): ChunkCounts {
  const c: ChunkCounts = { created: 0, rejected: 0, canceled: 0, emailed: 0, emailDone: 0 };
  for (const r of rows) {
    if (r.state === 'created') c.created++;
    else if (r.state === 'rejected') c.rejected++;
    else if (r.state === 'canceled') c.canceled++;
    if (r.emailed) c.emailed++;
    if (r.emailDone) c.emailDone++;
  }
  return c;
}

/**
 * POST /api/invitation-batches: every row checked up front, the rows written in chunks, the sweep's
 * item, then the batch document (notStarted), then its orchestration. Each write is create-if-absent with content
 * that depends only on the request, so a repeat with the same Idempotency-Key (after a timeout or a
 * crash part-way) completes what is missing and returns the first batch.
 */
export async function submitBatch(
  d: SubmitBatchDeps,
  caller: Caller,
  inviter: Partner,
  submitted: SubmittedRows,
  idempotencyKey?: string,
): Promise<{ batch: BatchDocument; created: boolean }> {
  const batchId = batchIdOf(caller.tenantId, idempotencyKey);
  const existing = await d.batches.get(batchId);
  if (existing) {
    if (existing.doc.partnerTenantId !== caller.tenantId) throw new Error('idempotency key collision across tenants');
    await d.startOrchestration(batchId);
    return { batch: existing.doc, created: false };
  }
  const rows = await validateRows(submitted.rows, caller, inviter, d.templates);
  const chunks: BatchChunk[] = [];
  for (let i = 0; i * BATCH_CHUNK_SIZE < rows.length; i++) {
    chunks.push({
      id: chunkId(batchId, i),
      batchId,
      type: 'chunk',
      index: i,
      rows: rows.slice(i * BATCH_CHUNK_SIZE, (i + 1) * BATCH_CHUNK_SIZE),
    });
  }
  for (let i = 0; i < chunks.length; i += 10)
    await Promise.all(chunks.slice(i, i + 10).map((c) => d.batches.createChunk(c)));
  const at = d.now().toISOString();
  const batch: BatchDocument = {
    id: batchId,
    batchId,
    type: 'batch',
    partnerTenantId: caller.tenantId,
    createdBy: {
      tenantId: caller.tenantId,
      userId: caller.userId,
      email: caller.email,
      ...(caller.name ? { name: caller.name } : {}),
      roles: caller.roles,
      wids: caller.wids,
      scopes: caller.scopes,
      ...(caller.tenantCountry ? { tenantCountry: caller.tenantCountry } : {}),
    },
    ...(idempotencyKey ? { idempotencyKey } : {}),
    status: 'notStarted',
    total: rows.length,
    chunkCount: chunks.length,
    expiresInDays: submitted.expiresInDays,
    chunks: chunks.map((c) => countsOf(c.rows)),
    createdAt: at,
    lastUpdatedAt: at,
  };
  // Before the batch, so a batch never exists that the sweep would not start: the process may die
  // between the batch's write and its orchestration's start. (Repeats upsert the same item.)
  await d.dueItems.put({
    kind: 'batchStart',
    targetId: batchId,
    dueAt: new Date(Date.parse(at) + BATCH_START_GRACE_MS).toISOString(),
  });
  const outcome = await d.batches.create(batch);
  const stored = outcome === 'created' ? batch : ((await d.batches.get(batchId))?.doc ?? batch);
  await d.startOrchestration(batchId);
  return { batch: stored, created: outcome === 'created' };
}

/** The caller's tenant's batch; 404 for another tenant's or none. */
export async function loadBatch(
  batches: InvitationBatchStore,
  caller: Pick<Caller, 'tenantId'>,
  batchId: string,
): Promise<Versioned<BatchDocument>> {
  const found = await batches.get(batchId);
  if (!found || found.doc.partnerTenantId !== caller.tenantId)
    throw new AppError('not_found', 'No such invitation batch.');
  return found;
}

/** The batch as the API shows it. */
export function batchView(b: BatchDocument): BatchView {
  const sum = (k: keyof ChunkCounts) => b.chunks.reduce((n, c) => n + c[k], 0);
  const created = sum('created');
  const rejected = sum('rejected');
  const canceled = sum('canceled');
  const done = rejected + canceled + sum('emailDone');
  const terminal = terminalBatchStatuses.includes(b.status);
  return {
    id: b.id,
    status: b.status,
    counts: { total: b.total, created, rejected, emailed: sum('emailed'), canceled },
    percentComplete: terminal ? 100 : b.total === 0 ? 0 : Math.min(99, Math.floor((100 * done) / b.total)),
    ...(b.status === 'waitingForQuota' && b.waitingFor ? { waitingFor: b.waitingFor } : {}),
    ...(b.status === 'waitingForQuota' && b.nextSlotAt ? { nextSlotAt: b.nextSlotAt } : {}),
    ...(b.cancelRequested ? { cancelRequested: true } : {}),
    resultsUrl: `/api/invitation-batches/${b.id}/results`,
    createdAt: b.createdAt,
    lastUpdatedAt: b.lastUpdatedAt,
  };
}

/**
 * Changes the batch document over the version read, again on a conflict (a cancel, a parallel
 * chunk), with `change` applied to the fresh version each time; `change` returns undefined to
 * leave it as it is. Never changes a finished batch.
 */
export async function updateBatch(
  batches: InvitationBatchStore,
  batchId: string,
  now: () => Date,
  change: (b: BatchDocument) => BatchDocument | undefined,
): Promise<BatchDocument> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const current = await batches.get(batchId);
    if (!current) throw new Error(`batch ${batchId} is gone`);
    if (terminalBatchStatuses.includes(current.doc.status)) return current.doc;
    const next = change(current.doc);
    if (!next) return current.doc;
    const saved = await batches.replace({ ...next, lastUpdatedAt: now().toISOString() }, current.etag);
    if (saved !== 'conflict') return saved.doc;
  }
  throw new Error(`batch ${batchId}: 50 conflicting writers`);
}

/**
 * POST /api/invitation-batches/{id}/cancel: marks the batch; its orchestration stops creating rows
 * and cancels those left.
 */
export async function requestCancel(
  batches: InvitationBatchStore,
  caller: Pick<Caller, 'tenantId'>,
  batchId: string,
  now: () => Date,
): Promise<BatchDocument> {
  await loadBatch(batches, caller, batchId);
  return updateBatch(batches, batchId, now, (b) => (b.cancelRequested ? undefined : { ...b, cancelRequested: true }));
}
