import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { API_VERSION, checkApiVersion } from './apiVersion';
import { isAppError } from './errors';
import { problemResponse } from './problem';

/**
 * Wraps an HTTP handler so every throw becomes problem+json. Expected errors (AppError) are not
 * logged; unexpected ones are logged by name and message only (never headers, bodies or tokens).
 */
export function withProblems(handler: HttpHandler): HttpHandler {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    try {
      checkApiVersion(request.url);
      return noSniff(withVersion(await handler(request, context)));
    } catch (e) {
      if (!isAppError(e)) {
        const what = e instanceof Error ? `${e.name}: ${e.message}` : typeof e;
        context.error(`${request.method} ${new URL(request.url).pathname} failed: ${what}`);
      }
      return noSniff(withVersion(problemResponse(e)));
    }
  };
}

/**
 * Every response says `X-Content-Type-Options: nosniff`: a browser must take a JSON body (which
 * may echo a name someone typed) as JSON, never sniff it into HTML or script.
 */
export function noSniff(response: HttpResponseInit): HttpResponseInit {
  const headers = new Headers(response.headers as ConstructorParameters<typeof Headers>[0]);
  headers.set('x-content-type-options', 'nosniff');
  return { ...response, headers: Object.fromEntries(headers.entries()) };
}

/** Names the API version that served the response (the `api-version` header). */
function withVersion(res: HttpResponseInit): HttpResponseInit {
  if (res.headers instanceof Headers) {
    res.headers.set('api-version', API_VERSION);
    return res;
  }
  const headers = Array.isArray(res.headers)
    ? Object.fromEntries(res.headers)
    : { ...(res.headers as Record<string, string> | undefined) };
  return { ...res, headers: { ...headers, 'api-version': API_VERSION } };
}
