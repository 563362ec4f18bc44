import type * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { activityOutcomeSchema, notifyInviterInputSchema } from '../../shared/schemas/orchestration';
import { activities } from '../names';
import { callEmailActivity } from './callEmailActivity';

/**
 * Delivers one notice to an inviter that no invitation orchestration will send: the expiry notice
 * of an invitation the sweep expired. Its instance id is derived from the invitation id
 * (shared/domain/ids.ts `noticeInstanceId`), so the sweep can start it again without a second
 * instance. It waits out a used-up email quota on durable timers and retries an ACS outage for
 * hours; every try carries the notice's one Operation-Id, so the inviter gets one email.
 */
export const inviterNoticeOrchestrator: df.OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = notifyInviterInputSchema.parse(context.df.getInput());
  const result = yield* callEmailActivity(context, activities.notifyInviter, input);
  return activityOutcomeSchema.safeParse(result).data?.outcome ?? null;
};
