import type * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { RetryOptions } from '../durableCore';
import { invitationAnsweredEventSchema, invitationOrchestrationInputSchema } from '../../shared/schemas/orchestration';
import { activities } from '../names';
import { waitForAnswerOrTimer } from './waitForAnswer';

/** Activity retries: writes are idempotent, emails deduplicated by Operation-Id. */
function retry(): df.RetryOptions {
  const r = new RetryOptions(2000, 6);
  r.backoffCoefficient = 2;
  r.maxRetryIntervalInMilliseconds = 60_000;
  return r;
}

/**
 * One invitation's life: email it, wait for an answer (a resend re-sends, one reminder before
 * the deadline), then record an acceptance or expire it. Answers are written to Cosmos before
 * they are raised here, so this orchestration only carries out their consequences.
 */
export const invitationOrchestrator: df.OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = invitationOrchestrationInputSchema.parse(context.df.getInput());
  const { invitationId } = input;
  const expiresAt = new Date(input.expiresAt);
  const reminderAt = input.reminderAt ? new Date(input.reminderAt) : undefined;
  let sendNumber = 1;
  yield context.df.callActivityWithRetry(activities.sendInvitationEmail, retry(), { invitationId, sendNumber });

  let reminded = false;
  let outcome: string | undefined;
  for (;;) {
    const now = context.df.currentUtcDateTime;
    const remindFirst = !reminded && reminderAt !== undefined && reminderAt > now && reminderAt < expiresAt;
    const wake = yield* waitForAnswerOrTimer(context, remindFirst ? (reminderAt as Date) : expiresAt);
    if (wake.kind === 'resend') {
      sendNumber++;
      yield context.df.callActivityWithRetry(activities.sendInvitationEmail, retry(), { invitationId, sendNumber });
      continue;
    }
    if (wake.kind === 'timer' && remindFirst) {
      reminded = true;
      yield context.df.callActivityWithRetry(activities.sendReminderEmail, retry(), { invitationId });
      continue;
    }
    if (wake.kind === 'answered') {
      outcome = invitationAnsweredEventSchema.safeParse(wake.event).data?.outcome;
      if (outcome === undefined) continue; // a malformed event changes nothing
    } else {
      // The deadline: the conditional write decides between a late acceptance and expiry.
      outcome = (yield context.df.callActivityWithRetry(activities.expireInvitation, retry(), { invitationId, at: context.df.currentUtcDateTime.toISOString() })) as string;
    }
    break;
  }

  if (outcome === 'accepted') {
    yield context.df.callActivityWithRetry(activities.recordAcceptance, retry(), { invitationId });
    yield context.df.callActivityWithRetry(activities.notifyInviter, retry(), { invitationId, notice: 'accepted' });
    return 'recorded';
  }
  if (outcome === 'expired') {
    yield context.df.callActivityWithRetry(activities.notifyInviter, retry(), { invitationId, notice: 'expired' });
  }
  return outcome;
};
