import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { declineInvitation } from '../../shared/answers/declineInvitation';
import { limitedAnswer } from '../../shared/answers/attemptLimiter';
import { answerDeps } from '../compose/answersDeps';
import { declineBodySchema } from '../../shared/schemas/answers';
import { parseInput } from '../../shared/schemas/parse';
import { invitationAnsweredEvent } from '../names';
import { answerRequest } from './answerRequest';

/**
 * POST /api/invitations/{id}/decline: the signed-in customer Global admin declines (the token is
 * never echoed or logged).
 */
export async function declineInvitationHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const { caller, body } = await answerRequest(request);
  const parsed = parseInput(declineBodySchema, body);
  const raise = (id: string, event: unknown) => df.getClient(context).raiseEvent(id, invitationAnsweredEvent, event);
  const view = await limitedAnswer(request.params.id ?? '', () =>
    declineInvitation(
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
  return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: view };
}
