import { nameBasedUuid } from '../../shared/domain/ids';
import { deferredBy } from '../../shared/email/deferred';
import type { EmailSender } from '../../shared/email/sender';
import { emailSender } from '../../shared/email/senderFromConfig';
import { enrolmentOutcomeEmail } from '../../shared/email/templates-notices';
import { renderEmail } from '../../shared/email/templates';
import { type ActivityOutcome, notifyApplicantInputSchema } from '../../shared/schemas/orchestration';
import { enrolmentRequestStore, type EnrolmentRequestStore } from '../../shared/store/enrolmentRequests';
import { wiredOnFirstUse } from './wired';

const kindNames = { direct: 'a direct partner', indirectProvider: 'an indirect provider', indirectReseller: 'an indirect reseller' } as const;

/** Emails the applicant the decision on its enrolment request; one email per decision (its Operation-Id). */
export function makeNotifyApplicant(d: { requests: Pick<EnrolmentRequestStore, 'get'>; emailSender: EmailSender }) {
  return async (raw: unknown): Promise<ActivityOutcome> => {
    const { requestId } = notifyApplicantInputSchema.parse(raw);
    const found = await d.requests.get(requestId);
    if (!found || found.doc.status === 'pending') return { outcome: 'skipped', detail: 'no decision yet' };
    const r = found.doc;
    const template = enrolmentOutcomeEmail({ name: r.application.name, kind: kindNames[r.application.kind], status: r.status as 'approved' | 'rejected', ...(r.reason ? { reason: r.reason } : {}) });
    const sent = await d.emailSender.send({ operationId: nameBasedUuid(`enrolment:${r.id}:${r.status}`), priority: 'notice', to: r.requestedBy.email, ...renderEmail(template) });
    if (sent.outcome === 'deferred') return deferredBy(sent);
    return { outcome: sent.outcome === 'sent' ? 'done' : 'alreadyDone' };
  };
}

/** The activity's handler on the process-wide stores. */
export const notifyApplicantHandler = wiredOnFirstUse(() => makeNotifyApplicant({ requests: enrolmentRequestStore(), emailSender: emailSender() }));
