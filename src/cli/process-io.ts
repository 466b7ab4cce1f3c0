import type { CommandIO } from './io';

let interrupts = 0;

/**
 * How many SIGINT/SIGTERM the process has received while a command listened. After a second one
 * the command stops waiting for cleanup and the process must exit even though cleanup work (child
 * processes, timers) is still pending.
 */
export function interruptsReceived(): number {
  return interrupts;
}

/** The CommandIO of the running process. */
export function processIO(): CommandIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: () =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        process.stdin.on('data', (c: Buffer) => chunks.push(c));
        process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        process.stdin.on('error', reject);
      }),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    cwd: process.cwd(),
    env: process.env,
    onInterrupt: (listener) => {
      const onInt = (): void => {
        interrupts++;
        listener('SIGINT');
      };
      const onTerm = (): void => {
        interrupts++;
        listener('SIGTERM');
      };
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      return () => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      };
    },
  };
}
