import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildSpec {
  /** Used in messages, e.g. "host". */
  readonly name: string;
  /** Node arguments: flags, script, script arguments. */
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** The stdout line prefix that says the child is ready; the rest of that line is resolved. */
  readonly readyPrefix: string;
  /** Every other stdout line (stderr goes straight to ours). */
  readonly onLine: (line: string) => void;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface RunningChild {
  readonly pid: number;
  /** The text after the ready prefix; rejects if the child exits first. */
  readonly ready: Promise<string>;
  readonly exited: Promise<Exit>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<Exit>;
  kill(): void;
}

/**
 * Spawns `node <args>` in its own process group, so a Ctrl-C in the terminal reaches only the
 * launcher, which then stops the children in order (host before the stand-ins it writes to).
 */
export function spawnChild(spec: ChildSpec): RunningChild {
  const child: ChildProcess = spawn(process.execPath, [...spec.args], {
    env: spec.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  if (child.pid === undefined) throw new Error(`could not spawn the ${spec.name}`);
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<string>((resolve, reject) => {
    let isReady = false;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!isReady && line.startsWith(spec.readyPrefix)) {
        isReady = true;
        resolve(line.slice(spec.readyPrefix.length).trim());
      } else spec.onLine(line);
    });
    void exited.then((e) => reject(new Error(`the ${spec.name} exited before it was ready (${describeExit(e)})`)));
  });
  // Callers that never await `ready` must not crash the launcher with an unhandled rejection.
  ready.catch(() => undefined);
  return {
    pid: child.pid,
    ready,
    exited,
    kill: () => void child.kill('SIGKILL'),
    stop: async (graceMs = 10_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };
}

/** "code 1" or "signal SIGKILL". */
export function describeExit(e: Exit): string {
  return e.signal ? `signal ${e.signal}` : `code ${e.code}`;
}
