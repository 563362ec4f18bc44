import type { Caller } from '../auth/caller';
import { isAppError } from '../http/errors';
import { requestPartnership } from '../invitations/requestPartnership';
import { issueCustomerInvitation } from '../invitations/issueCustomerInvitation';
import type { BatchChunk, BatchDocument, BatchStatus, StoredRow } from '../schemas/invitationBatches';
import { countsOf, rowInvitationKey, updateBatch } from './batch';
import { recordBatchCompletion } from './completion';
import type { BatchRunDeps } from './ports';

/** Share of each email quota window a batch leaves to reminders, notices and single invitations. */
export const RESERVED_SHARE = 0.1;

const creatorOf = (b: BatchDocument): Caller => ({ ...b.createdBy, email: b.createdBy.email });

/** Marks the batch running (a fresh start, or back from a wait); what the orchestration needs to go on. */
export async function startBatch(
  d: BatchRunDeps,
  batchId: string,
): Promise<{ chunkCount: number; cancelRequested: boolean; status: BatchStatus }> {
  const b = await updateBatch(d.batches, batchId, d.now, (x) =>
    x.status === 'running' ? undefined : { ...x, status: 'running', waitingFor: undefined, nextSlotAt: undefined },
  );
  // Already final (an orchestration started again, or replayed): its completion entry, should the
  // finish have died before appending it; the keyed entry lands once either way.
  await recordBatchCompletion(d.audit, b);
  return { chunkCount: b.chunkCount, cancelRequested: b.cancelRequested === true, status: b.status };
}

/** The batch waits for a limit: which one, and when its next slot comes. */
export async function markWaiting(
  d: BatchRunDeps,
  batchId: string,
  waitingFor: 'inviterSendLimit' | 'emailQuota',
  nextSlotAt: string,
): Promise<void> {
  await updateBatch(d.batches, batchId, d.now, (x) => ({ ...x, status: 'waitingForQuota', waitingFor, nextSlotAt }));
}

/**
 * How many rows the batch may create now under the email quota, leaving RESERVED_SHARE of every
 * window (at least one send) to reminders, notices and single invitations, so a batch never makes
 * them wait; and when there is no room, when the next slot comes. `at` is the orchestration's time.
 * -1: no quota.
 */
export async function batchCapacity(
  d: BatchRunDeps,
  batchId: string,
  at: string,
): Promise<{ allowed: number; nextSlotAt?: string; cancelRequested: boolean }> {
  const b = (await d.batches.get(batchId))?.doc;
  const cancelRequested = b?.cancelRequested === true;
  if (!d.emailQuota || d.emailQuota.windows.length === 0) return { allowed: -1, cancelRequested };
  const now = Date.parse(at);
  const { slots } = await d.emailQuota.ledger.read();
  // The rows still to create, and the fewest worth waking for: a tenth of the tightest window, so a
  // batch behind a sliding window goes on in useful steps, not one row each time a slot ages out.
  const remaining =
    b && Array.isArray(b.chunks)
      ? b.total - b.chunks.reduce((n, c) => n + c.created + c.rejected + c.canceled, 0)
      : Infinity;
  const tightest = Math.min(...d.emailQuota.windows.map((w) => w.limit));
  const need = Math.max(1, Math.min(remaining, Math.ceil(tightest * RESERVED_SHARE)));
  let allowed = Infinity;
  let next = now;
  for (const w of d.emailQuota.windows) {
    const reserve = Math.max(1, Math.ceil(w.limit * RESERVED_SHARE));
    const inWindow = slots.filter((t) => t > now - w.windowMs).sort((x, y) => x - y);
    const free = w.limit - reserve - inWindow.length;
    allowed = Math.min(allowed, Math.max(0, free));
    // Room for `need` batch sends once this many of the window's slots have aged out.
    if (free < need) next = Math.max(next, (inWindow[need - free - 1] ?? now) + w.windowMs);
  }
  return allowed >= need
    ? { allowed, cancelRequested }
    : { allowed: 0, nextSlotAt: new Date(Math.max(next, now + 1000)).toISOString(), cancelRequested };
}

type RowOutcome = { row: StoredRow } | { waitSeconds: number };

/**
 * Creates one row's invitation under its deterministic Idempotency-Key: a retry (after a crash)
 * finds it instead of making another.
 */
async function createRow(d: BatchRunDeps, caller: Caller, batch: BatchDocument, row: StoredRow): Promise<RowOutcome> {
  const input = row.input;
  if (!input) return { row: { ...row, state: 'rejected', error: { code: 'bad_request', message: 'no input' } } };
  const key = rowInvitationKey(batch.batchId, row.row);
  try {
    const base = {
      recipientEmail: input.recipientEmail,
      ...(input.recipientName ? { recipientName: input.recipientName } : {}),
      expiresInDays: batch.expiresInDays,
      locale: input.locale,
    };
    const r =
      input.kind === 'partnership'
        ? await requestPartnership(
            d.send,
            caller,
            { ...base, ...(input.resellerTenantId ? { resellerTenantId: input.resellerTenantId } : {}) },
            key,
          )
        : await issueCustomerInvitation(
            d.send,
            caller,
            {
              ...base,
              ...(input.customerTenantId ? { customerTenantId: input.customerTenantId } : {}),
              includeDelegatedAdmin: row.delegatedAdmin !== undefined,
              ...(row.delegatedAdmin ? { delegatedAdmin: row.delegatedAdmin } : {}),
            },
            key,
          );
    return { row: { ...row, state: 'created', invitationId: r.invitation.id } };
  } catch (e) {
    if (isAppError(e) && e.code === 'rate_limited') return { waitSeconds: Number(e.extra.retryAfterSeconds ?? 60) };
    if (isAppError(e)) return { row: { ...row, state: 'rejected', error: { code: e.code, message: e.detail } } };
    throw e;
  }
}

async function saveChunk(d: BatchRunDeps, chunk: BatchChunk, etag: string): Promise<void> {
  const saved = await d.batches.replaceChunk(chunk, etag);
  // One writer per chunk at a time (the orchestration calls one activity per chunk); a conflict is
  // an earlier try of this activity that outlived its timeout: fail, and the retry reads again.
  if (saved === 'conflict') throw new Error(`chunk ${chunk.id} changed meanwhile`);
  const counts = countsOf(chunk.rows);
  await updateBatch(d.batches, chunk.batchId, d.now, (b) => ({
    ...b,
    chunks: b.chunks.map((c, i) => (i === chunk.index ? counts : c)),
  }));
}

/**
 * Creates the chunk's pending rows, at most `budget` of them (-1: all), unless the batch was
 * canceled. Stops at the inviter's send limit (the rows stay pending) and says how long to wait.
 * The chunk and the batch's counts are written even when a row fails unexpectedly, before the
 * failure is rethrown for the activity's retry.
 */
export async function runChunk(
  d: BatchRunDeps,
  batchId: string,
  index: number,
  budget: number,
): Promise<{ pending: number; waitSeconds?: number; created: number }> {
  const batch = (await d.batches.get(batchId))?.doc;
  const found = await d.batches.getChunk(batchId, index);
  if (!batch || !found) throw new Error(`batch ${batchId} chunk ${index} is missing`);
  const rows = [...found.doc.rows];
  const pendingAt = rows.map((r, i) => (r.state === 'pending' ? i : -1)).filter((i) => i >= 0);
  if (batch.cancelRequested) return { pending: pendingAt.length, created: 0 };
  const todo = budget < 0 ? pendingAt : pendingAt.slice(0, budget);
  const caller = creatorOf(batch);
  let waitSeconds: number | undefined;
  let failure: unknown;
  let created = 0;
  let next = 0;
  const worker = async () => {
    while (waitSeconds === undefined && failure === undefined && next < todo.length) {
      const at = todo[next++] as number;
      try {
        const outcome = await createRow(d, caller, batch, rows[at] as StoredRow);
        if ('waitSeconds' in outcome) waitSeconds = outcome.waitSeconds;
        else {
          rows[at] = outcome.row;
          if (outcome.row.state === 'created') created++;
        }
      } catch (e) {
        failure = e;
      }
    }
  };
  const parallel = budget < 0 ? (d.concurrency ?? 8) : 1;
  await Promise.all(Array.from({ length: parallel }, worker));
  await saveChunk(d, { ...found.doc, rows }, found.etag);
  if (failure !== undefined) throw failure;
  const pending = rows.filter((r) => r.state === 'pending').length;
  return { pending, created, ...(waitSeconds !== undefined && pending > 0 ? { waitSeconds } : {}) };
}

/**
 * Looks at the invitations created and not yet known to be emailed: emailed (the timeline says so),
 * or no longer waiting for the email (answered, revoked, expired). Returns how many still wait.
 */
export async function pollEmails(d: BatchRunDeps, batchId: string): Promise<{ outstanding: number }> {
  const batch = (await d.batches.get(batchId))?.doc;
  if (!batch) throw new Error(`batch ${batchId} is missing`);
  let outstanding = 0;
  for (let index = 0; index < batch.chunkCount; index++) {
    const counts = batch.chunks[index];
    if (counts && counts.created === counts.emailDone) continue;
    const found = await d.batches.getChunk(batchId, index);
    if (!found) continue;
    let changed = false;
    const rows = await Promise.all(
      found.doc.rows.map(async (r) => {
        if (r.state !== 'created' || r.emailDone || !r.invitationId) return r;
        const inv = (await d.invitations.get(r.invitationId))?.doc;
        const emailed = inv?.timeline.some((e) => e.type === 'emailed') ?? false;
        if (!emailed && inv?.status === 'pending') {
          outstanding++;
          return r;
        }
        changed = true;
        return { ...r, emailDone: true, ...(emailed ? { emailed: true } : {}) };
      }),
    );
    if (changed) await saveChunk(d, { ...found.doc, rows }, found.etag);
  }
  return { outstanding };
}

/** A canceled batch: every row not yet created is marked canceled (created ones stand). */
export async function cancelRows(d: BatchRunDeps, batchId: string): Promise<{ canceled: number }> {
  const batch = (await d.batches.get(batchId))?.doc;
  if (!batch) throw new Error(`batch ${batchId} is missing`);
  let canceled = 0;
  for (let index = 0; index < batch.chunkCount; index++) {
    const found = await d.batches.getChunk(batchId, index);
    if (!found || !found.doc.rows.some((r) => r.state === 'pending')) continue;
    const rows = found.doc.rows.map((r) =>
      r.state === 'pending'
        ? (canceled++,
          {
            ...r,
            state: 'canceled' as const,
            error: { code: 'canceled', message: 'the batch was canceled before this row was created' },
          })
        : r,
    );
    await saveChunk(d, { ...found.doc, rows }, found.etag);
  }
  return { canceled };
}

/** The batch's final status from its rows: canceled, succeeded, partiallySucceeded or failed. */
export async function finishBatch(d: BatchRunDeps, batchId: string): Promise<BatchStatus> {
  const b = await updateBatch(d.batches, batchId, d.now, (x) => {
    const sum = (k: 'created' | 'rejected' | 'canceled') => x.chunks.reduce((n, c) => n + c[k], 0);
    const status: BatchStatus =
      sum('canceled') > 0
        ? 'canceled'
        : sum('created') === 0
          ? 'failed'
          : sum('rejected') > 0
            ? 'partiallySucceeded'
            : 'succeeded';
    return { ...x, status, waitingFor: undefined, nextSlotAt: undefined };
  });
  // After the final write, from the stored document: a retry after a crash between the two writes
  // finds the batch final (updateBatch leaves it) and appends the same keyed entry.
  await recordBatchCompletion(d.audit, b);
  return b.status;
}
