import {
  type ChildProcess,
  type ChildProcessWithoutNullStreams,
  spawn,
  type SpawnOptionsWithoutStdio,
} from 'node:child_process';

/**
 * Local commands that components start (shell-local scripts, the docker CLI) and how they are
 * stopped. Each starts as the leader of a process group of its own, and cancelling signals the
 * whole group: signalling only the process Kiln started (`sh -c` running a script) would leave
 * what it started in turn (the script's `sleep`, a pipeline) running on, orphaned, still holding
 * the output pipe that Kiln waits on. Packer signals only the process it started; Kiln does better.
 */

const POSIX = process.platform !== 'win32';

/**
 * spawn() with pipes for stdin, stdout and stderr, the child leading a new process group (a new
 * session) on POSIX systems.
 */
export function spawnLocal(
  command: string,
  args: readonly string[],
  options: Omit<SpawnOptionsWithoutStdio, 'detached' | 'stdio'>,
): ChildProcessWithoutNullStreams {
  return spawn(command, [...args], { ...options, stdio: 'pipe', detached: POSIX });
}

/**
 * Sends `signal` to every process of the child's group; where there are no process groups (or
 * the group is already gone), to the child itself.
 */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (POSIX && child.pid !== undefined) {
    try {
      process.kill(-child.pid, signal);
      return;
    } catch {
      // ESRCH: nothing of the group is left.
    }
  }
  child.kill(signal);
}

/**
 * Stops a child's whole group: `first` (SIGTERM lets scripts clean up), then SIGKILL for whatever
 * is still there after `graceMs`. Returns a function that cancels the SIGKILL (call it when the
 * child has closed).
 */
export function stopGroup(child: ChildProcess, first: NodeJS.Signals, graceMs: number): () => void {
  signalGroup(child, first);
  if (first === 'SIGKILL') return () => undefined;
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  timer.unref();
  return () => clearTimeout(timer);
}
