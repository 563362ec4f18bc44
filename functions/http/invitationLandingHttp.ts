import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { answerDeps } from '../compose/answersDeps';
import { landingView } from '../../shared/answers/landingView';
import { config } from '../../shared/config';
import { pageHeaders, pageHeadersWith } from '../../shared/pages/html';
import { renderLandingPage } from '../../shared/pages/landingPage';
import { connectOrigins, signinSettings } from '../../shared/pages/signinSettings';
import { renderUnavailablePage } from '../../shared/pages/unavailablePage';

/**
 * GET /api/invite/{id}: the invitation's landing page. Reads only (mail scanners open links
 * first); the token stays in the fragment, so this handler never sees it. Every id that cannot be
 * answered gets the same neutral page.
 */
export async function invitationLandingHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const view = await landingView(answerDeps(), request.params.id ?? '', new Date());
  if (!view) return { status: 404, headers: { ...pageHeaders }, body: renderUnavailablePage() };
  const signin = signinSettings(config());
  return { status: 200, headers: pageHeadersWith(connectOrigins(signin)), body: renderLandingPage(view, { signin }) };
}
