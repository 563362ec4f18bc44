// `npm start` as a newcomer runs it (the built dist/infra/local/start.js): URLs, the stand-ins on
// the API's origin, a host restart after a crash, and Ctrl-C leaving no process behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, freePort, repoRoot } from '../support/hostProcess';

let launcher: ChildProcess;
let output = '';
let baseUrl: string;
let dataDir: string;
const pids = { standins: 0, hosts: [] as number[] };

/** Resolves with the first match of `pattern` in the launcher's output after `from`. */
function waitFor(pattern: RegExp, from = 0, ms = 45_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const m = pattern.exec(output.slice(from));
      if (m) resolve(m);
      return m !== null;
    };
    if (check()) return;
    const timer = setTimeout(() => {
      launcher.stdout!.off('data', onData);
      reject(new Error(`timed out waiting for ${pattern}; output:\n${output}`));
    }, ms);
    const onData = (): void => {
      if (!check()) return;
      clearTimeout(timer);
      launcher.stdout!.off('data', onData);
    };
    launcher.stdout!.on('data', onData);
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'npm-start-'));
  const port = await freePort();
  baseUrl = `http://localhost:${port}`;
  launcher = spawn(process.execPath, [join(repoRoot, 'dist/infra/local/start.js')], {
    env: { ...process.env, PORT: String(port), LOCAL_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  launcher.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  launcher.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await waitFor(/Ctrl-C stops everything/);
  pids.standins = Number((await waitFor(/stand-ins pid (\d+)/))[1]);
  pids.hosts.push(Number((await waitFor(/host pid (\d+)/))[1]));
}, 60_000);

afterAll(async () => {
  // Only if a test failed midway: never leave the children running.
  for (const pid of [pids.standins, ...pids.hosts, launcher?.pid ?? 0])
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('prints the URLs and the try-it command', () => {
    for (const path of ['/api/health', '/dev/inbox', '/dev/signin', '/runtime/webhooks/durabletask'])
      expect(output).toContain(`${baseUrl}${path}`);
    expect(output).toContain(`${baseUrl}/api/invitations`);
  });

  it('seeds the demo partners and the printed command sends an invitation that lands in the dev inbox', async () => {
    expect((await waitFor(/seeded demo partners: (.+)/))[1]).toContain('Contoso Direct');
    const banner = output.slice(output.indexOf('Try it:'));
    const command = banner.slice('Try it:'.length, banner.indexOf('Ctrl-C stops everything')).trim();
    const run = spawn('bash', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    let printed = '';
    run.stdout!.on('data', (d: Buffer) => (printed += d.toString()));
    run.stderr!.on('data', (d: Buffer) => (printed += d.toString()));
    const code = await new Promise<number | null>((r) => run.once('exit', r));
    expect({ code, printed }).toMatchObject({ code: 0 });
    expect(printed).toContain('"status":"pending"');
    let mail: Array<{ subject: string }> = [];
    for (let i = 0; i < 100 && mail.length === 0; i++) {
      mail = (await call(`${baseUrl}/dev/inbox/messages?to=admin@adatum.example`)).body;
      if (mail.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(mail[0]?.subject).toContain('Contoso Direct');
  });

  it('serves /api/health', async () => {
    const res = await call(`${baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('serves the dev inbox, its messages and the token issuer on the same origin', async () => {
    const page = await fetch(`${baseUrl}/dev/inbox`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/<html/i);

    const messages = await call(`${baseUrl}/dev/inbox/messages`);
    expect(messages.status).toBe(200);
    expect(messages.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Array.isArray(messages.body)).toBe(true);

    const token = await call(`${baseUrl}/dev/token`, {
      json: {
        tenantId: 'd1000000-0000-4000-8000-000000000001',
        userId: 'f0000000-0000-4000-8000-000000010002',
        email: 'adminagent@contoso-direct.example',
        roles: ['AdminAgent'],
      },
    });
    expect(token.status).toBe(200);
    expect(token.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('gives the app a complete configuration: a dev-issued token is accepted by an authenticated API', async () => {
    expect((await call(`${baseUrl}/api/partner`)).status).toBe(401);
    const token = await call(`${baseUrl}/dev/token`, {
      json: {
        tenantId: 'd1000000-0000-4000-8000-000000000001',
        userId: 'f0000000-0000-4000-8000-000000010001',
        email: 'globaladmin@contoso-direct.example',
        roles: ['GlobalAdmin'],
      },
    });
    const res = await call(`${baseUrl}/api/partner`, {
      headers: { authorization: `Bearer ${token.body.accessToken}` },
    });
    // 404 until the partner sets its profile; a 401 would mean the issuer and the app disagree, a
    // 500 a missing setting.
    expect([200, 404]).toContain(res.status);
  });

  it('restarts the host after a crash while the stand-ins keep running', async () => {
    const from = output.length;
    process.kill(pids.hosts[0]!, 'SIGKILL');
    const restarted = await waitFor(/host restarted, pid (\d+)/, from);
    pids.hosts.push(Number(restarted[1]));
    expect(output.slice(from)).toMatch(/exited unexpectedly \(signal SIGKILL\); restarting it/);
    expect(alive(pids.standins)).toBe(true);
    expect((await call(`${baseUrl}/api/health`)).status).toBe(200);
  });

  it('stops both children on SIGINT and exits 0, leaving no process behind', async () => {
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    launcher.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('[start] stopped');
    for (const pid of [pids.standins, ...pids.hosts]) expect({ pid, alive: alive(pid) }).toEqual({ pid, alive: false });
    await expect(fetch(`${baseUrl}/api/health`)).rejects.toThrow();
  });
});
