import { randomUUID } from 'node:crypto';
import { CoreApi, RegisteredFunction, RpcBinding } from './coreApi';

export interface RpcTypedData {
  string?: string;
  json?: string;
  bytes?: Uint8Array;
  int?: number;
  double?: number;
  http?: Record<string, unknown>;
}

export interface InvocationRequest {
  inputData: Array<{ name: string; data: RpcTypedData }>;
  triggerMetadata?: Record<string, RpcTypedData>;
}

export interface InvocationResult {
  returnValue?: RpcTypedData | null;
  outputData: Array<{ name: string; data: unknown }>;
  /** Set when the handler (or a hook) threw. */
  error?: unknown;
}

export type UserLog = (functionName: string, invocationId: string, level: string, message: string) => void;

/**
 * Invokes a handler exactly as the Node worker does (worker InvocationHandler.ts, "path A"): the
 * programming model converts RPC data to arguments, hooks run around the call, the model converts
 * the result back to RPC data.
 */
export class Invoker {
  constructor(
    private readonly core: CoreApi,
    private readonly appHookData: Record<string, unknown>,
    private readonly userLog: UserLog,
  ) {}

  async invoke(fn: RegisteredFunction, request: InvocationRequest): Promise<InvocationResult> {
    const model = this.core.programmingModel;
    if (!model) throw new Error('The app registered no functions through @azure/functions');
    const invocationId = randomUUID();
    const name = fn.metadata.name;
    const coreCtx: Record<string, unknown> = {
      invocationId,
      request: {
        invocationId,
        functionId: name,
        inputData: request.inputData,
        triggerMetadata: request.triggerMetadata ?? {},
      },
      metadata: { name, bindings: fn.metadata.bindings },
      state: undefined,
      log: (level: string, category: string, message: string) => {
        if (category === 'user') this.userLog(name, invocationId, level, message);
      },
    };
    const im = model.getInvocationModel(coreCtx);
    const { context, inputs } = await im.getArguments();
    const hookData: Record<string, unknown> = {};
    const pre: Record<string, unknown> = {
      hookData,
      appHookData: this.appHookData,
      invocationContext: context,
      inputs,
      functionCallback: fn.callback,
    };
    coreCtx.state = 'preInvocationHooks';
    await this.core.runHooks('preInvocation', pre);
    coreCtx.state = 'invocation';
    let result: unknown;
    let error: unknown;
    try {
      result = await im.invokeFunction(
        context,
        pre.inputs as unknown[],
        pre.functionCallback as RegisteredFunction['callback'],
      );
    } catch (err) {
      error = err;
    }
    const post: Record<string, unknown> = {
      hookData,
      appHookData: this.appHookData,
      invocationContext: context,
      inputs: pre.inputs,
      result,
      error,
    };
    coreCtx.state = 'postInvocationHooks';
    await this.core.runHooks('postInvocation', post);
    if (post.error !== undefined && post.error !== null) return { outputData: [], error: post.error };
    const response = await im.getResponse(context, post.result);
    return {
      returnValue: response.returnValue as RpcTypedData | null | undefined,
      outputData: response.outputData ?? [],
    };
  }
}

/** The trigger binding of a function and its name. */
export function triggerOf(fn: RegisteredFunction): [string, RpcBinding] {
  const entry = Object.entries(fn.metadata.bindings).find(([, b]) => /trigger$/i.test(b.type));
  if (!entry) throw new Error(`Function "${fn.metadata.name}" has no trigger`);
  return entry;
}

/** Non-trigger input bindings of a type (for example the durableClient input). */
export function inputsOf(fn: RegisteredFunction, type: string): string[] {
  return Object.entries(fn.metadata.bindings)
    .filter(([, b]) => b.type === type && b.direction === 'in')
    .map(([name]) => name);
}

/** Decodes an RPC value the way the library's fromRpcTypedData does, minus HTTP. */
export function fromTypedData(data: RpcTypedData | null | undefined): unknown {
  if (!data) return undefined;
  if (data.string !== undefined) {
    try {
      return JSON.parse(data.string);
    } catch {
      return data.string;
    }
  }
  if (data.json !== undefined) return JSON.parse(data.json);
  if (data.bytes !== undefined) return Buffer.from(data.bytes);
  if (data.int !== undefined) return data.int;
  if (data.double !== undefined) return data.double;
  return undefined;
}
