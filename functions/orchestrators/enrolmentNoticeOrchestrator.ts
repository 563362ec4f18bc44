import type * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { activityOutcomeSchema } from '../../shared/schemas/orchestration';
import { activities } from '../names';
import { callEmailActivity } from './callEmailActivity';

/** Emails an applicant the operator's decision on its enrolment request, once (the activity's Operation-Id). */
export const enrolmentNoticeOrchestrator: df.OrchestrationHandler = function* (context: OrchestrationContext) {
  const result = yield* callEmailActivity(context, activities.notifyApplicant, context.df.getInput());
  return activityOutcomeSchema.safeParse(result).data?.outcome ?? null;
};
