// Email delivery reports in Azure (issue 17): the Bicep puts an Event Grid system topic on the
// Communication Services resource and no subscription (one to a function endpoint fails while the
// code is not deployed); azd's postdeploy hook subscribes the EmailDeliveryReport function, after
// the deploy. The hook is run here with a stand-in `az` on PATH that records its arguments.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emailDeliveryReportFunction } from '../../functions/names';
import { EMAIL_DELIVERY_REPORT_EVENT } from '../../shared/schemas/emailDeliveryReport';
import { BicepValue, Expr, bicepResources } from './bicep';

const root = join(__dirname, '..', '..');
const infra = join(root, 'infra', 'azure');
const read = (...p: string[]): string => readFileSync(join(...p), 'utf8');
const hook = join(infra, 'hooks', 'subscribe-email-events.sh');

describe('the Event Grid system topic (infra/azure/app/email.bicep)', () => {
  const resources = bicepResources(read(infra, 'app', 'email.bicep'));

  it('is on the Communication Services resource, global as that resource is', () => {
    const topic = resources.find((r) => r.type === 'Microsoft.EventGrid/systemTopics');
    expect(topic?.body.location).toBe('global');
    const props = topic?.body.properties as Record<string, BicepValue>;
    expect(props.topicType).toBe('Microsoft.Communication.CommunicationServices');
    expect(props.source).toEqual(new Expr('communicationService.outputs.resourceId'));
  });

  it('has no event subscription in any Bicep file: the postdeploy hook makes it', () => {
    for (const file of ['main.bicep', join('app', 'email.bicep'), join('app', 'api.bicep')]) {
      expect(read(infra, file)).not.toMatch(/eventSubscriptions@/);
    }
  });

  it('is named in an output azd hands the hook', () => {
    expect(read(infra, 'main.bicep')).toMatch(
      /^output EMAIL_EVENTS_TOPIC_NAME string = email\.outputs\.eventsTopicName$/m,
    );
    expect(read(infra, 'main.bicep')).toMatch(/^output AZURE_RESOURCE_GROUP string = /m);
    expect(read(infra, 'main.bicep')).toMatch(/^output AZURE_FUNCTION_NAME string = /m);
  });
});

describe('the postdeploy hook (azure.yaml, infra/azure/hooks/subscribe-email-events.sh)', () => {
  it("is azure.yaml's postdeploy hook, run by sh", () => {
    const hooks = /^hooks:\n((?: {2}.*\n|\s*\n)+)/m.exec(read(root, 'azure.yaml'))?.[1] ?? '';
    expect(hooks).toMatch(
      /^ {2}postdeploy:\n {4}shell: sh\n {4}run: infra\/azure\/hooks\/subscribe-email-events\.sh$/m,
    );
  });

  function runHook(
    env: Record<string, string>,
    azScript: string,
  ): { status: number | null; calls: string[][]; stderr: string } {
    const dir = mkdtempSync(join(tmpdir(), 'az-stub-'));
    try {
      const log = join(dir, 'calls');
      writeFileSync(
        join(dir, 'az'),
        `#!/bin/sh\nprintf '%s\\037' "$@" >> "${log}"\nprintf '\\n' >> "${log}"\n${azScript}\n`,
      );
      chmodSync(join(dir, 'az'), 0o755);
      const r = spawnSync('sh', [hook], {
        env: { PATH: `${dir}:${process.env.PATH}`, SUBSCRIBE_WAIT_SECONDS: '0', SUBSCRIBE_ATTEMPTS: '3', ...env },
        encoding: 'utf8',
      });
      let calls: string[][] = [];
      try {
        calls = readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split('\x1f').filter((a) => a !== ''));
      } catch {
        calls = [];
      }
      return { status: r.status, calls, stderr: r.stderr };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const azdEnv = {
    AZURE_RESOURCE_GROUP: 'rg-dev',
    AZURE_FUNCTION_NAME: 'func-api-abc',
    EMAIL_EVENTS_TOPIC_NAME: 'evgt-acs-abc',
  };
  const appId = '/subscriptions/s/resourceGroups/rg-dev/providers/Microsoft.Web/sites/func-api-abc';
  const answerAppId = `case "$1 $2" in "functionapp show") echo '${appId}';; esac`;

  it("subscribes the app's EmailDeliveryReport function to the delivery reports, as an Azure Function endpoint", () => {
    const r = runHook(azdEnv, answerAppId);
    expect(r.status).toBe(0);
    const create = r.calls.find(
      (c) => c.slice(0, 4).join(' ') === 'eventgrid system-topic event-subscription create',
    ) as string[];
    const arg = (name: string) => create[create.indexOf(name) + 1];
    expect(arg('--resource-group')).toBe('rg-dev');
    expect(arg('--system-topic-name')).toBe('evgt-acs-abc');
    expect(arg('--endpoint-type')).toBe('azurefunction');
    expect(arg('--endpoint')).toBe(`${appId}/functions/${emailDeliveryReportFunction}`);
    expect(arg('--included-event-types')).toBe(EMAIL_DELIVERY_REPORT_EVENT);
    expect(arg('--event-delivery-schema')).toBe('eventgridschema');
  });

  it('tries again while Event Grid refuses the endpoint (the function not indexed yet), then fails loudly', () => {
    const refusing = runHook(azdEnv, `${answerAppId}\ncase "$1" in eventgrid) exit 1;; esac`);
    expect(refusing.status).toBe(1);
    expect(refusing.calls.filter((c) => c[0] === 'eventgrid')).toHaveLength(3);
    expect(refusing.stderr).toMatch(/run infra\/azure\/hooks\/subscribe-email-events\.sh again/);
  });

  it('refuses to run outside azd (its settings missing), calling nothing', () => {
    const r = runHook({ AZURE_RESOURCE_GROUP: 'rg-dev' }, answerAppId);
    expect(r.status).not.toBe(0);
    expect(r.calls).toEqual([]);
  });
});
