import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { integrationRequired } from './services';

/**
 * The WinRM test peers (test-env/winrm-test-server, built by test-env/build-winrm-test-server.sh,
 * and the NTLMv2 front test-env/winrm-ntlm-front.py): each test starts its own on loopback, so
 * its in-memory files are its own and a server can be started late or stopped.
 */

const REPO = path.resolve(__dirname, '../..');
export const NTLM_FRONT = path.join(REPO, 'test-env/winrm-ntlm-front.py');

/** Where test-env's start script says the server binary is, else where the build script puts it. */
export function winrmServerBinary(): string {
  return (
    process.env.KILN_WINRM_TEST_SERVER ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'kiln/winrm-test-server')
  );
}

function missing(): string | undefined {
  if (!fs.existsSync(winrmServerBinary())) {
    return `no WinRM test server at ${winrmServerBinary()} (bash test-env/build-winrm-test-server.sh builds it)`;
  }
  const py = spawnSync('python3', ['-c', 'import spnego'], { encoding: 'utf8' });
  if (py.status !== 0) return 'python3 cannot import spnego (pip install pyspnego; test-env/install-deps.sh)';
  return undefined;
}

/** `describe` for tests that need the WinRM test peers; fails under CI=true when they are missing. */
export function describeWithWinRM(title: string, body: () => void): void {
  const why = missing();
  if (why === undefined) {
    describe(title, body);
    return;
  }
  const message = `${title}: ${why}. Run: bash test-env/install-deps.sh && bash test-env/winrm-test-env.sh`;
  if (integrationRequired()) {
    describe(title, () => {
      it('has its WinRM test server', () => {
        throw new Error(message);
      });
    });
  } else {
    process.stderr.write(`skipped: ${message}\n`);
    describe.skip(title, body);
  }
}

export interface RunningPeer {
  readonly host: string;
  readonly port: number;
  /** What the process wrote to stderr so far (commands run, authentications). */
  log(): string;
  stop(): Promise<void>;
}

const running = new Set<RunningPeer>();
afterAll(async () => {
  await Promise.all([...running].map((p) => p.stop()));
});

function startPeer(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<RunningPeer> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(command, [...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    let exited = false;
    const exit = new Promise<void>((r) =>
      child.once('exit', () => {
        exited = true;
        r();
      }),
    );
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      const m = /listening on (\S+):(\d+)/.exec(stdout);
      if (m === null) return;
      const peer: RunningPeer = {
        host: m[1],
        port: Number(m[2]),
        log: () => stderr,
        stop: async () => {
          running.delete(peer);
          if (!exited) child.kill('SIGTERM');
          await exit;
        },
      };
      running.add(peer);
      resolve(peer);
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`${command} exited (${code}) before listening: ${stderr}`)),
    );
  });
}

export interface ServerOptions {
  /** Basic authentication; none when absent (behind the NTLM front). */
  readonly user?: string;
  readonly password?: string;
  readonly tls?: boolean;
  /** A fixed port (a server started after its client began to wait); any free one otherwise. */
  readonly port?: number;
}

export function startWinRMServer(options: ServerOptions = {}): Promise<RunningPeer> {
  const args = ['-listen', `127.0.0.1:${options.port ?? 0}`];
  if (options.user !== undefined) args.push('-user', options.user, '-password', options.password ?? '');
  if (options.tls === true) args.push('-tls');
  return startPeer(winrmServerBinary(), args);
}

/** The NTLMv2 front on a port of its own, forwarding to a test server (started without Basic auth). */
export function startNtlmFront(backend: RunningPeer, user: string, password: string): Promise<RunningPeer> {
  return startPeer('python3', [NTLM_FRONT, '--backend', `${backend.host}:${backend.port}`, '--user', user], {
    KILN_NTLM_PASSWORD: password,
  });
}
