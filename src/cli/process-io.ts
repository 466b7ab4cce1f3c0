import * as readline from 'node:readline';

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

/**
 * The CommandIO of the running process. Errors go to standard output like everything else, as
 * Packer's UI writes them (its BasicUi has ErrorWriter: os.Stdout): `kiln build | tee build.log`
 * keeps the error lines in the log, in order. Standard error carries only Kiln's internal errors.
 */
export function processIO(): CommandIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stdout.write(text),
    readStdin: () =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        process.stdin.on('data', (c: Buffer) => chunks.push(c));
        process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        process.stdin.on('error', reject);
      }),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    prompt: terminalPrompt(),
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

/** One question at a time on the terminal, each answered by a line of input. */
function terminalPrompt(): (question: string, signal: AbortSignal) => Promise<string | undefined> {
  let turn: Promise<unknown> = Promise.resolve();
  const ask = (question: string, signal: AbortSignal): Promise<string | undefined> =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve(undefined);
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: false });
      const finish = (answer: string | undefined): void => {
        signal.removeEventListener('abort', onAbort);
        rl.off('close', onClose);
        rl.off('line', onLine);
        // Closed after each answer: an open reader on stdin would keep the process alive.
        rl.close();
        resolve(answer);
      };
      const onAbort = (): void => finish(undefined);
      const onClose = (): void => finish(undefined);
      const onLine = (line: string): void => finish(line);
      signal.addEventListener('abort', onAbort, { once: true });
      rl.once('close', onClose);
      rl.once('line', onLine);
      process.stdout.write(`${question} `);
    });
  return (question, signal) => {
    const answer = turn.then(() => ask(question, signal));
    turn = answer.catch(() => undefined);
    return answer;
  };
}
