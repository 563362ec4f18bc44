// The sweep's notice adapter against a durable client that answers as the real Durable extension
// does when an instance id is started again: 500 while it runs, a fresh run (a second email) once
// it ended. Starting the notice must be idempotent all the same.
import type { DurableClient } from 'durable-functions';
import { noticeInstanceId } from '../../shared/domain/ids';
import { durableNotices } from '../../shared/sweep/durableNotices';
import { INVITATION_ID } from './domain/fixtures';

const RUNNING = new Set(['Running', 'Pending', 'Suspended', 'ContinuedAsNew']);

/** Instances by id; `startNew` as the extension does it (default overridable states: not running). */
class ExtensionClient {
  instances = new Map<string, string>();
  starts: string[] = [];
  /** Runs just before a start is handled (another sweep's start landing first). */
  beforeStart?: (instanceId: string) => void;
  unreachable = false;

  async getStatus(instanceId: string) {
    if (this.unreachable) throw new Error('connect ECONNREFUSED');
    const status = this.instances.get(instanceId);
    if (!status)
      throw new Error(`DurableClient error: Durable Functions extension replied with HTTP 404 response. ${instanceId}`);
    return { instanceId, runtimeStatus: status };
  }

  async startNew(_name: string, options: { instanceId: string }) {
    this.beforeStart?.(options.instanceId);
    if (RUNNING.has(this.instances.get(options.instanceId) ?? ''))
      throw new Error('DurableClient error: the Durable Functions extension replied with HTTP 500');
    this.starts.push(options.instanceId);
    this.instances.set(options.instanceId, 'Running');
    return options.instanceId;
  }
}

const id = noticeInstanceId(INVITATION_ID, 'expired');
const notices = (c: ExtensionClient) =>
  durableNotices(c as unknown as Pick<DurableClient, 'getStatus' | 'startNew'>, 'InviterNoticeOrchestrator');

it('starts the notice when there is none', async () => {
  const c = new ExtensionClient();
  expect(await notices(c).startExpiryNotice(INVITATION_ID)).toBe('started');
  expect(c.starts).toEqual([id]);
});

it.each(['Running', 'Pending', 'Completed'])(
  'counts a %s notice as done and starts nothing (a Completed one would run again)',
  async (status) => {
    const c = new ExtensionClient();
    c.instances.set(id, status);
    expect(await notices(c).startExpiryNotice(INVITATION_ID)).toBe('exists');
    expect(c.starts).toEqual([]);
  },
);

it.each(['Failed', 'Terminated'])('starts a %s notice again: it ended without delivering', async (status) => {
  const c = new ExtensionClient();
  c.instances.set(id, status);
  expect(await notices(c).startExpiryNotice(INVITATION_ID)).toBe('started');
  expect(c.starts).toEqual([id]);
});

it('takes the 500 of a start that lost the race to another sweep as success', async () => {
  const c = new ExtensionClient();
  c.beforeStart = (i) => c.instances.set(i, 'Running');
  expect(await notices(c).startExpiryNotice(INVITATION_ID)).toBe('exists');
  expect(c.starts).toEqual([]);
});

it('throws when the start fails and no instance exists, so the sweep keeps its item', async () => {
  const c = new ExtensionClient();
  c.beforeStart = () => {
    throw new Error('DurableClient error: the Durable Functions extension replied with HTTP 503');
  };
  await expect(notices(c).startExpiryNotice(INVITATION_ID)).rejects.toThrow(/503/);
  c.unreachable = true;
  await expect(notices(c).startExpiryNotice(INVITATION_ID)).rejects.toThrow(/ECONNREFUSED/);
});
