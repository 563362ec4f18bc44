import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import type { CoreApi } from '../../../infra/local/host/coreApi';
import { EventType, type HistoryEvent } from '../../../infra/local/durable/history';
import {
  activities,
  batchActivities,
  batchCancelEvent,
  batchOrchestratorName,
  invitationAnsweredEvent,
  resendRequestedEvent,
} from '../../../functions/names';
import { orchestrators } from '../../../shared/orchestrationNames';
import { attemptInputSchema, disableInputSchema } from '../../../shared/webhooks/deliver';
import {
  batchCapacityInputSchema,
  batchMarkWaitingInputSchema,
  batchOrchestrationInputSchema,
  batchRunChunkInputSchema,
  invitationActivityInputSchema,
  webhookDeliveryInputSchema,
  invitationAnsweredEventSchema,
  invitationOrchestrationInputSchema,
  notifyApplicantInputSchema,
  notifyInviterInputSchema,
  resendRequestedEventSchema,
  sendInvitationEmailInputSchema,
  sendReminderEmailInputSchema,
} from '../../../shared/schemas/orchestration';

// The registry the Node worker provides as `@azure/functions-core` (the local host's), so the test
// reads the names the app really registers.
jest.mock(
  '@azure/functions-core',
  () => jest.requireActual<typeof import('../../support/coreApiMock')>('../../support/coreApiMock').localCoreApi(),
  { virtual: true },
);

/**
 * Running orchestrations are a contract: an instance started by the previous release replays and
 * calls its activities, by name and with its recorded inputs, against today's code. Every name the
 * previous release used must still be registered, and the schema each function parses its input
 * with must still accept what that release sent (test/fixtures/durable-inputs, and every input in
 * the recorded histories). To change one, add a new name beside the old (CONTRIBUTING.md).
 */
const schemas = {
  orchestration: {
    [orchestrators.invitation]: invitationOrchestrationInputSchema,
    [orchestrators.inviterNotice]: notifyInviterInputSchema,
    [orchestrators.enrolmentNotice]: notifyApplicantInputSchema,
    [batchOrchestratorName]: batchOrchestrationInputSchema,
    [orchestrators.webhookDelivery]: webhookDeliveryInputSchema,
  },
  activity: {
    [activities.sendInvitationEmail]: sendInvitationEmailInputSchema,
    [activities.sendReminderEmail]: sendReminderEmailInputSchema,
    [activities.notifyInviter]: notifyInviterInputSchema,
    [activities.notifyApplicant]: notifyApplicantInputSchema,
    [activities.recordAcceptance]: invitationActivityInputSchema,
    [activities.expireInvitation]: invitationActivityInputSchema,
    [activities.attemptWebhookDelivery]: attemptInputSchema,
    [activities.disableFailingWebhook]: disableInputSchema,
    [batchActivities.start]: batchOrchestrationInputSchema,
    [batchActivities.capacity]: batchCapacityInputSchema,
    [batchActivities.runChunk]: batchRunChunkInputSchema,
    [batchActivities.markWaiting]: batchMarkWaitingInputSchema,
    [batchActivities.pollEmails]: batchOrchestrationInputSchema,
    [batchActivities.cancelRows]: batchOrchestrationInputSchema,
    [batchActivities.finish]: batchOrchestrationInputSchema,
  },
  event: {
    [invitationAnsweredEvent]: invitationAnsweredEventSchema,
    [resendRequestedEvent]: resendRequestedEventSchema,
    [batchCancelEvent]: z.unknown(),
  },
} as const satisfies Record<string, Record<string, z.ZodType>>;
type Kind = keyof typeof schemas;

const fixtures = path.resolve(__dirname, '../../fixtures');
type Recorded = Record<Kind, Record<string, unknown[]>>;
function recorded(): Recorded {
  const out: Recorded = { orchestration: {}, activity: {}, event: {} };
  const add = (kind: Kind, name: string, input: unknown) => (out[kind][name] ??= []).push(input);
  for (const f of readdirSync(path.join(fixtures, 'durable-inputs')).filter((f) => f.endsWith('.json'))) {
    const release = JSON.parse(readFileSync(path.join(fixtures, 'durable-inputs', f), 'utf8')) as Record<
      'orchestrations' | 'activities' | 'events',
      Record<string, unknown[]>
    >;
    for (const [name, inputs] of Object.entries(release.orchestrations))
      for (const i of inputs) add('orchestration', name, i);
    for (const [name, inputs] of Object.entries(release.activities)) for (const i of inputs) add('activity', name, i);
    for (const [name, inputs] of Object.entries(release.events)) for (const i of inputs) add('event', name, i);
  }
  for (const f of readdirSync(path.join(fixtures, 'histories')).filter((f) => f.endsWith('.json'))) {
    const { history } = JSON.parse(readFileSync(path.join(fixtures, 'histories', f), 'utf8')) as {
      history: HistoryEvent[];
    };
    for (const e of history) {
      const input = e.Input === undefined || e.Input === null ? null : JSON.parse(e.Input);
      if (e.EventType === EventType.ExecutionStarted) add('orchestration', e.Name ?? '', input);
      if (e.EventType === EventType.TaskScheduled) add('activity', e.Name ?? '', input);
      if (e.EventType === EventType.EventRaised) add('event', e.Name ?? '', input);
    }
  }
  return out;
}

function registered(): Record<'orchestration' | 'activity', string[]> {
  require('../../../functions/index');
  const core = jest.requireMock<CoreApi>('@azure/functions-core');
  const names = { orchestration: [] as string[], activity: [] as string[] };
  for (const [name, { metadata }] of core.functions.entries()) {
    const types = Object.values(metadata.bindings).map((b) => b.type);
    if (types.includes('orchestrationTrigger')) names.orchestration.push(name);
    if (types.includes('activityTrigger')) names.activity.push(name);
  }
  return names;
}

const previous = recorded();
const now = registered();

test('every orchestration and activity the previous release used is still registered', () => {
  expect(Object.keys(previous.orchestration).filter((n) => !now.orchestration.includes(n))).toEqual([]);
  expect(Object.keys(previous.activity).filter((n) => !now.activity.includes(n))).toEqual([]);
  expect(Object.keys(previous.orchestration).length).toBeGreaterThanOrEqual(3);
  expect(Object.keys(previous.activity).length).toBeGreaterThanOrEqual(6);
});

test('every registered orchestration and activity has its input schema here (a new one: add it, and its inputs, at release)', () => {
  expect(now.orchestration.sort()).toEqual(Object.keys(schemas.orchestration).sort());
  expect(now.activity.sort()).toEqual(Object.keys(schemas.activity).sort());
});

test.each(
  (['orchestration', 'activity', 'event'] as const).flatMap((kind) =>
    Object.keys(previous[kind]).map((name) => [kind, name] as const),
  ),
)("today's %s %s accepts every input the previous release gave it", (kind, name) => {
  const schema = (schemas[kind] as Record<string, z.ZodType>)[name];
  expect(schema).toBeDefined();
  const refused = (previous[kind][name] ?? []).filter((input) => !(schema as z.ZodType).safeParse(input).success);
  expect(refused).toEqual([]);
});

test('a schema that stops accepting an old input is caught', () => {
  const stricter = invitationOrchestrationInputSchema.extend({ reminderAt: z.string() });
  expect(
    previous.orchestration[orchestrators.invitation]?.filter((i) => !stricter.safeParse(i).success).length,
  ).toBeGreaterThan(0);
});
