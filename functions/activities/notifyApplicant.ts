import { nameBasedUuid } from '../../shared/domain/ids';
import { deferredBy } from '../../shared/email/deferred';
import type { EmailSender } from '../../shared/email/sender';
import { enrolmentOutcomeEmail } from '../../shared/email/templatesNotices';
import { renderEmail } from '../../shared/email/templates';
import { type ActivityOutcome, notifyApplicantInputSchema } from '../../shared/schemas/orchestration';
import type { EnrolmentRequestStore } from '../../shared/store/enrolmentRequests';
import { notifyApplicantDeps } from '../compose/programDeps';
import { wiredOnFirstUse } from '../compose/wiredOnFirstUse';

const kindNames = {
  direct: 'a direct partner',
  indirectProvider: 'an indirect provider',
  indirectReseller: 'an indirect reseller',
} as const;

export interface NotifyApplicantDeps {
  requests: Pick<EnrolmentRequestStore, 'get'>;
  emailSender: EmailSender;
}

/** Emails the applicant the decision on its enrolment request; one email per decision (its Operation-Id). */
export function makeNotifyApplicant(d: NotifyApplicantDeps) {
  return async (raw: unknown): Promise<ActivityOutcome> => {
    const { requestId } = notifyApplicantInputSchema.parse(raw);
    const found = await d.requests.get(requestId);
    if (!found || found.doc.status === 'pending') return { outcome: 'skipped', detail: 'no decision yet' };
    const r = found.doc;
    const template = enrolmentOutcomeEmail({
      name: r.application.name,
      kind: kindNames[r.application.kind],
      status: r.status as 'approved' | 'rejected',
      ...(r.reason ? { reason: r.reason } : {}),
    });
    const sent = await d.emailSender.send({
      operationId: nameBasedUuid(`enrolment:${r.id}:${r.status}`),
      priority: 'notice',
      to: r.requestedBy.email,
      ...renderEmail(template),
    });
    if (sent.outcome === 'deferred') return deferredBy(sent);
    return { outcome: sent.outcome === 'sent' ? 'done' : 'alreadyDone' };
  };
}

/** The activity's handler on the process-wide stores. */
export const notifyApplicantHandler = wiredOnFirstUse(() => makeNotifyApplicant(notifyApplicantDeps()));
