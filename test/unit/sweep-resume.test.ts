// The sweep's resume point (shared/sweep/runSweep.ts): Functions runs a timer that missed its
// occurrences once when it is back, so a sweep that stopped for longer than its 7-day look-back
// must still read the days in between. Found by the soak (meanness 4): a 3-day grant accepted before
// a month without a sweep run stayed active for ever, its due items in buckets no run read again.
import { sweepBuckets, MAX_CATCH_UP_DAYS } from '../../shared/sweep/buckets';
import { runSweep } from '../../shared/sweep/runSweep';
import type { GrantDoc } from '../../shared/store/records';
import { at, CUSTOMER_TENANT, grantDoc } from './domain/fixtures';
import { Fakes } from './sweepFakes';

const GRANT_ID = '77777777-7777-4777-8777-777777777777';
const day = (d: number) => at(d).toISOString().slice(0, 10);

const shortGrant = (): GrantDoc => grantDoc({ id: GRANT_ID, duration: 'P3D', endsAt: at(3).toISOString() });

async function withShortGrant(): Promise<Fakes> {
  const f = new Fakes();
  f.addGrant(shortGrant());
  await f.dueItems.put({
    kind: 'grantEnd',
    targetId: GRANT_ID,
    partitionKey: CUSTOMER_TENANT,
    dueAt: at(3).toISOString(),
  });
  return f;
}

it('a sweep back after a month without runs still expires a grant that ended in between', async () => {
  const f = await withShortGrant();
  expect(await runSweep(f.deps(), at(1))).toEqual({});
  expect(f.resume).toBe(day(1));
  // 31 days on: the look-back alone reads days 24–31; the resume point makes it read from day 1.
  expect(await runSweep(f.deps(), at(31))).toEqual({ 'grant.expired': 1 });
  expect(f.grants.get(GRANT_ID)?.doc.status).toBe('expired');
  expect(f.bucketsRead).toContain(day(3));
  expect(f.resume).toBe(day(31));
});

it('a first run whose save at the end fails still leaves a point: the one it wrote before handling anything (soak seed 10513)', async () => {
  const f = await withShortGrant();
  f.failResumeWriteOf = day(1); // the save at the end (today) fails
  await runSweep(f.deps(), at(1));
  expect(f.resume).toBe(day(-6));
  expect(f.logs.some((l) => l.includes('resume point not saved'))).toBe(true);
  f.failResumeWriteOf = undefined;
  expect(await runSweep(f.deps(), at(31))).toEqual({ 'grant.expired': 1 });
});

it('the first run ever, after more than a look-back without one, starts at the oldest due bucket (soak defect 10, seed 11595)', async () => {
  const f = await withShortGrant();
  // No sweep ran before the month skip: no resume point, and the grant's end 28 days behind the window.
  expect(await runSweep(f.deps(), at(31))).toEqual({ 'grant.expired': 1 });
  expect(f.grants.get(GRANT_ID)?.doc.status).toBe('expired');
  expect(f.oldestQueries).toBe(1);
  // From the oldest due bucket, not 731 days of empty ones.
  expect(f.bucketsRead[0]).toBe(day(3));
  expect(new Set(f.bucketsRead)).toEqual(new Set(sweepBuckets(at(31), 7, day(3))));
  expect(new Set(f.bucketsRead).size).toBe(29); // days 3 to 31
  expect(f.resume).toBe(day(31));
  // With a point stored, no run looks for the oldest again.
  await runSweep(f.deps(), at(32));
  expect(f.oldestQueries).toBe(1);
});

it('a first run that cannot write its point still handles its items; the next one looks for the oldest again', async () => {
  const f = await withShortGrant();
  f.failResumeWritesFrom = 1;
  expect(await runSweep(f.deps(), at(3.5))).toEqual({ 'grant.expired': 1 });
  expect(f.resume).toBeUndefined();
  expect(f.logs.some((l) => l.includes('resume point not saved'))).toBe(true);
  f.failResumeWritesFrom = Number.POSITIVE_INFINITY;
  await runSweep(f.deps(), at(3.6));
  expect(f.oldestQueries).toBe(2);
  expect(f.resume).toBe(day(3.6));
});

it('a first run that cannot find the oldest due bucket reads its window only and writes no point', async () => {
  const f = await withShortGrant();
  f.failOldest = true;
  expect(await runSweep(f.deps(), at(31))).toEqual({});
  expect(f.bucketsRead).toEqual(sweepBuckets(at(31), 7));
  expect(f.resume).toBeUndefined();
  expect(f.logs.some((l) => l.includes('oldest due bucket not found'))).toBe(true);
  f.failOldest = false;
  expect(await runSweep(f.deps(), at(31))).toEqual({ 'grant.expired': 1 });
});

it('one bucket that cannot be read does not stop the run: the rest are handled and the point stays at it', async () => {
  const f = await withShortGrant();
  await runSweep(f.deps(), at(1));
  await f.dueItems.put({ kind: 'invitationDeadline', targetId: 'inv-late', dueAt: at(2).toISOString() });
  f.failBuckets.add(day(2));
  const report = await runSweep(f.deps(), at(30));
  expect(report).toMatchObject({ bucketUnread: 1, 'grant.expired': 1 });
  expect(f.logs.some((l) => l.includes(`bucket ${day(2)} not read`))).toBe(true);
  expect(f.resume).toBe(day(2));
  f.failBuckets.clear();
  // Weeks later, the item of the unread bucket is still found.
  const later = await runSweep(f.deps(), at(60));
  expect(Object.keys(later).filter((k) => k.startsWith('invitation.'))).toHaveLength(1);
  expect(f.due.size).toBe(0);
  expect(f.resume).toBe(day(60));
});

it('keeps the resume point at the oldest bucket an item is left in (a write that lost its race), and moves it once done', async () => {
  const f = await withShortGrant();
  await runSweep(f.deps(), at(1));
  f.failGrantReplace = true;
  expect(await runSweep(f.deps(), at(20))).toEqual({ 'grant.conflict': 1 }); // left for the next run
  expect(f.resume).toBe(day(3));
  f.failGrantReplace = false;
  // Weeks later still: found again from the resume point, not lost once day 3 left the look-back.
  expect(await runSweep(f.deps(), at(40))).toEqual({ 'grant.expired': 1 });
  expect(f.resume).toBe(day(40));
});

it('a run cut short by its budget resumes where it stopped', async () => {
  const f = await withShortGrant();
  await runSweep(f.deps(), at(1));
  for (let i = 0; i < 3; i++)
    await f.dueItems.put({ kind: 'invitationDeadline', targetId: `inv-${i}`, dueAt: at(2).toISOString() });
  await runSweep(f.deps(), at(30), { lookbackDays: 7, pageSize: 100, maxItems: 2, concurrency: 1 });
  expect(f.resume).toBe(day(2));
  expect(f.grants.get(GRANT_ID)?.doc.status).toBe('active');
  await runSweep(f.deps(), at(30), { lookbackDays: 7, pageSize: 100, maxItems: 100, concurrency: 1 });
  expect(f.grants.get(GRANT_ID)?.doc.status).toBe('expired');
});

it('when the resume point cannot be read: the look-back window only, and the point is not moved', async () => {
  const f = await withShortGrant();
  await runSweep(f.deps(), at(1));
  f.failResume = true;
  f.bucketsRead = [];
  await runSweep(f.deps(), at(31));
  expect(f.bucketsRead).toEqual(sweepBuckets(at(31), 7));
  expect(f.logs.some((l) => l.includes('resume point not read'))).toBe(true);
  f.failResume = false;
  expect(f.resume).toBe(day(1));
  expect(await runSweep(f.deps(), at(31))).toEqual({ 'grant.expired': 1 });
});

it('reads at most the longest grant and a day back, and never fewer days than the look-back', () => {
  expect(sweepBuckets(at(10), 7, day(9))).toEqual(sweepBuckets(at(10), 7));
  expect(sweepBuckets(at(2000), 7, day(0))).toHaveLength(MAX_CATCH_UP_DAYS + 1);
  expect(sweepBuckets(at(31), 7, day(1))[0]).toBe(day(1));
});
