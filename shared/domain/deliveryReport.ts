import type { Invitation, TimelineEntry } from './invitation';

/** What the timeline says of an invitation email once ACS reported on it. */
export const deliveryOutcomes = ['delivered', 'bounced', 'suppressed', 'undelivered'] as const;
export type DeliveryOutcome = (typeof deliveryOutcomes)[number];

// ACS EmailDeliveryReportReceived `status` values (Learn, communication-services email events; "any
// value other than Delivered is considered failed"). `Expanded` (a distribution list was expanded)
// is not an outcome of the email, so it is left out and ignored.
const byStatus: Record<string, DeliveryOutcome> = {
  delivered: 'delivered',
  bounced: 'bounced',
  suppressed: 'suppressed',
  failed: 'undelivered',
  quarantined: 'undelivered',
  filteredspam: 'undelivered',
};

/** The outcome an ACS delivery status stands for; undefined for a status that is not one (Expanded, unknown). */
export function deliveryOutcomeOf(status: string): DeliveryOutcome | undefined {
  return byStatus[status.trim().toLowerCase()];
}

/** A bounce or a suppression: the address does not take mail, so the inviter is told to correct it. */
export function tellsInviter(outcome: DeliveryOutcome): boolean {
  return outcome === 'bounced' || outcome === 'suppressed';
}

const isReport = (e: TimelineEntry): boolean => (deliveryOutcomes as readonly string[]).includes(e.type);

/**
 * The timeline's report on the n-th invitation email, or with `reminder` on the m-th reminder sent
 * after it (to the same address: a reminder carries the n-th send's link), if one was recorded.
 */
export function deliveryReportOf(
  invitation: Pick<Invitation, 'timeline'>,
  sendNumber: number,
  reminder?: number,
): TimelineEntry | undefined {
  return invitation.timeline.find(
    (e) => isReport(e) && e.detail?.['sendNumber'] === sendNumber && e.detail?.['reminder'] === reminder,
  );
}

/** The latest report on any email to the n-th send's address: the invitation email or a reminder after it. */
export function latestDeliveryReportOf(
  invitation: Pick<Invitation, 'timeline'>,
  sendNumber: number,
): TimelineEntry | undefined {
  return invitation.timeline.findLast((e) => isReport(e) && e.detail?.['sendNumber'] === sendNumber);
}
