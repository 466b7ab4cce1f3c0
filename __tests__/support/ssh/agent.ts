import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';

/** A private ssh-agent on a socket of the test's own, and SSH_AUTH_SOCK pointed at it. */

export interface Agent {
  readonly sock: string;
  stop(): void;
}

/** Starts `ssh-agent -D -a sock`, waits for its socket, and adds `keys` (each ssh-add must succeed). */
export async function startAgent(sock: string, keys: readonly string[]): Promise<Agent> {
  const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 50 && !fs.existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
    const env = { ...process.env, SSH_AUTH_SOCK: sock };
    for (const key of keys) expect(spawnSync('ssh-add', [key], { env }).status).toBe(0);
  } catch (e) {
    agent.kill();
    throw e;
  }
  return { sock, stop: () => agent.kill() };
}

/** Points SSH_AUTH_SOCK (which Kiln's SSH communicator reads) at `sock`; the function returned undoes it. */
export function setAuthSock(sock: string): () => void {
  const saved = process.env.SSH_AUTH_SOCK;
  process.env.SSH_AUTH_SOCK = sock;
  return () => {
    if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
    else process.env.SSH_AUTH_SOCK = saved;
  };
}
