import type { Container } from '@azure/cosmos';
import {
  type BatchChunk,
  type BatchDocument,
  batchChunkDocumentSchema,
  batchDocumentSchema,
} from '../schemas/invitationBatches';
import { containers } from './containers';
import { createIfAbsent, readItem, replaceIfMatch, type Versioned } from './cosmosOps';
import { appDatabase } from './database';

/** Id of a batch's n-th chunk. */
export const chunkId = (batchId: string, index: number): string => `${batchId}:${index}`;

/**
 * Port: an invitation batch and its chunks of rows, all in the batch's partition. Every change is
 * conditional on the version read, so two writers (the orchestration's activities, a cancel)
 * never lose each other's changes.
 */
export interface InvitationBatchStore {
  get(batchId: string): Promise<Versioned<BatchDocument> | undefined>;
  create(batch: BatchDocument): Promise<'created' | 'exists'>;
  replace(batch: BatchDocument, etag: string): Promise<Versioned<BatchDocument> | 'conflict'>;
  getChunk(batchId: string, index: number): Promise<Versioned<BatchChunk> | undefined>;
  /** Writes a chunk unless it exists (the submit's writes are repeatable). */
  createChunk(chunk: BatchChunk): Promise<'created' | 'exists'>;
  replaceChunk(chunk: BatchChunk, etag: string): Promise<Versioned<BatchChunk> | 'conflict'>;
}

export function cosmosInvitationBatchStore(container: Container): InvitationBatchStore {
  return {
    async get(batchId) {
      const found = await readItem<unknown>(container, batchId, batchId, 'batchId');
      if (!found || (found.doc as { type?: string }).type !== 'batch') return undefined;
      return { doc: batchDocumentSchema.parse(found.doc), etag: found.etag };
    },
    create: (batch) => createIfAbsent(container, batch),
    replace: (batch, etag) => replaceIfMatch(container, batch, batch.batchId, etag),
    async getChunk(batchId, index) {
      const found = await readItem<unknown>(container, chunkId(batchId, index), batchId, 'batchId');
      return found ? { doc: batchChunkDocumentSchema.parse(found.doc), etag: found.etag } : undefined;
    },
    createChunk: (chunk) => createIfAbsent(container, chunk),
    replaceChunk: (chunk, etag) => replaceIfMatch(container, chunk, chunk.batchId, etag),
  };
}

let shared: InvitationBatchStore | undefined;
/** The process-wide store on the app's database. */
export function invitationBatchStore(): InvitationBatchStore {
  shared ??= cosmosInvitationBatchStore(appDatabase().container(containers.invitationBatches.id));
  return shared;
}
