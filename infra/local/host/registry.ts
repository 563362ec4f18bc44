import { CoreApi, RegisteredFunction } from './coreApi';
import { triggerOf } from './invoker';

/** Function lookup by trigger type; names are case-insensitive, as in the Functions host. */
export class FunctionIndex {
  private readonly byName = new Map<string, RegisteredFunction>();

  constructor(core: CoreApi) {
    for (const fn of core.functions.values()) this.byName.set(fn.metadata.name.toLowerCase(), fn);
  }

  get(name: string, triggerType?: string): RegisteredFunction | undefined {
    const fn = this.byName.get(name.toLowerCase());
    if (!fn || (triggerType && triggerOf(fn)[1].type !== triggerType)) return undefined;
    return fn;
  }

  ofTrigger(triggerType: string): RegisteredFunction[] {
    return [...this.byName.values()].filter((fn) => triggerOf(fn)[1].type === triggerType);
  }

  all(): RegisteredFunction[] {
    return [...this.byName.values()];
  }
}
