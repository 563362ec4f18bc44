import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { isAppError } from './errors';
import { problemResponse } from './problem';

/**
 * Wraps an HTTP handler so every throw becomes problem+json. Expected errors (AppError) are not
 * logged; unexpected ones are logged by name and message only (never headers, bodies or tokens).
 */
export function withProblems(handler: HttpHandler): HttpHandler {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    try {
      return await handler(request, context);
    } catch (e) {
      if (!isAppError(e)) {
        const what = e instanceof Error ? `${e.name}: ${e.message}` : typeof e;
        context.error(`${request.method} ${new URL(request.url).pathname} failed: ${what}`);
      }
      return problemResponse(e);
    }
  };
}
