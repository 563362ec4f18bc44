import { AppError } from '../http/errors';

/** The origins allowed to POST answers: the public base URL's, plus the configured list. */
export function allowedOrigins(publicBaseUrl: string, configured: string): Set<string> {
  const out = new Set<string>([new URL(publicBaseUrl).origin]);
  for (const entry of configured
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    try {
      out.add(new URL(entry).origin);
    } catch {
      // A malformed entry allows nothing rather than failing every answer.
    }
  }
  return out;
}

/**
 * A browser always sends Origin on a cross-origin POST; when one is present it must be ours
 * (403 `origin_not_allowed`). Non-browser clients send none and rely on the bearer token alone.
 */
export function checkOrigin(origin: string | null, allowed: ReadonlySet<string>): void {
  if (origin === null) return;
  if (!allowed.has(origin))
    throw new AppError('origin_not_allowed', 'Answers are accepted only from the invitation page.');
}
