import { OrchestratorState } from '../durable/actions';
import { ActivityOutcome, DurableRunner } from '../durable/engine';
import { OrchestrationTriggerPayload, OrchestratorOutcome } from '../durable/episode';
import { Invoker, RpcTypedData, inputsOf, triggerOf } from './invoker';
import { FunctionIndex } from './registry';

const OUT_OF_PROC_LABEL = '$OutOfProcData$:';

/** Runs orchestrators and activities through the programming model, as the extension's shims do. */
export class FunctionsDurableRunner implements DurableRunner {
  constructor(
    private readonly index: FunctionIndex,
    private readonly invoker: Invoker,
    /**
     * The durableClient binding value, for an activity that declares a durableClient input (as the
     * extension binds it on any function).
     */
    private readonly clientData?: () => string | undefined,
  ) {}

  hasFunction(name: string, kind: 'orchestration' | 'activity'): boolean {
    return this.index.get(name, kind === 'orchestration' ? 'orchestrationTrigger' : 'activityTrigger') !== undefined;
  }

  async runOrchestrator(name: string, payload: OrchestrationTriggerPayload): Promise<OrchestratorOutcome> {
    const fn = this.index.get(name, 'orchestrationTrigger');
    if (!fn) return { error: `The function '${name}' doesn't exist` };
    const [triggerName] = triggerOf(fn);
    const r = await this.invoker.invoke(fn, {
      inputData: [{ name: triggerName, data: { string: JSON.stringify(payload) } }],
    });
    if (r.error !== undefined) return outOfProcFailure(r.error);
    const data = r.returnValue;
    const state = (
      data?.json !== undefined
        ? JSON.parse(data.json)
        : data?.string !== undefined
          ? JSON.parse(data.string)
          : undefined
    ) as OrchestratorState | undefined;
    if (!state || !Array.isArray(state.actions))
      return { error: 'The orchestrator returned no OrchestratorState (is it registered with df.app.orchestration?)' };
    return { state };
  }

  async runActivity(name: string, input: string | null, instanceId: string): Promise<ActivityOutcome> {
    const fn = this.index.get(name, 'activityTrigger');
    if (!fn) return { error: { message: `The function '${name}' doesn't exist`, details: '' } };
    const [triggerName] = triggerOf(fn);
    const client = this.clientData?.();
    const clientInputs =
      client === undefined ? [] : inputsOf(fn, 'durableClient').map((n) => ({ name: n, data: { string: client } }));
    const r = await this.invoker.invoke(fn, {
      inputData: [{ name: triggerName, data: { string: input ?? 'null' } }, ...clientInputs],
      triggerMetadata: { instanceId: { string: JSON.stringify(instanceId) } },
    });
    if (r.error !== undefined) {
      const e = r.error instanceof Error ? r.error : new Error(String(r.error));
      return {
        error: {
          message: e.message,
          details: JSON.stringify({ name: e.name, message: e.message, stack: e.stack ?? '' }),
        },
      };
    }
    return { result: resultJson(r.returnValue) };
  }
}

/** An activity's return value as the JSON text stored in TaskCompleted.Result. */
function resultJson(data: RpcTypedData | null | undefined): string | null {
  if (!data) return null;
  if (data.json !== undefined) return data.json;
  if (data.string !== undefined) return JSON.stringify(data.string);
  if (data.int !== undefined) return String(data.int);
  if (data.double !== undefined) return String(data.double);
  if (data.bytes !== undefined) return JSON.stringify(Buffer.from(data.bytes).toString('base64'));
  return null;
}

/** OutOfProcExceptionHelpers: the SDK throws with its state after a `$OutOfProcData$:` label. */
function outOfProcFailure(error: unknown): OrchestratorOutcome {
  const message = error instanceof Error ? error.message : String(error);
  const at = message.indexOf(OUT_OF_PROC_LABEL);
  if (at >= 0) {
    try {
      const state = JSON.parse(message.slice(at + OUT_OF_PROC_LABEL.length)) as OrchestratorState;
      return { error: state.error ?? message.slice(0, at).trim(), state };
    } catch {
      // fall through: a label with unparsable data is still a failure
    }
  }
  return { error: message };
}
