import { configSchema } from '../../shared/config';
import { DEFAULT_SWEEP_SCHEDULE, sweepSchedule } from '../../shared/sweep/schedule';

/** Registration reads the schedule without zod; it must read it as configSchema does. */
test.each([undefined, '', '0 */5 * * * *', ' '])(
  'SWEEP_SCHEDULE=%j is read as the configuration schema reads it',
  (value) => {
    const schema = configSchema.shape.SWEEP_SCHEDULE.safeParse(value);
    if (schema.success) expect(sweepSchedule({ SWEEP_SCHEDULE: value })).toBe(schema.data);
    else expect(() => sweepSchedule({ SWEEP_SCHEDULE: value })).toThrow(/SWEEP_SCHEDULE/);
  },
);

test('the default is the schema default', () => {
  expect(sweepSchedule({})).toBe(DEFAULT_SWEEP_SCHEDULE);
  expect(configSchema.shape.SWEEP_SCHEDULE.parse(undefined)).toBe(DEFAULT_SWEEP_SCHEDULE);
});
