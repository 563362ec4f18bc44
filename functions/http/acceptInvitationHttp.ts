import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { acceptInvitation } from '../../shared/answers/acceptInvitation';
import { limitedAnswer } from '../../shared/answers/attemptLimiter';
import { answerDeps } from '../compose/answersDeps';
import { acceptBodySchema } from '../../shared/schemas/answers';
import { parseInput } from '../../shared/schemas/parse';
import { recordAcceptanceHandler } from '../activities/recordAcceptance';
import { invitationAnsweredEvent } from '../names';
import { answerRequest } from './answerRequest';

/**
 * POST /api/invitations/{id}/accept: the signed-in customer Global admin accepts (the token is never
 * echoed or logged). The accept records before it answers: the 200 means the customer, relationship,
 * grant (or, for a partnership request, the partnership) exist, so a portal may use them at once
 * (no 409 partnership_required after a 200). Recording is the orchestration's activity, run here
 * first; every write of it is create-if-absent and the invitation turns `recorded` last, so the
 * orchestration's own run (or the sweep's, if this request dies) finds the work done. If recording
 * fails, the request fails (5xx) with the acceptance stored: the same acceptor's retry is answered
 * like the first and records again.
 */
export async function acceptInvitationHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const { caller, body } = await answerRequest(request);
  const parsed = parseInput(acceptBodySchema, body);
  const raise = (id: string, event: unknown) => df.getClient(context).raiseEvent(id, invitationAnsweredEvent, event);
  const view = await limitedAnswer(request.params.id ?? '', () =>
    acceptInvitation(
      answerDeps(),
      raise,
      {
        invitationId: request.params.id ?? '',
        body: parsed,
        caller,
        now: new Date(),
        correlationId: context.invocationId,
      },
      (m) => context.warn(m),
    ),
  );
  await recordAcceptanceHandler()({ invitationId: view.invitationId });
  return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: view };
}
