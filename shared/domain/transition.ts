import { isPastDeadline, sentReminders } from './deadlines';
import { type DeliveryOutcome, deliveryReportOf, latestDeliveryReportOf } from './deliveryReport';
import type { Actor, Invitation, TimelineEntry } from './invitation';
import { systemActor } from './invitation';
import { ok, refuse, type Refusal, type Result } from './result';
import { iso } from './time';

/** Everything that can happen to an invitation. */
export type InvitationEvent =
  /** `sent`: the email has already gone out (the activity records what it did, whatever happened meanwhile). */
  | { type: 'emailed'; sendNumber: number; tokenHash?: string; sent?: boolean }
  /**
   * The n-th reminder of the schedule went out (0-based; absent: the first); `sent`: recorded
   * whatever happened meanwhile.
   */
  | { type: 'reminded'; reminder?: number; sent?: boolean }
  | { type: 'accept'; by: Actor }
  | { type: 'decline'; by: Actor }
  | { type: 'revoke'; by: Actor }
  | { type: 'expire'; by?: ExpiredBy }
  | { type: 'record' }
  /** ACS reported the fate of the n-th invitation email, or of a reminder after it (shared/domain/deliveryReport.ts). */
  | { type: 'deliveryReported'; sendNumber: number; reminder?: number; outcome: DeliveryOutcome; status: string }
  /** The inviter corrects the address after the latest email did not reach it; the next send goes to the new one. */
  | { type: 'readdress'; recipientEmail: string; by: Actor };

/**
 * Who wrote an expiry, when it was not the invitation's own orchestration: the sweep, which then
 * owes the inviter the notice that orchestration would have sent. Kept in the timeline entry's
 * detail, so it is written in the same conditional replace as the expiry itself.
 */
export type ExpiredBy = 'sweep';

/** Who expired an invitation, as its timeline says; undefined if not expired, or expired by its orchestration. */
export function expiredBy(invitation: Pick<Invitation, 'status' | 'timeline'>): ExpiredBy | undefined {
  if (invitation.status !== 'expired') return undefined;
  return invitation.timeline.find((e) => e.type === 'expired')?.detail?.by === 'sweep' ? 'sweep' : undefined;
}

/** The new invitation, and whether anything changed (false: a repeat that already happened). */
export interface Transitioned {
  invitation: Invitation;
  changed: boolean;
}

// One wording for unknown, used, revoked and expired links, so answers do not reveal which it was.
const UNAVAILABLE: Refusal = refuse('invitation_unavailable', 'This invitation link is not valid.');

/** Whether two actors are the same person (tenant and user ids compare case-insensitively). */
export function sameActor(a: Actor | undefined, b: Actor): boolean {
  if (!a || a.type !== 'user' || b.type !== 'user' || !a.userId || !a.tenantId) return false;
  return a.userId.toLowerCase() === b.userId?.toLowerCase() && a.tenantId.toLowerCase() === b.tenantId?.toLowerCase();
}

/**
 * The invitation state machine: pending → accepted | declined | revoked | expired, accepted →
 * recorded. Pure: `now` is a parameter, the input is not modified. Exactly one answer is ever
 * taken; repeating the event that produced the current state returns it unchanged (idempotent).
 */
export function transition(invitation: Invitation, event: InvitationEvent, now: Date): Result<Transitioned> {
  const at = iso(now);
  const unchanged = ok({ invitation, changed: false });
  const pending = invitation.status === 'pending';
  const pastDeadline = isPastDeadline(invitation, now);
  const entry = (type: TimelineEntry['type'], by: Actor, detail?: TimelineEntry['detail']): TimelineEntry =>
    detail ? { type, at, by, detail } : { type, at, by };
  const next = (patch: Partial<Invitation>, e: TimelineEntry) =>
    ok({ invitation: { ...invitation, ...patch, timeline: [...invitation.timeline, e] }, changed: true });

  switch (event.type) {
    case 'emailed': {
      // An email that went out is counted even when an answer or the deadline came between the send
      // and this write: otherwise an invitation answered through its link says it was never sent.
      if (!event.sent && (!pending || pastDeadline))
        return refuse('already_answered', `the invitation is ${pending ? 'expired' : invitation.status}`);
      if (event.sendNumber <= invitation.sendCount) return unchanged;
      if (event.sendNumber !== invitation.sendCount + 1)
        return refuse('conflict', `send ${event.sendNumber} is out of order`);
      const tokenHash = event.tokenHash ?? invitation.tokenHash;
      return next(
        { sendCount: event.sendNumber, tokenHash },
        entry('emailed', systemActor, { sendNumber: event.sendNumber }),
      );
    }
    case 'reminded': {
      const reminder = event.reminder ?? 0;
      const record = () =>
        next(
          { reminderSentAt: at },
          entry('reminded', systemActor, reminder > 0 ? { reminder: reminder + 1 } : undefined),
        );
      // An emailed reminder is a fact: an answer or the deadline that came between the send and
      // this write must not leave it out of the timeline (the inbox would show more than the record).
      if (event.sent) return sentReminders(invitation).includes(reminder) ? unchanged : record();
      if (!pending || pastDeadline)
        return refuse('already_answered', `the invitation is ${pending ? 'expired' : invitation.status}`);
      if (sentReminders(invitation).includes(reminder)) return unchanged;
      return record();
    }
    case 'accept': {
      if (invitation.status === 'accepted' || invitation.status === 'recorded') {
        return sameActor(invitation.acceptedBy, event.by) ? unchanged : UNAVAILABLE;
      }
      if (!pending || pastDeadline) return UNAVAILABLE;
      return next(
        { status: 'accepted', acceptedBy: event.by, answeredBy: event.by, answeredAt: at },
        entry('accepted', event.by),
      );
    }
    case 'decline': {
      if (invitation.status === 'declined') return sameActor(invitation.answeredBy, event.by) ? unchanged : UNAVAILABLE;
      if (!pending || pastDeadline) return UNAVAILABLE;
      return next({ status: 'declined', answeredBy: event.by, answeredAt: at }, entry('declined', event.by));
    }
    case 'revoke': {
      if (invitation.status === 'revoked') return unchanged;
      if (!pending || pastDeadline)
        return refuse('already_answered', `the invitation is ${pending ? 'expired' : invitation.status}`);
      return next({ status: 'revoked', answeredBy: event.by, answeredAt: at }, entry('revoked', event.by));
    }
    case 'expire': {
      if (invitation.status === 'expired') return unchanged;
      if (!pending) return refuse('already_answered', `the invitation is ${invitation.status}`);
      if (!pastDeadline) return refuse('conflict', 'the invitation has not reached its deadline');
      return next(
        { status: 'expired', answeredBy: systemActor, answeredAt: at },
        entry('expired', systemActor, event.by ? { by: event.by } : undefined),
      );
    }
    case 'deliveryReported': {
      // A fact about an email that went out, recorded whatever the invitation became since; once per
      // email (the send, or one of the reminders after it).
      if (deliveryReportOf(invitation, event.sendNumber, event.reminder)) return unchanged;
      // Not counted yet (the send's record is still being written): the report is retried later.
      if (event.sendNumber > invitation.sendCount)
        return refuse('conflict', `send ${event.sendNumber} is not recorded yet`);
      const which = {
        sendNumber: event.sendNumber,
        ...(event.reminder !== undefined ? { reminder: event.reminder } : {}),
      };
      return next({}, entry(event.outcome, systemActor, { ...which, status: event.status }));
    }
    case 'readdress': {
      if (!pending || pastDeadline)
        return refuse('already_answered', `the invitation is ${pending ? 'expired' : invitation.status}`);
      if (invitation.recipientEmail === event.recipientEmail) return unchanged;
      // A correction not sent to yet is not corrected again: of two fired at once, the send would
      // go to whichever address it read while the record names the other.
      if (invitation.timeline.some((e) => e.type === 'readdressed' && e.detail?.sendNumber === invitation.sendCount))
        return refuse('conflict', 'the corrected address has not been sent to yet; wait for its delivery report');
      // Only an address that did not take the latest email: one that did holds a working link, and
      // sending it elsewhere too would put the same link in a second mailbox.
      // A reminder that bounced after a delivered invitation email counts: it is the latest email.
      const latest = latestDeliveryReportOf(invitation, invitation.sendCount);
      if (!latest || latest.type === 'delivered')
        return refuse(
          'conflict',
          'the address can be corrected only after the latest email bounced, was suppressed or failed',
        );
      return next(
        { recipientEmail: event.recipientEmail },
        entry('readdressed', event.by, { sendNumber: invitation.sendCount }),
      );
    }
    case 'record': {
      if (invitation.status === 'recorded') return unchanged;
      if (invitation.status !== 'accepted')
        return refuse('conflict', `only an accepted invitation can be recorded, not a ${invitation.status} one`);
      return next({ status: 'recorded', recordedAt: at }, entry('recorded', systemActor));
    }
  }
}
