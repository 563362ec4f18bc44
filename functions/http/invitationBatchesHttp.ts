import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { authorize } from '../../shared/auth/authorize';
import { batchInstanceId, batchView, loadBatch, requestCancel, submitBatch } from '../../shared/batches/batch';
import { readBatchRows } from '../../shared/batches/readRows';
import { queryOf } from '../../shared/http/request';
import { AppError } from '../../shared/http/errors';
import { inviterProfile } from '../../shared/invitations/issueInvitation';
import { BATCH_CHUNK_SIZE, batchResultsQuerySchema } from '../../shared/schemas/invitationBatches';
import { parseInput } from '../../shared/schemas/parse';
import { idParamSchema } from '../../shared/schemas/queries';
import { batchCancelEvent } from '../names';
import { batchStore, inviterProfileDeps, startBatchOrchestration, submitBatchDeps } from '../compose/batchesDeps';
import { idempotencyKeyOf } from './issuingEndpoint';

const idOf = (request: HttpRequest): string => parseInput(idParamSchema, { ...request.params }, 'path').id;
const location = (id: string) => `/api/invitation-batches/${id}`;

/** POST /api/invitation-batches: 202 with the batch (Location: the batch); its orchestration creates the rows. */
export async function createInvitationBatchHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitationBatch.create');
  const key = idempotencyKeyOf(request);
  const submitted = await readBatchRows(request, queryOf(request));
  const inviter = await inviterProfile(inviterProfileDeps(), caller);
  const { batch, created } = await submitBatch(submitBatchDeps(context), caller, inviter, submitted, key);
  return {
    status: 202,
    headers: {
      location: location(batch.id),
      'retry-after': '1',
      'cache-control': 'no-store',
      ...(created ? {} : { 'idempotent-replayed': 'true' }),
    },
    jsonBody: batchView(batch),
  };
}

/** GET /api/invitation-batches/{id}: status, counts, percent complete. */
export async function getInvitationBatchHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitationBatch.read');
  const found = await loadBatch(batchStore(), caller, idOf(request));
  // Still notStarted: its submit may have died before starting the orchestration. Start it now
  // (a no-op when it exists: one status read) rather than wait for the sweep.
  if (found.doc.status === 'notStarted') await startBatchOrchestration(context, found.doc.id);
  const view = batchView(found.doc);
  const running = !['succeeded', 'partiallySucceeded', 'failed', 'canceled'].includes(view.status);
  return {
    status: 200,
    headers: { 'cache-control': 'no-store', ...(running ? { 'retry-after': '5' } : {}) },
    jsonBody: view,
  };
}

const TOKEN = /^row:(\d{1,5})$/;

/** GET /api/invitation-batches/{id}/results: the rows by number, paged (optionally only one state). */
export async function listInvitationBatchResultsHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitationBatch.read');
  const id = idOf(request);
  const q = parseInput(batchResultsQuerySchema, queryOf(request), 'query');
  const batches = batchStore();
  const batch = (await loadBatch(batches, caller, id)).doc;
  let from = 1;
  if (q.continuationToken !== undefined) {
    const m = TOKEN.exec(q.continuationToken);
    if (!m) throw new AppError('bad_request', 'That continuationToken is not one of ours.');
    from = Number(m[1]);
  }
  const items: Array<Record<string, unknown>> = [];
  let row = from;
  while (row <= batch.total && items.length < q.pageSize) {
    const before = row;
    const chunk = (await batches.getChunk(id, Math.floor((row - 1) / BATCH_CHUNK_SIZE)))?.doc;
    for (const r of chunk?.rows ?? []) {
      if (r.row < row) continue;
      if (items.length >= q.pageSize) break;
      row = r.row + 1;
      if (q.state && r.state !== q.state) continue;
      items.push({
        row: r.row,
        state: r.state,
        ...(r.invitationId ? { invitationId: r.invitationId } : {}),
        ...(r.state === 'created' ? { emailed: r.emailed === true } : {}),
        ...(r.error ? { error: r.error } : {}),
      });
    }
    if (row === before) break;
  }
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    jsonBody: { items, ...(row <= batch.total ? { continuationToken: `row:${row}` } : {}) },
  };
}

/** POST /api/invitation-batches/{id}/cancel: 202; rows not yet created are canceled, created ones stand. */
export async function cancelInvitationBatchHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitationBatch.cancel');
  const id = idOf(request);
  const batch = await requestCancel(batchStore(), caller, id, () => new Date());
  // Wakes a batch that waits for its next slot; a running one sees the mark before its next chunk.
  await df
    .getClient(context)
    .raiseEvent(batchInstanceId(id), batchCancelEvent, {})
    .catch(() => undefined);
  return { status: 202, headers: { location: location(id), 'cache-control': 'no-store' }, jsonBody: batchView(batch) };
}
