import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/hostProcess';
import { runInvitationLife } from '../support/invitationLife';
import { ProductStack, startProductStack } from '../support/productStack';

/**
 * `azd deploy` of the `api` service, replayed on a clean clone of this repository's HEAD with azd's
 * own npm steps, as Azure/azure-dev (main, 2026-08-21) runs them for a `language: ts` service:
 *
 * - Restore (cli/azd/pkg/project/framework_service_node.go, `Restore`): `npm install --no-audit
 *   --no-fund --prefer-offline` (cli/azd/pkg/tools/node/node.go, `npmCli.Install`), skipped only when
 *   node_modules/.package-lock.json is newer than package-lock.json (never on a fresh clone).
 * - Build (`Build`): `npm run build --if-present` (`npmCli.RunScript`); the artefact is the service
 *   path joined with azure.yaml's `dist`.
 * - Package (`Package`): `npm run build --if-present` again, then the `dist` folder must exist and be
 *   non-empty ("package source ... is empty or does not exist").
 * - The function app target (service_target_functionapp.go `Package`, project_utils.go
 *   `createDeployableZip`) zips that folder, leaving out `.azure` folders, the ignore file
 *   (`.funcignore`) and `local.settings.json`, and with `remoteBuild: false` keeping node_modules.
 *
 * azd never runs `npm run package`, so `build` must write the folder. What azd would zip is copied to
 * a fresh folder (what Flex unpacks) and the local host runs an invitation's whole life from it.
 */
type AzdService = { project: string; language: string; host: string; dist: string; remoteBuild?: string };

/** The `api` service of azure.yaml (the few scalar fields azd's Node path reads). */
function azdService(yaml: string, name: string): AzdService {
  const body = new RegExp(`^ {2}${name}:\\n((?: {4}.*\\n|\\s*\\n)+)`, 'm').exec(yaml)?.[1] ?? '';
  const field = (f: string): string | undefined => new RegExp(`^ {4}${f}: *([^\\s#]+)`, 'm').exec(body)?.[1];
  const svc = {
    project: field('project'),
    language: field('language'),
    host: field('host'),
    dist: field('dist'),
    remoteBuild: field('remoteBuild'),
  };
  if (!svc.project || !svc.language || !svc.host || !svc.dist)
    throw new Error(`azure.yaml service ${name} lacks a field: ${JSON.stringify(svc)}`);
  return svc as AzdService;
}

/** Files azd's createDeployableZip puts in the zip for a Node function app (relative paths). */
function zipEntries(root: string, svc: AzdService): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(root, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const isDir = lstatSync(path.join(root, r)).isDirectory();
      if (
        (name === '.azure' && isDir) ||
        (name === '.funcignore' && !isDir) ||
        (name === 'local.settings.json' && !isDir)
      )
        continue;
      if (name === 'node_modules' && isDir && svc.remoteBuild !== 'false') continue;
      if (isDir) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/** The environment azd hands npm: the caller's, without what an enclosing `npm test` added. */
const azdEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

function run(cwd: string, cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { cwd, env: azdEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const line = `$ ${cmd} ${args.join(' ')} (exit ${r.status})`;
  if (r.status !== 0) throw new Error(`${line}\n${r.stdout}\n${r.stderr}`);
  process.stdout.write(`${line}\n`);
  return r.stdout;
}

let scratch: string;
let stack: ProductStack;
let svc: AzdService;
let wwwroot: string;
let deployed: string[];
let stalePresentAfterBuild: boolean;
let staleGoneAfterPackage: boolean;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'azd-replay-'));
  const clone = path.join(scratch, 'repo');
  run(scratch, 'git', ['clone', '--quiet', '--no-hardlinks', repoRoot, clone]);
  const head = run(clone, 'git', ['log', '-1', '--format=%h %s']).trim();
  process.stdout.write(`clean clone of ${head}; node ${process.version}\n`);
  svc = azdService(readFileSync(path.join(clone, 'azure.yaml'), 'utf8'), 'api');
  const project = path.join(clone, svc.project);
  const dist = path.join(project, svc.dist);
  expect(existsSync(path.join(project, 'node_modules'))).toBe(false);

  // Restore, Build, Package: exactly azd's npm commands, in the service's folder.
  run(project, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']);
  run(project, 'npm', ['run', 'build', '--if-present']);
  // A file left in the folder by an earlier build must not reach the zip: Package's build rewrites it.
  mkdirSync(dist, { recursive: true });
  writeFileSync(path.join(dist, 'stale-from-an-earlier-build.txt'), 'stale');
  stalePresentAfterBuild = existsSync(path.join(dist, 'stale-from-an-earlier-build.txt'));
  run(project, 'npm', ['run', 'build', '--if-present']);
  staleGoneAfterPackage = !existsSync(path.join(dist, 'stale-from-an-earlier-build.txt'));

  // What the zip holds, unpacked where the host reads it.
  deployed = zipEntries(dist, svc);
  wwwroot = path.join(scratch, 'wwwroot');
  for (const f of deployed) cpSync(path.join(dist, f), path.join(wwwroot, f));
  process.stdout.write(
    `azd would zip ${path.relative(clone, dist)}: ${deployed.length} files (${deployed.filter((f) => !f.includes('/')).join(', ')})\n`,
  );
  stack = await startProductStack({}, { appDir: wwwroot });
}, 900_000);

afterAll(async () => {
  await stack?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('azure.yaml names a TypeScript function service whose package is self-contained', () => {
  expect(svc).toMatchObject({ language: 'ts', host: 'function' });
  // With no .funcignore and remoteBuild unset, azd would turn remote build on (resolveFunctionAppRemoteBuild).
  expect(svc.remoteBuild).toBe('false');
});

test('the build azd runs writes the deployable folder, afresh', () => {
  expect(stalePresentAfterBuild).toBe(true);
  expect(staleGoneAfterPackage).toBe(true);
  expect(deployed).toEqual(expect.arrayContaining(['host.json', 'index.mjs', 'package.json']));
  expect(deployed.some((f) => f.startsWith('chunks/') && f.endsWith('.mjs'))).toBe(true);
  expect(deployed.filter((f) => f.startsWith('node_modules/') || f.endsWith('.ts'))).toEqual([]);
  const manifest = JSON.parse(readFileSync(path.join(wwwroot, 'package.json'), 'utf8'));
  expect(manifest.main).toBe('index.mjs');
  expect(manifest.dependencies).toBeUndefined();
});

test('the zipped folder runs an invitation from creation to recorded grant on the host', async () => {
  await runInvitationLife(stack);
});
