import * as df from 'durable-functions';
import type { InvocationContext } from '@azure/functions';
import { reminderSchedule } from '../domain/deadlines';
import type { Invitation } from '../domain/invitation';
import { orchestrators } from '../orchestrationNames';

/** Starts the invitation's orchestration unless it already exists (a retried request). */
export async function startInvitationOrchestration(context: InvocationContext, invitation: Invitation): Promise<void> {
  await startInvitationOrchestrationWith(df.getClient(context), invitation);
}

/** The same on a durable client the caller has (the sweep's). */
export async function startInvitationOrchestrationWith(
  client: Pick<df.DurableClient, 'startNew' | 'getStatus'>,
  invitation: Invitation,
): Promise<void> {
  const reminders = reminderSchedule(invitation);
  const input = {
    invitationId: invitation.id,
    kind: invitation.kind,
    expiresAt: invitation.expiresAt,
    ...(reminders.length ? { reminders } : {}),
  };
  try {
    await client.startNew(orchestrators.invitation, { instanceId: invitation.id, input });
  } catch (err) {
    // The extension answers an error for an id that exists; an existing instance is what we want.
    const status = await client.getStatus(invitation.id).catch(() => undefined);
    if (!status) throw err;
  }
}

/** Raises an event; a finished or missing instance is not an error here (the sweep reconciles). */
export async function raiseToInvitation(
  context: InvocationContext,
  invitationId: string,
  name: string,
  data: unknown,
): Promise<boolean> {
  try {
    await df.getClient(context).raiseEvent(invitationId, name, data);
    return true;
  } catch {
    return false;
  }
}
