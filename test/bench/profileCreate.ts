// Host CPU per created invitation, and optionally its profile (a development aid for the
// invitations bench, not a figure of its own):
//   npx tsc -p . && node dist/test/bench/profileCreate.js [n] [concurrency] [--prof]
// After a warm-up of 100, creates n invitations and settles; prints the host's CPU per invitation
// (from /proc) and, with --prof, the host's self time by package and function (.data/prof/).
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { contosoDirect, demoUsers } from '../../infra/local/identity/demoDirectory';
import { GLOBAL_ADMINISTRATOR_WID } from '../../shared/auth/caller';
import { call, repoRoot } from '../support/hostProcess';
import { startProductStack } from '../support/productStack';
import { enrolPartner, operatorAuth } from '../support/enrolment';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

function summarise(file: string): void {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const group = (n: Node): string => {
    const u = n.callFrame.url;
    if (!u) return `(${n.callFrame.functionName || 'native'})`;
    const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(u);
    if (m) return m[1] as string;
    if (u.startsWith('node:')) return u;
    return u.replace(/^.*\/dist\//, '');
  };
  const fns = new Map<string, number>();
  const groups = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id) as Node;
    const g = group(n);
    groups.set(g, (groups.get(g) ?? 0) + t);
    const f = `${n.callFrame.functionName || '(anon)'} ${g}:${n.callFrame.lineNumber}`;
    fns.set(f, (fns.get(f) ?? 0) + t);
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, t]) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  console.log(
    `total sampled ${(total / 1000).toFixed(0)} ms\n-- by group --\n${top(groups, 40)}\n-- by function --\n${top(fns, 50)}`,
  );
}

async function main() {
  const [n, c] = [Number(process.argv[2] ?? 600), Number(process.argv[3] ?? 32)];
  const prof = process.argv.includes('--prof');
  const dir = path.join(repoRoot, '.data', 'prof');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (prof) process.env.BENCH_HOST_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${dir}`;
  // One partner creates hundreds in a minute: a limit this high keeps the sends-per-inviter
  // mechanism running (its read and flushes are part of the CPU measured) without refusing any.
  const stack = await startProductStack({ INVITER_SENDS_PER_HOUR: '1000000' });
  const admin = demoUsers.find((u) => u.tenantId === contosoDirect.tenantId && u.roles?.includes('GlobalAdmin'));
  if (!admin) throw new Error('no admin');
  const headers = {
    authorization: `Bearer ${await stack.token({ tenantId: admin.tenantId, userId: admin.userId, email: admin.email, roles: ['GlobalAdmin'], wids: [GLOBAL_ADMINISTRATOR_WID], tenantCountry: 'US' })}`,
  };
  await enrolPartner(stack.url, await operatorAuth(stack), contosoDirect);
  const hostCpuMs = (): number => {
    const f = readFileSync(`/proc/${stack.host.child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
  };
  const createMany = async (count: number, tag: string) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: c }, async () => {
        while (next < count) {
          const r = await call(`${stack.url}/api/invitations`, {
            headers,
            json: { recipientEmail: `${tag}-${next++}@adatum.example`, includeDelegatedAdmin: false },
          });
          if (r.status !== 202) throw new Error(`create ${r.status}`);
        }
      }),
    );
    await call(`${stack.url}/dev/time/settle`, { method: 'POST' });
  };
  await createMany(100, 'warm');
  const [t0, cpu0, host0] = [performance.now(), process.cpuUsage(), hostCpuMs()];
  await createMany(n, 'p');
  const [wall, cpu, host] = [performance.now() - t0, process.cpuUsage(cpu0), hostCpuMs() - host0];
  console.log(
    `${n} created and settled in ${wall.toFixed(0)} ms (${((n * 1000) / wall).toFixed(1)}/s); CPU per invitation: host ${(host / n).toFixed(2)} ms, bench process (stand-ins + client) ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms; load ${loadavg()[0]?.toFixed(2)}`,
  );
  await stack.stop();
  await new Promise((r) => setTimeout(r, 500));
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'))) summarise(path.join(dir, f));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
