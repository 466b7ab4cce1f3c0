import { isatty } from 'node:tty';

import type { CommandIO } from './io';
import { writableBacklog } from './output-backlog';

let interrupts = 0;

/**
 * Standard output can go away under a running command (`kiln build | head`). Node then reports
 * EPIPE as an error on the stream, which would end the process with a stack trace and leave a
 * build's resources behind. Instead further output is dropped and the command is interrupted as
 * by a signal ("broken pipe"), so a build cancels and cleans up.
 */
let stdoutBroken = false;
const pipeListeners = new Set<() => void>();

function watchStdout(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    if (stdoutBroken) return;
    stdoutBroken = true;
    for (const listener of pipeListeners) listener();
  });
}

const stdoutBacklog = writableBacklog(process.stdout);

function writeStdout(text: string): void {
  if (!stdoutBroken) process.stdout.write(text);
}

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
  watchStdout();
  return {
    stdout: writeStdout,
    stderr: writeStdout,
    readStdin: () =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        process.stdin.on('data', (c: Buffer) => chunks.push(c));
        process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        process.stdin.on('error', reject);
      }),
    // Not process.stdin.isTTY: that would open a stream on stdin, which most commands never read.
    stdinIsTTY: isatty(0),
    prompt: terminalPrompt(),
    // A slow reader pauses the builds' commands instead of queueing their output in memory.
    outputBacklog: stdoutBacklog,
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
      const onPipe = (): void => {
        interrupts++;
        listener('SIGPIPE');
      };
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      pipeListeners.add(onPipe);
      return () => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        pipeListeners.delete(onPipe);
      };
    },
  };
}

/** One question at a time on the terminal, each answered by a line of input. */
function terminalPrompt(): (question: string, signal: AbortSignal) => Promise<string | undefined> {
  let turn: Promise<unknown> = Promise.resolve();
  const ask = async (question: string, signal: AbortSignal): Promise<string | undefined> => {
    // Loaded on the first question: most runs never ask one.
    const readline = await import('node:readline');
    return new Promise((resolve) => {
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
  };
  return (question, signal) => {
    const answer = turn.then(() => ask(question, signal));
    turn = answer.catch(() => undefined);
    return answer;
  };
}
