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

/** The timeline's report on the n-th invitation email, if one was recorded. */
export function deliveryReportOf(
  invitation: Pick<Invitation, 'timeline'>,
  sendNumber: number,
): TimelineEntry | undefined {
  return invitation.timeline.find(
    (e) => (deliveryOutcomes as readonly string[]).includes(e.type) && e.detail?.['sendNumber'] === sendNumber,
  );
}
