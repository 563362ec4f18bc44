import Module from 'node:module';

/**
 * The `@azure/functions-core` module that the real Node worker provides to `@azure/functions`
 * (nodejs-library types-core). The library registers functions, hooks and its programming model
 * through it; the host reads them back from here.
 */
export interface RpcBinding {
  type: string;
  direction?: 'in' | 'out' | 'inout';
  name?: string;
  [key: string]: unknown;
}

export interface FunctionMetadata {
  name: string;
  functionId?: string;
  bindings: Record<string, RpcBinding>;
  retryOptions?: unknown;
}

export type FunctionCallback = (...args: unknown[]) => unknown;
export type HookCallback = (context: Record<string, unknown>) => unknown;

export interface RegisteredFunction {
  metadata: FunctionMetadata;
  callback: FunctionCallback;
}

export interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreCtx: unknown): InvocationModel;
  getCapabilities(capabilities: Record<string, string>): Promise<Record<string, string>>;
}

export interface InvocationModel {
  getArguments(): Promise<{ context: Record<string, unknown>; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], callback: FunctionCallback): Promise<unknown>;
  getResponse(
    context: unknown,
    result: unknown,
  ): Promise<{ invocationId: string; returnValue?: unknown; outputData?: Array<{ name: string; data: unknown }> }>;
}

class Disposable {
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  #fn: (() => void) | undefined;
  constructor(fn: () => void) {
    this.#fn = fn;
  }
  dispose(): void {
    this.#fn?.();
    this.#fn = undefined;
  }
}

export type LogSink = (level: string, category: string, message: string) => void;

/** The registry behind the module: one per host process. */
export class CoreApi {
  readonly version = '3.10.1';
  readonly hostVersion = '4.1037.0';
  readonly Disposable = Disposable;
  readonly functions = new Map<string, RegisteredFunction>();
  readonly hooks = new Map<string, HookCallback[]>();
  programmingModel: ProgrammingModel | undefined;
  private locked = false;

  constructor(private readonly sink: LogSink) {}

  registerFunction = (metadata: FunctionMetadata, callback: FunctionCallback): Disposable => {
    if (this.locked)
      throw new Error(`A function can only be registered during app startup (function "${metadata?.name}").`);
    const key = metadata.functionId || metadata.name;
    if (!key) throw new Error('A function registration has no name.');
    if (this.functions.has(key)) throw new Error(`A function with the name "${key}" has already been registered.`);
    if (!metadata.bindings || !Object.values(metadata.bindings).some((b) => /trigger$/i.test(b.type))) {
      throw new Error(`Function "${key}" has no trigger binding.`);
    }
    this.functions.set(key, { metadata, callback });
    return new Disposable(() => this.functions.delete(key));
  };

  registerHook = (name: string, callback: HookCallback): Disposable => {
    const list = this.hooks.get(name) ?? [];
    list.push(callback);
    this.hooks.set(name, list);
    return new Disposable(() => list.splice(list.indexOf(callback), 1));
  };

  setProgrammingModel = (model: ProgrammingModel): void => {
    this.programmingModel = model;
  };

  getProgrammingModel = (): ProgrammingModel | undefined => this.programmingModel;

  log = (level: string, category: string, message: string): void => this.sink(level, category, message);

  lock(): void {
    this.locked = true;
  }

  /** Runs every hook of a kind in registration order, awaiting each (worker behaviour). */
  async runHooks(name: string, context: Record<string, unknown>): Promise<void> {
    for (const hook of this.hooks.get(name) ?? []) await hook(context);
  }
}

/**
 * Makes `require('@azure/functions-core')` return the registry, as the worker does by proxying
 * Module.prototype.require. Must run before any app code loads `@azure/functions`, which caches the
 * result (even a failed lookup) for the life of the process.
 */
export function installCoreApi(api: CoreApi): void {
  const proto = Module.prototype as unknown as { require: (id: string) => unknown };
  proto.require = new Proxy(proto.require, {
    apply(target, self, args: [string]) {
      return args[0] === '@azure/functions-core' ? api : Reflect.apply(target, self, args);
    },
  });
}
