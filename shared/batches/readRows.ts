import type { HttpRequest } from '@azure/functions';
import { parse } from 'csv-parse/sync';
import { AppError } from '../http/errors';
import { batchCreateSchema, batchCsvQuerySchema, batchRowSchema, MAX_BATCH_ROWS } from '../schemas/invitationBatches';
import { parseInput } from '../schemas/parse';

/** Largest batch body: 5,000 rows of a few hundred bytes each. */
export const MAX_BATCH_BODY_BYTES = 4 * 1024 * 1024;

/** The CSV columns a batch knows (header row, any order; unknown columns refuse the whole request). */
export const batchCsvColumns = Object.keys(batchRowSchema.shape) as Array<keyof typeof batchRowSchema.shape>;

/**
 * The rows of a batch request, each still unchecked (one bad row refuses only itself), and the invitations' lifetime.
 */
export interface SubmittedRows {
  rows: unknown[];
  expiresInDays: number;
}

/**
 * Reads POST /api/invitation-batches: JSON `{ rows, expiresInDays? }`, or `text/csv` with a header
 * row (expiresInDays then in the query). The request as a whole is refused (400/413/415) only when
 * it cannot be read; a row that is wrong is rejected later with its number.
 */
export async function readBatchRows(request: HttpRequest, query: Record<string, string>): Promise<SubmittedRows> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'text/csv')
    throw new AppError(
      'unsupported_media_type',
      'Send the rows as JSON (application/json) or CSV with a header row (text/csv).',
    );
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BATCH_BODY_BYTES)
    throw new AppError('payload_too_large', `The body is too large (at most ${MAX_BATCH_BODY_BYTES} bytes).`);
  if (type === 'application/json') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('bad_request', 'The body is not valid JSON.');
    }
    const body = parseInput(batchCreateSchema, json);
    return { rows: body.rows, expiresInDays: body.expiresInDays };
  }
  const { expiresInDays } = parseInput(batchCsvQuerySchema, query, 'query');
  return { rows: csvRows(text), expiresInDays };
}

/**
 * CSV (RFC 4180, as csv-parse reads it: quoted fields, embedded commas and line breaks, a UTF-8
 * BOM) into one object per record, empty cells left out. A record with another number of fields
 * than the header stays a row, marked so that it is rejected with its number.
 */
export function csvRows(text: string): unknown[] {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: 64 * 1024,
    }) as string[][];
  } catch (e) {
    const at = (e as { lines?: number }).lines;
    throw new AppError(
      'bad_request',
      `The CSV cannot be read${at ? ` (line ${at})` : ''}: ${(e as Error).message.split('\n')[0]?.slice(0, 200)}`,
    );
  }
  const [header, ...data] = records;
  if (!header) throw new AppError('bad_request', 'The CSV has no header row.');
  const columns = header.map((h) => h.trim());
  const unknown = columns.filter((c) => !(batchCsvColumns as string[]).includes(c));
  if (unknown.length > 0 || new Set(columns).size !== columns.length) {
    throw new AppError(
      'bad_request',
      `The CSV header must name each of ${batchCsvColumns.join(', ')} at most once (unknown or repeated: ${unknown.join(', ') || 'a repeated column'}).`,
    );
  }
  if (!columns.includes('recipientEmail'))
    throw new AppError('bad_request', 'The CSV header must name recipientEmail.');
  if (data.length === 0) throw new AppError('bad_request', 'The CSV has no rows.');
  if (data.length > MAX_BATCH_ROWS) throw new AppError('bad_request', `At most ${MAX_BATCH_ROWS} rows.`);
  return data.map((fields) => {
    if (fields.length !== columns.length) return { [FIELD_COUNT]: fields.length };
    return Object.fromEntries(columns.map((c, i) => [c, fields[i]]).filter(([, v]) => v !== ''));
  });
}

/** Marks a CSV record whose field count differs from the header's. */
export const FIELD_COUNT = '__fieldCount';
