import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { AppError } from '../../shared/http/errors';
import { LANDING_JS } from '../../shared/pages/landingScript';
import { LANDING_CSS } from '../../shared/pages/landingStyle';
import { SIGNIN_RETURN_JS } from '../../shared/pages/signinReturnScript';

const assets: Readonly<Record<string, { type: string; body: string }>> = {
  'landing.js': { type: 'text/javascript; charset=utf-8', body: LANDING_JS },
  'landing.css': { type: 'text/css; charset=utf-8', body: LANDING_CSS },
  'signin-return.js': { type: 'text/javascript; charset=utf-8', body: SIGNIN_RETURN_JS },
};

/** GET /api/pages/{asset}: the pages' scripts and stylesheet (same origin, so the CSP stays strict). */
export async function landingAssetHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const asset = Object.hasOwn(assets, request.params.asset ?? '') ? assets[request.params.asset as string] : undefined;
  // Like every other error of the API: problem+json.
  if (!asset) throw new AppError('not_found', 'No such asset.');
  return {
    status: 200,
    headers: {
      'content-type': asset.type,
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    },
    body: asset.body,
  };
}
