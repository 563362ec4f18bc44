import { systemActor, type Invitation } from '../domain/invitation';
import { expiredBy } from '../domain/transition';
import { invitationView } from '../invitations/invitationView';
import { bucketOf, type DueItem } from '../store/dueItems';
import { decideInvitation, needsOrchestration } from './invitationDecision';
import type { SweepDeps } from './ports';
import { republishAnswer } from './republishAnswer';

/** What happened to one invitation deadline item (for counts and logs). */
export type InvitationSweepOutcome =
  'expired' | 'expiryFinished' | 'reraised' | 'waiting' | 'orphaned' | 'recorded' | 'done' | 'started' | 'rescheduled';

/** The item, come due before the deadline, moves to the deadline's bucket (the same item, if it is there already). */
async function rescheduleToDeadline(d: SweepDeps, item: DueItem, inv: Invitation): Promise<void> {
  await d.dueItems.put({ kind: 'invitationDeadline', targetId: inv.id, dueAt: inv.expiresAt });
  if (bucketOf(inv.expiresAt) !== item.bucket) await d.dueItems.done(item);
}

/** The tenants whose audit trail an invitation's changes belong to. */
const tenantsOf = (i: Invitation): string[] => [i.partnerTenantId, ...(i.providerTenantId ? [i.providerTenantId] : [])];

/**
 * What follows an expiry the sweep wrote. Every step is idempotent, so a run that finds the expiry
 * written and the item still there (the run that wrote it died) does them all again.
 */
async function finishExpiry(d: SweepDeps, expired: Invitation, now: Date): Promise<void> {
  await d.index.put(expired);
  // The orchestration's expiry uses the same key, so whichever expires first appends once.
  await d.audit.append(
    tenantsOf(expired),
    {
      at: expired.answeredAt ?? now.toISOString(),
      actor: systemActor,
      action: 'invitation.expired',
      subject: { type: 'invitation', id: expired.id },
      correlationId: expired.id,
      detail: { by: 'sweep' },
      resource: invitationView(expired, now),
    },
    `expired:${expired.id}`,
  );
  // The orchestration that would have told the inviter is gone or stuck. The notice's own
  // orchestration does it, waiting out a used-up quota and retrying an outage; once it exists the
  // item may go, and until then the item stays, so a failure or crash here is retried next run.
  await d.notices.startExpiryNotice(expired.id);
}

/**
 * One `invitationDeadline` item: expire a pending invitation the orchestration can no longer expire,
 * or raise a lost answer again. The item is kept while something may still need doing.
 */
export async function sweepInvitation(d: SweepDeps, item: DueItem, now: Date): Promise<InvitationSweepOutcome> {
  const found = await d.invitations.get(item.targetId);
  const inv = found?.doc;
  // An answer whose request died after storing it: its audit and list entries, before anything else.
  if (inv && (await republishAnswer(d, inv)))
    d.log(
      `sweep: invitation ${inv.id} was ${inv.status} but not listed so; its audit entry and list entry were written by the sweep`,
    );
  const orchestration = inv && needsOrchestration(inv) ? await d.orchestrations.state(inv.id) : undefined;
  const action = decideInvitation(inv, orchestration, now);
  if (action === 'wait') return 'waiting';
  if (inv && (action === 'start' || action === 'reschedule')) {
    if (action === 'start') {
      // Its create died between the invitation's write and the start (and was not retried): the
      // orchestration emails it from here on, and the partner's list gets it.
      await d.index.put(inv);
      await d.orchestrations.startInvitation(inv);
      d.log(`sweep: invitation ${inv.id} had no orchestration; started it`);
    }
    await rescheduleToDeadline(d, item, inv);
    return action === 'start' ? 'started' : 'rescheduled';
  }
  if (action === 'done' || !inv) {
    await d.dueItems.done(item);
    return 'done';
  }
  if (action === 'orphaned') {
    if (d.recordAcceptance) {
      // No orchestration will carry it out: record it here with the activity's own idempotent code.
      await d.recordAcceptance(inv.id);
      d.log(
        `sweep: invitation ${inv.id} was accepted but its orchestration is ${orchestration}; the acceptance was recorded by the sweep`,
      );
      await d.dueItems.done(item);
      return 'recorded';
    }
    d.log(
      `sweep: invitation ${inv.id} is accepted but its orchestration is ${orchestration}; the acceptance is not recorded and needs attention`,
    );
    await d.dueItems.done(item);
    return 'orphaned';
  }
  if (action === 'reraise') {
    // A recorded invitation was accepted: that is the answer its orchestration waits for.
    const outcome = (inv.status === 'recorded' ? 'accepted' : inv.status) as 'accepted' | 'declined' | 'revoked';
    const by = outcome === 'accepted' ? inv.acceptedBy : inv.answeredBy;
    const raised = await d.orchestrations.raiseAnswered(inv.id, {
      outcome,
      at: inv.answeredAt ?? now.toISOString(),
      ...(by ? { by } : {}),
    });
    d.log(`sweep: invitation ${inv.id} ${outcome} but not carried out; InvitationAnswered raised again (${raised})`);
    return 'reraised';
  }
  let expired = inv;
  if (action === 'expire') {
    // The expiry says it was the sweep's, in the same write: the next run then knows the notice
    // is the sweep's to start, should this run die before it has.
    const result = await d.invitations.apply(inv.id, { type: 'expire', by: 'sweep' }, now);
    // Gone, or expired meanwhile by its own orchestration, which tells the inviter itself.
    if (!result || (result.ok && expiredBy(result.value.invitation) !== 'sweep')) {
      await d.dueItems.done(item);
      return 'done';
    }
    // Refused: an answer won the race since the read; the next run sees it.
    if (!result.ok) return 'waiting';
    expired = result.value.invitation;
  }
  await finishExpiry(d, expired, now);
  await d.dueItems.done(item);
  return action === 'expire' ? 'expired' : 'expiryFinished';
}
