import type { OrchestrationContext, Task } from 'durable-functions';
import { invitationAnsweredEvent, resendRequestedEvent } from '../names';

export type Wake = { kind: 'answered'; event: unknown } | { kind: 'resend'; event: unknown } | { kind: 'timer' };

/**
 * Waits for the invitee's answer (or a resend) as a race against a timer, and cancels the timer
 * if it lost (an uncancelled timer keeps the instance open until it fires). Each call
 * makes a fresh timer, so no task is ever yielded twice.
 */
export function* waitForAnswerOrTimer(context: OrchestrationContext, until: Date): Generator<Task, Wake, unknown> {
  const timer = context.df.createTimer(until);
  const answer = context.df.waitForExternalEvent(invitationAnsweredEvent);
  const resend = context.df.waitForExternalEvent(resendRequestedEvent);
  const winner: unknown = yield context.df.Task.any([answer, resend, timer]);
  if (winner !== timer) timer.cancel();
  if (winner === answer) return { kind: 'answered', event: answer.result };
  if (winner === resend) return { kind: 'resend', event: resend.result };
  return { kind: 'timer' };
}
