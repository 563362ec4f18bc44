import { systemActor, type Invitation } from '../domain/invitation';
import type { DueItem } from '../store/dueItems';
import { decideInvitation, needsOrchestration } from './invitationDecision';
import type { SweepDeps } from './ports';

/** What happened to one invitation deadline item (for counts and logs). */
export type InvitationSweepOutcome = 'expired' | 'reraised' | 'waiting' | 'orphaned' | 'recorded' | 'done';

/** The tenants whose audit trail an invitation's changes belong to. */
const tenantsOf = (i: Invitation): string[] => [i.partnerTenantId, ...(i.providerTenantId ? [i.providerTenantId] : [])];

/**
 * One `invitationDeadline` item: expire a pending invitation the orchestration can no longer expire,
 * or raise a lost answer again. The item is kept while something may still need doing.
 */
export async function sweepInvitation(d: SweepDeps, item: DueItem, now: Date): Promise<InvitationSweepOutcome> {
  const found = await d.invitations.get(item.targetId);
  const inv = found?.doc;
  const orchestration = inv && needsOrchestration(inv, now) ? await d.orchestrations.state(inv.id) : undefined;
  const action = decideInvitation(inv, orchestration, now);
  if (action === 'wait') return 'waiting';
  if (action === 'done' || !inv) {
    await d.dueItems.done(item);
    return 'done';
  }
  if (action === 'orphaned') {
    if (d.recordAcceptance) {
      // No orchestration will carry it out: record it here with the activity's own idempotent code.
      await d.recordAcceptance(inv.id);
      d.log(`sweep: invitation ${inv.id} was accepted but its orchestration is ${orchestration}; the acceptance was recorded by the sweep`);
      await d.dueItems.done(item);
      return 'recorded';
    }
    d.log(`sweep: invitation ${inv.id} is accepted but its orchestration is ${orchestration}; the acceptance is not recorded and needs attention`);
    await d.dueItems.done(item);
    return 'orphaned';
  }
  if (action === 'reraise') {
    const outcome = inv.status as 'accepted' | 'declined' | 'revoked';
    const by = outcome === 'accepted' ? inv.acceptedBy : inv.answeredBy;
    const raised = await d.orchestrations.raiseAnswered(inv.id, { outcome, at: inv.answeredAt ?? now.toISOString(), ...(by ? { by } : {}) });
    d.log(`sweep: invitation ${inv.id} ${outcome} but not carried out; InvitationAnswered raised again (${raised})`);
    return 'reraised';
  }
  const result = await d.invitations.apply(inv.id, { type: 'expire' }, now);
  if (!result) {
    await d.dueItems.done(item);
    return 'done';
  }
  // Refused: an answer won the race since the read; the next run sees it.
  if (!result.ok) return 'waiting';
  const expired = result.value.invitation;
  await d.index.put(expired);
  // The orchestration's expiry uses the same key, so whichever expires first appends once.
  await d.audit.append(tenantsOf(expired), { at: now.toISOString(), actor: systemActor, action: 'invitation.expired', subject: { type: 'invitation', id: expired.id }, correlationId: expired.id, detail: { by: 'sweep' } }, `expired:${expired.id}`);
  // The orchestration that would have told the inviter is gone or stuck: the sweep tells them.
  await d.notifyExpired?.(expired.id);
  await d.dueItems.done(item);
  return 'expired';
}
