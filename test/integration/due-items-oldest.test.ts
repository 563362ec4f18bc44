// The sweep's first run finds the oldest due bucket in one cross-partition query
// (shared/store/dueItems.ts, soak defect 10): here through the real SDK against the Cosmos-protocol
// server, with due items in buckets months apart, items not yet due, and the resume document.
import { containers } from '../../shared/store/containers';
import { cosmosDueItemStore, type DueItemStore } from '../../shared/store/dueItems';
import { useLocalCosmos } from '../support/localCosmos';

const world = useLocalCosmos();
let store: DueItemStore;
beforeAll(() => {
  store = cosmosDueItemStore(world.client().database(world.databaseId()).container(containers.dueItems.id));
});

const NOW = new Date('2027-03-01T12:00:00Z');

it('is undefined while nothing is due, and ignores items due later and the resume point', async () => {
  await store.setResumeFrom('2020-01-01');
  await store.put({ kind: 'grantEnd', targetId: 'g-future', partitionKey: 't', dueAt: '2027-03-01T18:00:00Z' });
  expect(await store.oldestDueBucket(NOW)).toBeUndefined();
});

it('is the oldest bucket of any item due by now, across buckets', async () => {
  await store.put({ kind: 'invitationDeadline', targetId: 'i-recent', dueAt: '2027-02-27T09:00:00Z' });
  await store.put({ kind: 'grantNotice', targetId: 'g-old', partitionKey: 't', dueAt: '2026-11-15T00:00:00Z' });
  await store.put({ kind: 'grantEnd', targetId: 'g-older', partitionKey: 't', dueAt: '2026-10-02T23:59:59Z' });
  expect(await store.oldestDueBucket(NOW)).toBe('2026-10-02');
  await store.done({
    id: 'grantEnd:g-older',
    bucket: '2026-10-02',
    kind: 'grantEnd',
    targetId: 'g-older',
    dueAt: '2026-10-02T23:59:59Z',
  });
  expect(await store.oldestDueBucket(NOW)).toBe('2026-11-15');
  // The resume point's own document is still there, and no due-item query reads it.
  expect(await store.resumeFrom()).toBe('2020-01-01');
});
