import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { orchestrators } from '../orchestrationNames';
import type { EnrolmentRequest } from '../schemas/partner';

/** Instance id of the notice of one decision: starting it again (a repeated request) finds the first. */
export const enrolmentNoticeInstanceId = (request: Pick<EnrolmentRequest, 'id' | 'status'>): string =>
  `enrolment-${request.status}-${request.id}`;

/**
 * Starts the durable notice that emails the applicant the decision (it waits out the email quota
 * and retries outages for hours, as every notice does). A repeated approve or reject, such as the
 * operator's retry after a crash, starts nothing new.
 */
export async function startEnrolmentNotice(context: InvocationContext, request: EnrolmentRequest): Promise<void> {
  if (request.status === 'pending') return;
  const client = df.getClient(context);
  const instanceId = enrolmentNoticeInstanceId(request);
  try {
    await client.startNew(orchestrators.enrolmentNotice, { instanceId, input: { requestId: request.id } });
  } catch (err) {
    if (!(await client.getStatus(instanceId).catch(() => undefined))) throw err;
  }
}
