import { describeExit, type Exit, type RunningChild, spawnChild } from './child';

export interface HostSupervisorOptions {
  /** Node arguments that run the host (flags, cli.js, its arguments). */
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  /** Called once the host is up again after a crash, with its new pid. */
  readonly onRestarted: (pid: number) => void;
  /** Called when restarting stops making sense (it keeps dying); the launcher then shuts down. */
  readonly onGiveUp: (reason: string) => void;
}

export interface HostSupervisor {
  readonly pid: () => number;
  /** Resolves with the host's URL once it first prints HOST_READY; rejects if it dies first. */
  readonly ready: Promise<string>;
  /** Stops the host for good (no restart). */
  stop(): Promise<void>;
  /** SIGKILL, no restart: for a second Ctrl-C. */
  kill(): void;
}

const RESTART_DELAY_MS = 500;
// A host that dies this often is failing at startup (bad config, port taken): stop looping.
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;

/**
 * Runs the host as a child and starts it again when it dies unexpectedly, as the Functions runtime
 * restarts a crashed worker. State is in the stand-ins' Cosmos, so instances resume after a restart.
 */
export function superviseHost(o: HostSupervisorOptions): HostSupervisor {
  let current: RunningChild = spawn();
  let stopping = false;
  // Until the first host is up, a death is a startup failure for the launcher to report, not a crash.
  let upOnce = false;
  current.ready.then(
    () => (upOnce = true),
    () => undefined,
  );
  const crashes: number[] = [];

  function spawn(): RunningChild {
    const child = spawnChild({
      name: 'host',
      args: o.args,
      env: o.env,
      readyPrefix: 'HOST_READY',
      onLine: (l) => o.log(l),
    });
    void child.exited.then((exit) => onExit(child, exit));
    return child;
  }

  function onExit(child: RunningChild, exit: Exit): void {
    if (stopping || !upOnce || child !== current) return;
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && crashes[0]! < now - CRASH_WINDOW_MS) crashes.shift();
    if (crashes.length >= MAX_CRASHES) {
      o.onGiveUp(
        `the host died ${crashes.length} times within ${CRASH_WINDOW_MS / 1000} s (last: ${describeExit(exit)}); not restarting it`,
      );
      return;
    }
    o.log(
      `[start] the host (pid ${child.pid}) exited unexpectedly (${describeExit(exit)}); restarting it. The stand-ins kept running, so Cosmos data and durable instances are still there.`,
    );
    setTimeout(() => {
      if (stopping) return;
      current = spawn();
      current.ready.then(
        () => o.onRestarted(current.pid),
        () => undefined, // its exit is handled by onExit
      );
    }, RESTART_DELAY_MS);
  }

  const first = current;
  return {
    pid: () => current.pid,
    ready: first.ready,
    stop: async () => {
      stopping = true;
      await current.stop();
    },
    kill: () => {
      stopping = true;
      current.kill();
    },
  };
}
