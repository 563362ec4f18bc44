import * as z from 'zod';
import { invitationKinds } from '../domain/invitation';
import { guidSchema, instantSchema } from './common';
import { actorSchema } from './documents';

// Durable history is JSON: types do not survive it, so every orchestration and activity input is
// parsed on arrival. Inputs carry ids and instants only, never the link token.

/** Input of the one orchestration per invitation (instance id = invitation id). */
export const invitationOrchestrationInputSchema = z.strictObject({
  invitationId: guidSchema,
  kind: z.enum(invitationKinds),
  expiresAt: instantSchema,
  /** The reminder schedule (earliest first). */
  reminders: z.array(instantSchema).max(10).optional(),
  /** The single reminder of instances started before the schedule; read when `reminders` is absent. */
  reminderAt: instantSchema.optional(),
});

/** The external event raised after an answer was written to Cosmos. */
export const invitationAnsweredEventSchema = z.strictObject({
  outcome: z.enum(['accepted', 'declined', 'revoked']),
  at: instantSchema,
  by: actorSchema.optional(),
});
export type InvitationAnsweredEvent = z.infer<typeof invitationAnsweredEventSchema>;

/**
 * Event: the inviter asks for a resend. `sendNumber` is the send the request asks for (the one
 * after the sends it saw), so resends fired at once, or a request retried after a crash, ask for
 * the same send and it goes out once. Events raised before it was added carry none: each sends.
 */
export const resendRequestedEventSchema = z.object({
  at: instantSchema.optional(),
  sendNumber: z.number().int().min(1).max(1000).optional(),
});

/** Activity: send the n-th invitation email (n is part of the ACS Operation-Id). */
export const sendInvitationEmailInputSchema = z.strictObject({
  invitationId: guidSchema,
  sendNumber: z.number().int().min(1).max(1000),
});

/**
 * Activities that need only the invitation: reminder, record acceptance, expire. `at` is the
 * orchestration's clock when it asked (the deadline for expiry), so time-dependent rules use the
 * orchestration's time, not the activity worker's.
 */
export const invitationActivityInputSchema = z.strictObject({ invitationId: guidSchema, at: instantSchema.optional() });

/**
 * Activity: send the n-th reminder of the schedule (0-based; absent: the first, as instances before the schedule ask).
 */
export const sendReminderEmailInputSchema = z.strictObject({
  invitationId: guidSchema,
  reminder: z.number().int().min(1).max(9).optional(),
});

/** Activity: tell the inviter what happened. */
export const notifyInviterInputSchema = z.strictObject({
  invitationId: guidSchema,
  notice: z.enum(['accepted', 'expired']),
});
export type NotifyInviterInput = z.infer<typeof notifyInviterInputSchema>;

/** Input of the enrolment notice orchestration and its NotifyApplicant activity. */
export const notifyApplicantInputSchema = z.object({ requestId: guidSchema });

/** What an activity reports: expected outcomes are data, faults are throws. */
export const activityOutcomeSchema = z.strictObject({
  outcome: z.enum(['done', 'alreadyDone', 'skipped', 'deferred']),
  detail: z.string().max(500).optional(),
  /** 'deferred' (an email activity whose send the quota put off): when to call it again. */
  retryAfterSeconds: z.number().int().min(1).optional(),
});
export type ActivityOutcome = z.infer<typeof activityOutcomeSchema>;

/** The input of an invitation batch's orchestration and of most of its activities: the batch. */
export const batchOrchestrationInputSchema = z.object({ batchId: z.string() });
/** BatchCapacity: the slots free at an instant. */
export const batchCapacityInputSchema = batchOrchestrationInputSchema.extend({ at: z.string() });
/** BatchRunChunk: one chunk of rows, within a send budget. */
export const batchRunChunkInputSchema = batchOrchestrationInputSchema.extend({
  index: z.number().int().min(0),
  budget: z.number().int(),
});
/** BatchMarkWaiting: what the batch waits for and when its next slot comes. */
export const batchMarkWaitingInputSchema = batchOrchestrationInputSchema.extend({
  waitingFor: z.enum(['inviterSendLimit', 'emailQuota']),
  nextSlotAt: z.string(),
});

/** The input of a webhook delivery's orchestration: one event (its delivery record) for one endpoint. */
export const webhookDeliveryInputSchema = z.object({
  tenantId: z.string().min(1),
  endpointId: z.string().min(1),
  deliveryId: z.string().min(1),
});
