import { CronExpressionParser } from 'cron-parser';
import { Clock } from '../durable/clock';
import { RegisteredFunction } from './coreApi';
import { Invoker, RpcTypedData, inputsOf, triggerOf } from './invoker';

/** Next occurrence of a timer schedule: six-field NCRONTAB (with seconds) or a `[d.]hh:mm:ss` interval. */
export function nextOccurrence(schedule: string, after: number): number {
  const interval = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(schedule.trim());
  if (interval) {
    const [, d, h, m, s] = interval;
    const ms = (((Number(d ?? 0) * 24 + Number(h)) * 60 + Number(m)) * 60 + Number(s)) * 1000;
    if (ms <= 0) throw new Error(`Timer interval "${schedule}" must be positive`);
    return after + ms;
  }
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 6)
    throw new Error(
      `"${schedule}" is not a six-field NCRONTAB expression ({second} {minute} {hour} {day} {month} {day-of-week}) or an hh:mm:ss interval`,
    );
  return CronExpressionParser.parse(schedule, { currentDate: new Date(after), tz: 'UTC' })
    .next()
    .getTime();
}

/** Replaces `%Name%` with the app setting, as binding expressions do. */
export function resolveSettings(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/%([^%]+)%/g, (_, name: string) => {
    const v = env[name];
    if (v === undefined) throw new Error(`App setting "${name}" used in a binding expression is not set`);
    return v;
  });
}

export interface TimerTriggerHandle {
  stop(): void;
}

/**
 * Runs every timerTrigger on the host clock. After a time skip a schedule fires once, past due, as
 * the Functions host does after downtime, instead of once per missed occurrence.
 */
export function startTimerTriggers(
  functions: RegisteredFunction[],
  clock: Clock,
  invoker: Invoker,
  clientData: string,
  log: (m: string) => void,
  track: <T>(p: Promise<T>) => Promise<T>,
): TimerTriggerHandle {
  const cancels: Array<() => void> = [];
  for (const fn of functions) {
    const [triggerName, binding] = triggerOf(fn);
    if (binding.type !== 'timerTrigger') continue;
    const schedule = resolveSettings(String(binding.schedule ?? ''), process.env);
    nextOccurrence(schedule, clock.now()); // validates at start-up, naming the function on error
    let last: number | undefined;
    const fire = async (scheduledAt: number): Promise<void> => {
      const now = clock.now();
      const next = nextOccurrence(schedule, now);
      const status = {
        Last: new Date(last ?? scheduledAt).toISOString(),
        Next: new Date(next).toISOString(),
        LastUpdated: new Date(now).toISOString(),
      };
      const timer = { Schedule: { AdjustForDST: true }, ScheduleStatus: status, IsPastDue: now - scheduledAt > 1000 };
      last = now;
      const inputData: Array<{ name: string; data: RpcTypedData }> = [
        { name: triggerName, data: { json: JSON.stringify(timer) } },
      ];
      for (const name of inputsOf(fn, 'durableClient')) inputData.push({ name, data: { string: clientData } });
      try {
        const r = await invoker.invoke(fn, { inputData });
        if (r.error !== undefined)
          log(`timer function "${fn.metadata.name}" failed: ${(r.error as Error)?.message ?? r.error}`);
      } catch (err) {
        log(`timer function "${fn.metadata.name}" failed: ${(err as Error).message}`);
      }
    };
    const arm = (from: number): void => {
      const at = nextOccurrence(schedule, from);
      cancels.push(clock.schedule(at, () => void track(fire(at)).finally(() => arm(clock.now())), true));
    };
    if (binding.runOnStartup === true) void track(fire(clock.now()));
    arm(clock.now());
  }
  return { stop: () => cancels.forEach((c) => c()) };
}
