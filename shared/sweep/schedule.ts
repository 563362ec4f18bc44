/** SWEEP_SCHEDULE when the setting is absent (configSchema in config.ts declares the key with it). */
export const DEFAULT_SWEEP_SCHEDULE = '0 */15 * * * *';

/**
 * The sweep timers' schedule alone: it is needed when functions are registered, at every cold
 * start, before (and without) the rest of the configuration, so a registration never fails on an
 * unrelated key, and without zod, whose schemas load with the functions that use them. Same rule
 * as configSchema's SWEEP_SCHEDULE (a non-empty string); test/unit/sweep-schedule.test.ts keeps
 * the two equal.
 */
export function sweepSchedule(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.SWEEP_SCHEDULE;
  if (value === undefined) return DEFAULT_SWEEP_SCHEDULE;
  if (value.length === 0) throw new Error('Invalid configuration: SWEEP_SCHEDULE: must not be empty');
  return value;
}
