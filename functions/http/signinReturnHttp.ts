import type { HttpResponseInit } from '@azure/functions';
import { pageHeaders } from '../../shared/pages/html';
import { renderSigninReturnPage } from '../../shared/pages/signinReturnPage';

/**
 * GET /api/signin/return: the redirect URI registered for the landing page. The code and state
 * arrive in the fragment (response_mode=fragment), so this handler never sees them, and it serves
 * the same page to everyone.
 */
export async function signinReturnHttp(): Promise<HttpResponseInit> {
  return { status: 200, headers: { ...pageHeaders }, body: renderSigninReturnPage() };
}
