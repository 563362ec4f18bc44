/**
 * History events in the Durable Task Framework's JSON shape (PascalCase, integer EventType), as
 * the Durable extension hands them to the JavaScript SDK.
 */
export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionFailed: 2,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventSent: 14,
  EventRaised: 15,
  ContinueAsNew: 16,
  GenericEvent: 17,
  HistoryState: 18,
  ExecutionSuspended: 19,
  ExecutionResumed: 20,
} as const;

export type EventTypeNumber = (typeof EventType)[keyof typeof EventType];
export const eventTypeName: Record<number, string> = Object.fromEntries(
  Object.entries(EventType).map(([name, n]) => [n, name]),
);

/** One history event; optional fields depend on the type (DTFx DurableTask.Core/History). */
export interface HistoryEvent {
  EventType: EventTypeNumber;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  Name?: string;
  Version?: string;
  Input?: string | null;
  Result?: string | null;
  Reason?: string;
  Details?: string;
  FailureDetails?: FailureDetails | null;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  InstanceId?: string;
  OrchestrationInstance?: { InstanceId: string; ExecutionId: string };
  ParentInstance?: {
    OrchestrationInstance: { InstanceId: string; ExecutionId: string };
    TaskScheduleId: number;
    Name: string;
  } | null;
  OrchestrationStatus?: number;
  Tags?: Record<string, string> | null;
}

export interface FailureDetails {
  ErrorType: string;
  ErrorMessage: string;
  StackTrace: string | null;
  IsNonRetriable: boolean;
  InnerFailure: FailureDetails | null;
  Properties: Record<string, unknown> | null;
}

/** Builds an event with the fields every event carries. */
export function event(type: EventTypeNumber, at: number, fields: Partial<HistoryEvent> = {}): HistoryEvent {
  return { EventType: type, EventId: -1, IsPlayed: false, Timestamp: new Date(at).toISOString(), ...fields };
}

/** DTFx OrchestrationStatus numbers used in ExecutionCompleted. */
export const OrchestrationStatusNumber = {
  Running: 0,
  Completed: 1,
  ContinuedAsNew: 2,
  Failed: 3,
  Canceled: 4,
  Terminated: 5,
  Pending: 6,
  Suspended: 7,
} as const;
