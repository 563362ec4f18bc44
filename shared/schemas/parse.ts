import type * as z from 'zod';
import { AppError, type ErrorCode, errorStatus } from '../http/errors';

/** One problem with the input, by path; never the offending value (it may be a token). */
export interface InputIssue {
  path: string;
  message: string;
}

/**
 * A schema's refinement may name the error its failure means (zod `params`): parseInput then
 * answers with that code and detail instead of 400 `bad_request`.
 */
export interface IssueErrorParams {
  code: ErrorCode;
  detail: string;
}

function issueError(params: unknown): IssueErrorParams | undefined {
  const p = params as Partial<IssueErrorParams> | undefined;
  return typeof p?.code === 'string' && Object.hasOwn(errorStatus, p.code) && typeof p.detail === 'string'
    ? (p as IssueErrorParams)
    : undefined;
}

/**
 * Parses untrusted input (body, query, params, header, durable input) or throws the one error type:
 * the code a refinement names (IssueErrorParams, e.g. 422 `invitation_link_missing`), otherwise 400 `bad_request`
 * listing every issue. Domain rules (region, roles, duration…) refuse later with their own codes.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues: InputIssue[] = parsed.error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    message: i.message,
  }));
  const named = parsed.error.issues.map((i) => (i.code === 'custom' ? issueError(i.params) : undefined)).find(Boolean);
  if (named) throw new AppError(named.code, named.detail, { issues });
  const summary = issues
    .slice(0, 5)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join('; ');
  throw new AppError('bad_request', `Invalid ${what}: ${summary}`, { issues });
}
