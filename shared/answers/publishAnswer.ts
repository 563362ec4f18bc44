import type { Actor, Invitation } from '../domain/invitation';
import { invitationAnsweredEventSchema } from '../schemas/orchestration';
import type { AnswerDeps, RaiseAnswered } from './deps';

/** How soon the sweep looks again at an acceptance whose event could not be raised. */
export const LOST_ANSWER_RETRY_MS = 10 * 60_000;

/** What the orchestration, the index and the audit trail are told about a stored answer. */
export interface StoredAnswer {
  invitation: Invitation;
  outcome: 'accepted' | 'declined';
  by: Actor;
  correlationId: string;
}

/**
 * After the answer is in Cosmos: the partner's index, the audit trail (keyed, so a repeat lands
 * once), then the orchestration. Repeats run this again, which repairs a crash between the steps.
 * A failed raise is only reported: the stored answer is the record, and the sweep delivers
 * acceptances whose event was lost (an event to a missing or finished instance is dropped anyway).
 */
export async function publishAnswer(deps: AnswerDeps, raise: RaiseAnswered, answer: StoredAnswer, warn: (message: string) => void): Promise<void> {
  const { invitation, outcome, by, correlationId } = answer;
  const at = invitation.answeredAt ?? new Date().toISOString();
  await deps.index.put(invitation);
  const tenants = [invitation.partnerTenantId, ...(invitation.providerTenantId ? [invitation.providerTenantId] : []), ...(by.tenantId ? [by.tenantId] : [])];
  await deps.audit.append(
    tenants,
    { at, actor: by, action: `invitation.${outcome}`, subject: { type: 'invitation', id: invitation.id }, correlationId },
    `invitation:${invitation.id}:${outcome}`,
  );
  // Once recorded, the orchestration has long had the event; nothing to tell it.
  if (invitation.status === 'recorded') return;
  try {
    await raise(invitation.id, invitationAnsweredEventSchema.parse({ outcome, at, by }));
  } catch (e) {
    warn(`InvitationAnswered (${outcome}) for ${invitation.id} not delivered (${e instanceof Error ? e.message : typeof e}); the sweep delivers it`);
    // Due within minutes, not at the deadline: the next sweeps re-raise it until it is recorded.
    if (outcome === 'accepted') await deps.dueItems?.put({ kind: 'invitationDeadline', targetId: invitation.id, dueAt: new Date(Date.now() + LOST_ANSWER_RETRY_MS).toISOString() });
  }
}
