import { execFileSync } from 'node:child_process';

/**
 * CI (.ci/run) runs the suite a second time on Node 22, the Function App's runtime, with
 * REQUIRE_NODE_MAJOR=22: jest itself, a child started with process.execPath (the host, the stand-ins)
 * and one started as plain `node` from PATH (npm scripts, the azd replay's builds) must all be that
 * major version. Without the variable it checks that the three agree.
 */
const major = (v: string) => v.trim().replace(/^v/, '').split('.')[0];

test('jest and the node processes tests spawn run the same major version (REQUIRE_NODE_MAJOR when set)', () => {
  const viaExecPath = execFileSync(process.execPath, ['--version'], { encoding: 'utf8' });
  const viaPath = execFileSync('node', ['--version'], { encoding: 'utf8' });
  const seen = { jest: process.version, execPath: viaExecPath.trim(), path: viaPath.trim() };
  process.stdout.write(`node versions: ${JSON.stringify(seen)}\n`);
  const want = process.env.REQUIRE_NODE_MAJOR ?? major(process.version);
  expect([major(seen.jest), major(seen.execPath), major(seen.path)]).toEqual([want, want, want]);
});
