import type { HttpRequest, InvocationContext } from '@azure/functions';
import { cosmosStatus } from '../store/cosmosOps';
import { AppError, isAppError } from './errors';

/**
 * The query string as a plain object, for a zod schema to parse (`api-version` is the
 * wrapper's: shared/http/apiVersion.ts).
 */
export const queryOf = (request: HttpRequest): Record<string, string> =>
  Object.fromEntries([...request.query.entries()].filter(([k]) => k !== 'api-version'));

/** The correlation id of audit entries: the caller's X-Correlation-Id if sane, else this invocation's id. */
export function correlationIdOf(request: HttpRequest, context: InvocationContext): string {
  const given = request.headers.get('x-correlation-id');
  return given && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : context.invocationId;
}

/**
 * Runs a paged read; a continuation token the store cannot use is the caller's fault (400), not ours.
 * Only when a token was given and the store refused it as a bad request (or could not parse it).
 */
export async function withToken<T>(token: string | undefined, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    const status = cosmosStatus(e);
    if (token !== undefined && !isAppError(e) && (status === undefined || status === 400)) {
      throw new AppError('bad_request', 'The continuation token is not valid.');
    }
    throw e;
  }
}
