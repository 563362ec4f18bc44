import * as z from 'zod';
import { DEFAULT_EXPIRES_IN_DAYS, MAX_EXPIRES_IN_DAYS, MIN_EXPIRES_IN_DAYS } from '../domain/deadlines';
import {
  continuationTokenSchema,
  displayNameSchema,
  emailSchema,
  guidSchema,
  instantSchema,
  localeSchema,
  pageSizeSchema,
} from './common';

/** Most rows one batch takes. */
export const MAX_BATCH_ROWS = 5000;
/** Rows per stored chunk (and per activity of the batch's orchestration). */
export const BATCH_CHUNK_SIZE = 100;

/** What one row asks for: a customer invitation (the default) or, for an indirect provider, a partnership request. */
export const batchRowKinds = ['customer', 'partnership'] as const;

/**
 * One row, as JSON or as a CSV record (empty cells are absent). A customer row with roleTemplateId
 * asks for that template's delegated admin privileges (a snapshot); without one it asks for none.
 */
export const batchRowSchema = z.strictObject({
  kind: z.enum(batchRowKinds).default('customer'),
  recipientEmail: emailSchema,
  recipientName: displayNameSchema.optional(),
  customerTenantId: guidSchema.optional(),
  /** A partnership row's reseller, if known (only it may accept). */
  resellerTenantId: guidSchema.optional(),
  roleTemplateId: guidSchema.optional(),
  locale: localeSchema.default('en'),
});
export type BatchRow = z.infer<typeof batchRowSchema>;

/** POST /api/invitation-batches as JSON: the rows (each checked on its own) and the invitations' lifetime. */
export const batchCreateSchema = z.strictObject({
  rows: z.array(z.unknown()).min(1).max(MAX_BATCH_ROWS),
  expiresInDays: z.number().int().min(MIN_EXPIRES_IN_DAYS).max(MAX_EXPIRES_IN_DAYS).default(DEFAULT_EXPIRES_IN_DAYS),
});

/** The CSV form's query: the invitations' lifetime (the rows are the body). */
export const batchCsvQuerySchema = z.strictObject({
  expiresInDays: z.coerce
    .number()
    .int()
    .min(MIN_EXPIRES_IN_DAYS)
    .max(MAX_EXPIRES_IN_DAYS)
    .default(DEFAULT_EXPIRES_IN_DAYS),
});

export const batchStatuses = [
  'notStarted',
  'running',
  'waitingForQuota',
  'succeeded',
  'partiallySucceeded',
  'failed',
  'canceled',
] as const;
export type BatchStatus = (typeof batchStatuses)[number];
export const terminalBatchStatuses: readonly BatchStatus[] = ['succeeded', 'partiallySucceeded', 'failed', 'canceled'];

export const rowStates = ['pending', 'created', 'rejected', 'canceled'] as const;
export const rowErrorSchema = z.object({ code: z.string(), message: z.string() });

/** One row as stored in its chunk: its input (absent once rejected up front), its state and outcome. */
export const storedRowSchema = z.object({
  row: z.number().int().min(1),
  state: z.enum(rowStates),
  input: batchRowSchema.optional(),
  /**
   * For a row naming a role template: the template's roles, duration and auto-extension when the batch was submitted.
   */
  delegatedAdmin: z.object({ roles: z.array(z.string()), duration: z.string(), autoExtend: z.boolean() }).optional(),
  invitationId: guidSchema.optional(),
  /** The invitation's first email went out (or it no longer waits for one: answered, revoked, expired). */
  emailDone: z.boolean().optional(),
  emailed: z.boolean().optional(),
  error: rowErrorSchema.optional(),
});
export type StoredRow = z.infer<typeof storedRowSchema>;

/** A chunk of rows in its batch's partition (id `${batchId}:${index}`). */
export const batchChunkDocumentSchema = z.object({
  id: z.string(),
  batchId: guidSchema,
  type: z.literal('chunk'),
  index: z.number().int().min(0),
  rows: z.array(storedRowSchema),
});
export type BatchChunk = z.infer<typeof batchChunkDocumentSchema>;

/** Counts of one chunk, kept in the batch document by the activity that changes the chunk. */
export const chunkCountsSchema = z.object({
  created: z.number().int(),
  rejected: z.number().int(),
  canceled: z.number().int(),
  emailed: z.number().int(),
  emailDone: z.number().int(),
});
export type ChunkCounts = z.infer<typeof chunkCountsSchema>;

/** The creator as the batch's activities act for it (the role checks are made again per row). */
export const batchCreatorSchema = z.object({
  tenantId: guidSchema,
  userId: z.string(),
  email: z.string(),
  name: z.string().optional(),
  roles: z.array(z.string()),
  wids: z.array(z.string()),
  scopes: z.array(z.string()),
  tenantCountry: z.string().optional(),
});

/** The batch document (id = batchId, in its own partition with its chunks). */
export const batchDocumentSchema = z.object({
  id: guidSchema,
  batchId: guidSchema,
  type: z.literal('batch'),
  partnerTenantId: guidSchema,
  createdBy: batchCreatorSchema,
  idempotencyKey: z.string().optional(),
  status: z.enum(batchStatuses),
  total: z.number().int(),
  chunkCount: z.number().int(),
  expiresInDays: z.number().int(),
  chunks: z.array(chunkCountsSchema),
  cancelRequested: z.boolean().optional(),
  /** While waitingForQuota: which limit, and when the batch's next send slot comes. */
  waitingFor: z.enum(['inviterSendLimit', 'emailQuota']).optional(),
  nextSlotAt: instantSchema.optional(),
  createdAt: instantSchema,
  lastUpdatedAt: instantSchema,
});
export type BatchDocument = z.infer<typeof batchDocumentSchema>;

/** GET /api/invitation-batches/{id}: the long-running operation's state. */
export const batchViewSchema = z.object({
  id: guidSchema,
  status: z.enum(batchStatuses),
  counts: z.object({
    total: z.number().int(),
    created: z.number().int(),
    rejected: z.number().int(),
    emailed: z.number().int(),
    canceled: z.number().int(),
  }),
  percentComplete: z.number().int().min(0).max(100),
  waitingFor: z.enum(['inviterSendLimit', 'emailQuota']).optional(),
  nextSlotAt: instantSchema.optional(),
  cancelRequested: z.boolean().optional(),
  resultsUrl: z.string(),
  createdAt: instantSchema,
  lastUpdatedAt: instantSchema,
});
export type BatchView = z.infer<typeof batchViewSchema>;

/** One row's result: its number, state, and the invitation id or the error. */
export const batchRowResultSchema = z.object({
  row: z.number().int(),
  state: z.enum(rowStates),
  invitationId: guidSchema.optional(),
  emailed: z.boolean().optional(),
  error: rowErrorSchema.optional(),
});

/** GET /api/invitation-batches/{id}/results: paged by row number. */
export const batchResultsQuerySchema = z.strictObject({
  continuationToken: continuationTokenSchema.optional(),
  pageSize: pageSizeSchema,
  state: z.enum(rowStates).optional(),
});
