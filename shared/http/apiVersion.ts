import { AppError } from './errors';

/**
 * The API's version, as the Azure REST API guidelines carry it: the `api-version` query parameter,
 * a date. Optional here (absent means the current one, so existing callers keep working); any other
 * value is refused with 400 `unsupported_api_version`. Every /api response names the version that
 * served it in the `api-version` header. A breaking change ships as a new date beside this one.
 */
export const API_VERSION = '2026-12-01';

/** The versions this build serves. */
export const supportedApiVersions: readonly string[] = [API_VERSION];

/** The query parameter's name. */
export const API_VERSION_PARAM = 'api-version';

/** Throws 400 `unsupported_api_version` when the request names a version this build does not serve. */
export function checkApiVersion(url: string): void {
  const asked = new URL(url).searchParams.getAll(API_VERSION_PARAM);
  if (asked.length === 0) return;
  if (asked.length > 1 || !supportedApiVersions.includes(asked[0] as string)) {
    throw new AppError(
      'unsupported_api_version',
      `Unsupported api-version; this API serves ${supportedApiVersions.join(', ')}.`,
      { supported: supportedApiVersions },
    );
  }
}
