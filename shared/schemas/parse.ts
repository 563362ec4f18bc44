import type * as z from 'zod';
import { AppError } from '../http/errors';
import { LINK_MISSING_PARAM } from './invitations';

/** One problem with the input, by path; never the offending value (it may be a token). */
export interface InputIssue {
  path: string;
  message: string;
}

/**
 * Parses untrusted input (body, query, params, header, durable input) or throws the one error type:
 * 422 `invitation_link_missing` when an edited email lost its link, otherwise 400 `bad_request`
 * listing every issue. Domain rules (region, roles, duration…) refuse later with their own codes.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues: InputIssue[] = parsed.error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    message: i.message,
  }));
  const linkMissing = parsed.error.issues.some(
    (i) => i.code === 'custom' && (i.params as { code?: string } | undefined)?.code === LINK_MISSING_PARAM.code,
  );
  if (linkMissing) {
    throw new AppError('invitation_link_missing', 'The email text must keep the {{invitationLink}} placeholder.', { issues });
  }
  const summary = issues.slice(0, 5).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new AppError('bad_request', `Invalid ${what}: ${summary}`, { issues });
}
