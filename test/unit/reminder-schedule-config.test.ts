import { configSchema } from '../../shared/config';

/** REMINDER_DAYS_BEFORE_EXPIRY is the reminder schedule: one number as before, or a comma-separated list. */
const schedule = configSchema.shape.REMINDER_DAYS_BEFORE_EXPIRY;

test('unset: one reminder 3 days before the deadline; one number as the setting always was', () => {
  expect(schedule.parse(undefined)).toEqual([3]);
  expect(schedule.parse('5')).toEqual([5]);
  expect(schedule.parse('0')).toEqual([0]);
});

test('a list of days, spaces allowed', () => {
  expect(schedule.parse('7,3')).toEqual([7, 3]);
  expect(schedule.parse('14, 7, 1')).toEqual([14, 7, 1]);
});

test('anything else is refused', () => {
  for (const bad of ['', 'x', '3,', '-1', '1.5', '90', '1,2,3,4,5,6,7,8,9,10,11'])
    expect(schedule.safeParse(bad).success).toBe(false);
});
