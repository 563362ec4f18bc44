import type * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import {
  invitationAnsweredEventSchema,
  invitationOrchestrationInputSchema,
  resendRequestedEventSchema,
} from '../../shared/schemas/orchestration';
import { activities } from '../names';
import { activityRetry as retry } from './activityRetry';
import { callEmailActivity } from './callEmailActivity';
import { waitForAnswerOrTimer } from './waitForAnswer';

/**
 * One invitation's life: email it, wait for an answer (a resend re-sends; each reminder of the
 * schedule goes out at its time), then record an acceptance or expire it. Answers are written to
 * Cosmos before they are raised here, so this orchestration only carries out their consequences.
 */
export const invitationOrchestrator: df.OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = invitationOrchestrationInputSchema.parse(context.df.getInput());
  const { invitationId } = input;
  const expiresAt = new Date(input.expiresAt);
  // Instances started before the schedule carry one `reminderAt`; they walk a list of one.
  const schedule = (input.reminders ?? (input.reminderAt ? [input.reminderAt] : []))
    .map((at) => new Date(at))
    .sort((a, b) => a.getTime() - b.getTime());
  let sendNumber = 1;
  yield* callEmailActivity(context, activities.sendInvitationEmail, { invitationId, sendNumber });

  let next = 0; // the first reminder of the schedule not yet sent or passed
  let outcome: string | undefined;
  for (;;) {
    const now = context.df.currentUtcDateTime;
    // A reminder whose time passed while the orchestration was busy (a deferred email) is left out.
    while (next < schedule.length && !((schedule[next] as Date) > now && (schedule[next] as Date) < expiresAt)) next++;
    const reminderAt = schedule[next];
    const wake = yield* waitForAnswerOrTimer(context, reminderAt ?? expiresAt);
    if (wake.kind === 'resend') {
      // Resends fired at once (or a request retried after a crash) ask for the same send: the
      // first that arrives sends it, the rest were answered by it. One without a number sends.
      const asked = resendRequestedEventSchema.safeParse(wake.event).data?.sendNumber;
      if (asked !== undefined && asked <= sendNumber) continue;
      sendNumber++;
      yield* callEmailActivity(context, activities.sendInvitationEmail, { invitationId, sendNumber });
      continue;
    }
    if (wake.kind === 'timer' && reminderAt) {
      const reminder = next++;
      try {
        // The first reminder's input is the one instances before the schedule sent.
        yield* callEmailActivity(context, activities.sendReminderEmail, {
          invitationId,
          ...(reminder > 0 ? { reminder } : {}),
        });
      } catch {
        // Hours of ACS outage used up the reminder's retries: the invitation lives on without it,
        // rather than its orchestration failing and its answer waiting for the sweep.
      }
      continue;
    }
    if (wake.kind === 'answered') {
      outcome = invitationAnsweredEventSchema.safeParse(wake.event).data?.outcome;
      if (outcome === undefined) continue; // a malformed event changes nothing
    } else {
      // The deadline: the conditional write decides between a late acceptance and expiry.
      outcome = (yield context.df.callActivityWithRetry(activities.expireInvitation, retry(), {
        invitationId,
        at: context.df.currentUtcDateTime.toISOString(),
      })) as string;
    }
    break;
  }

  if (outcome === 'accepted') {
    yield context.df.callActivityWithRetry(activities.recordAcceptance, retry(), { invitationId });
    yield* callEmailActivity(context, activities.notifyInviter, { invitationId, notice: 'accepted' });
    return 'recorded';
  }
  if (outcome === 'expired') {
    yield* callEmailActivity(context, activities.notifyInviter, { invitationId, notice: 'expired' });
  }
  return outcome;
};
