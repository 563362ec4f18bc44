import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { appEnv } from './launcher/appEnv';
import { renderBanner } from './launcher/banner';
import { seedDemoPartners } from './seed';
import { describeExit, spawnChild } from './launcher/child';
import { type HostSupervisor, superviseHost } from './launcher/hostSupervisor';

/**
 * `npm start`: runs the stand-ins for Azure in one process and the Functions host in another, so a
 * host crash (restarted here) loses nothing, as with an emulator. Ctrl-C stops both, host first.
 * Env: PORT (7071), LOCAL_DATA_DIR (<repo>/.data), COSMOS_ENDPOINT/COSMOS_KEY for another Cosmos.
 */
const repoRoot = path.resolve(__dirname, '../../..');
const dist = path.join(repoRoot, 'dist/infra/local');
const log = (line: string): void => console.log(line);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'virtual-time': { type: 'boolean', default: false } } });
  const virtualTime = values['virtual-time'];
  const port = Number(process.env.PORT || 7071);
  // The issuer and email links name this port before the host binds it, so it cannot be 0.
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`PORT must be a port number from 1 to 65535, not "${process.env.PORT}"`);
  const baseUrl = `http://localhost:${port}`;
  const dataDir = path.resolve(process.env.LOCAL_DATA_DIR || path.join(repoRoot, '.data'));
  mkdirSync(dataDir, { recursive: true });
  const localCosmos = !process.env.COSMOS_ENDPOINT;

  const standinsArgs = [path.join(dist, 'standins/main.js'), '--data-dir', dataDir, '--public-base-url', baseUrl];
  if (!localCosmos) standinsArgs.push('--no-cosmos');
  const standins = spawnChild({
    name: 'stand-ins',
    args: standinsArgs,
    env: process.env,
    readyPrefix: 'STANDINS_READY',
    onLine: (l) => log(`[standins] ${l}`),
  });
  let host: HostSupervisor | undefined;
  let shuttingDown = false;
  const shutdown = async (code: number): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    log('[start] stopping the host, then the stand-ins…');
    // Host first: it may still be committing durable state to the stand-ins' Cosmos.
    await host?.stop();
    await standins.stop();
    log('[start] stopped');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (!shuttingDown) return void shutdown(0);
      // A second Ctrl-C while stopping: do not make the person wait.
      log('[start] killing the host and the stand-ins');
      host?.kill();
      standins.kill();
      process.exit(130);
    });
  }
  let standinsUp = false;
  void standins.exited.then((exit) => {
    // Before STANDINS_READY, the failed `ready` below reports it instead.
    if (shuttingDown || !standinsUp) return;
    console.error(
      `[start] the stand-ins exited unexpectedly (${describeExit(exit)}); their in-memory Cosmos data is gone, so everything stops. Run npm start again.`,
    );
    void shutdown(1);
  });

  const standinsEnv = JSON.parse(await standins.ready) as Record<string, string>;
  standinsUp = true;
  log(`[start] stand-ins pid ${standins.pid} at ${standinsEnv.DEV_UPSTREAM}`);
  const hostEnv = appEnv({ standinsEnv, baseUrl, dataDir, env: process.env });
  // parentWatch stops the host if this launcher is killed outright, so it never holds PORT orphaned.
  const hostArgs = [
    '--require',
    path.join(dist, 'launcher/parentWatch.js'),
    path.join(dist, 'host/cli.js'),
    '--app',
    repoRoot,
    '--port',
    String(port),
  ];
  if (virtualTime) hostArgs.push('--virtual-time');
  host = superviseHost({
    args: hostArgs,
    env: hostEnv,
    log,
    onRestarted: (pid) => log(`[start] host restarted, pid ${pid}`),
    onGiveUp: (reason) => {
      console.error(`[start] ${reason}`);
      void shutdown(1);
    },
  });
  try {
    await host.ready;
  } catch (e) {
    console.error(
      `[start] ${(e as Error).message}; see its output above (is port ${port} taken? PORT chooses another).`,
    );
    return shutdown(1);
  }
  log(`[start] host pid ${host.pid()}`);
  try {
    log(`[start] seeded demo partners: ${(await seedDemoPartners(baseUrl)).join(', ')}`);
  } catch (e) {
    console.error(`[start] seeding the demo partners failed: ${(e as Error).message}`);
  }
  log(renderBanner({ baseUrl, dataDir, virtualTime, cosmosEndpoint: hostEnv.COSMOS_ENDPOINT ?? '', localCosmos }));
}

main().catch((e: unknown) => {
  console.error(`[start] ${(e as Error)?.stack ?? e}`);
  process.exit(1);
});
