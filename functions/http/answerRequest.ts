import type { HttpRequest } from '@azure/functions';
import { allowedOrigins, checkOrigin } from '../../shared/answers/checkOrigin';
import { authenticate } from '../../shared/auth/authenticate';
import type { Caller } from '../../shared/auth/caller';
import { answerScopes } from '../../shared/auth/scopes';
import { config } from '../../shared/config';
import { readJsonBody } from '../../shared/http/body';

let origins: Set<string> | undefined;

/** What both answer endpoints check first: the browser's Origin, the bearer token, a JSON body. */
export async function answerRequest(request: HttpRequest): Promise<{ caller: Caller; body: unknown }> {
  const c = config();
  origins ??= allowedOrigins(c.PUBLIC_BASE_URL, c.ALLOWED_ORIGINS);
  checkOrigin(request.headers.get('origin'), origins);
  const caller = await authenticate(request, answerScopes);
  return { caller, body: await readJsonBody(request) };
}
