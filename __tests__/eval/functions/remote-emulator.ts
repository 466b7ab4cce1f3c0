/**
 * Starts test-env/remote-emulator.js (Consul, Vault and Secrets Manager stand-ins) in its own
 * process: the remote functions block the test's event loop while they wait for a reply.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';

export interface RemoteEmulator {
  /** http://127.0.0.1:<port> */
  readonly base: string;
  stop(): void;
}

const script = path.resolve(__dirname, '..', '..', '..', 'test-env', 'remote-emulator.js');

export async function startRemoteEmulator(): Promise<RemoteEmulator> {
  // stdin stays open: the emulator exits when it closes, even if the test run dies.
  const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`remote emulator exited with ${code}`)));
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () => {
      child.stdin.end();
      child.kill();
    },
  };
}

/** A port that was free a moment ago: nothing listens there, so connections are refused. */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });
}
