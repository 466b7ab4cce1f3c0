import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'child_process';
import * as path from 'path';
import { Client } from 'ssh2';
import { EC2Client } from '@aws-sdk/client-ec2';
import { freePort } from './net';
import { dockerAvailable, integrationRequired } from './services';

/**
 * The AWS emulator for integration tests: moto (started by test-env/start.sh, KILN_MOTO_ENDPOINT)
 * behind test-env/aws-proxy, whose instances are containers of the test env's Docker engine reachable
 * over SSH on their own loopback address. See the test env section of README.md.
 *
 * moto is one process for every test file and its reset is global: a test that resets it must be the
 * only AWS test running, so AWS tests keep their resources apart by name and region instead.
 */

export const DEBIAN_SSHD_IMAGE = 'kiln-test/debian-sshd:bookworm';
const ROOT = path.resolve(__dirname, '../..');

/** Whether moto answers and the Docker engine has the base AMI image (made now if it can be). */
export function awsEmulatorAvailable(): { ok: true } | { ok: false; why: string } {
  const moto = process.env.KILN_MOTO_ENDPOINT;
  if (!moto) return { ok: false, why: 'KILN_MOTO_ENDPOINT is not set' };
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))',
      `${moto}/moto-api/`,
    ],
    { encoding: 'utf8', timeout: 10_000 },
  );
  if (probe.status !== 0) return { ok: false, why: `moto does not answer at ${moto}` };
  if (!dockerAvailable('kiln-test/busybox:latest').ok) return { ok: false, why: 'no Docker engine' };
  // Made lazily: docker import of the cached tarball (~1 s), or debootstrap the first time (~35 s).
  const made = spawnSync('bash', [path.join(ROOT, 'test-env/debian-sshd-image.sh')], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (made.status !== 0)
    return { ok: false, why: `test-env/debian-sshd-image.sh failed: ${made.stderr.trim()}` };
  const image = dockerAvailable(DEBIAN_SSHD_IMAGE);
  return image.ok ? image : { ok: false, why: image.why };
}

/** `describe` for tests that need the AWS emulator: fails under CI when it is missing, else skips. */
export function describeWithAwsEmulator(title: string, body: () => void): void {
  const available = awsEmulatorAvailable();
  if (available.ok) {
    describe(title, body);
    return;
  }
  const message = `${title}: needs moto and Docker (${available.why}). Start them with: bash test-env/install-deps.sh && bash test-env/start.sh && . \${KILN_TEST_ENV:-/tmp/kiln-test-env}/env.sh`;
  if (integrationRequired()) {
    describe(title, () => {
      it('has moto and Docker', () => {
        throw new Error(message);
      });
    });
  } else {
    process.stderr.write(`skipped: ${message}\n`);
    describe.skip(title, body);
  }
}

export interface Faults {
  throttle?: number;
  error5xx?: number;
  latencyMs?: number;
  operations?: string[];
  failOn?: { operation: string; nth?: number; status?: number; code?: string; message?: string };
}

export interface ProxyInstance {
  container: string;
  ip: string;
  image: string;
}

/** A running test-env/aws-proxy and its admin API. */
export interface AwsProxy {
  endpoint: string;
  calls(): Promise<{ total: number; calls: Record<string, number> }>;
  resetCalls(): Promise<void>;
  setFaults(faults: Faults): Promise<void>;
  registerImage(ami: string, image: string): Promise<void>;
  instances(): Promise<Record<string, ProxyInstance>>;
  /** moto's global reset too: see the note at the top. */
  reset(): Promise<void>;
  /** Stops it; it removes its containers and the images CreateImage made first. */
  stop(): Promise<void>;
}

/**
 * Starts the proxy as a child process (it exits, cleaning up, if this process dies: --watch-stdin),
 * in front of the shared moto unless `moto` names another (see startPrivateMoto).
 */
export async function startAwsProxy(opts: { moto?: string } = {}): Promise<AwsProxy> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [path.join(ROOT, 'test-env/aws-proxy'), '--watch-stdin', ...(opts.moto ? ['--moto', opts.moto] : [])],
    { stdio: 'pipe' },
  );
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve((JSON.parse(line) as { endpoint: string }).endpoint);
    });
    child.once('exit', (code) => reject(new Error(`aws-proxy exited (${code}): ${stderr}`)));
  });
  const admin = async (method: string, route: string, body?: unknown): Promise<unknown> => {
    const r = await fetch(`${endpoint}/kiln-proxy/${route}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`aws-proxy ${method} ${route}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  return {
    endpoint,
    calls: async () => (await admin('GET', 'calls')) as { total: number; calls: Record<string, number> },
    resetCalls: async () => void (await admin('DELETE', 'calls')),
    setFaults: async (faults) => void (await admin('PUT', 'faults', faults)),
    registerImage: async (ami, image) => void (await admin('POST', 'images', { ami, image })),
    instances: async () => (await admin('GET', 'instances')) as Record<string, ProxyInstance>,
    reset: async () => void (await admin('POST', 'reset')),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A moto server of one test's own. */
export interface PrivateMoto {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts a moto server for one test (~2 s): for what must not touch the shared one, such as a reset,
 * which would empty moto under every AWS test running at the same time.
 */
export async function startPrivateMoto(): Promise<PrivateMoto> {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}`);
    const up = await fetch(`${endpoint}/moto-api/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto did not answer at ${endpoint} within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** An EC2 client of the real AWS SDK pointed at the proxy, with throwaway credentials. */
export function ec2Client(endpoint: string, opts: { region?: string; maxAttempts?: number } = {}): EC2Client {
  return new EC2Client({
    endpoint,
    region: opts.region ?? 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: opts.maxAttempts,
  });
}

/**
 * Runs `command` as root over SSH on an emulator instance, retrying the connection for a while
 * (sshd starts after RunInstances answers, as on a real instance); returns its standard output.
 */
export async function sshRun(host: string, privateKey: string, command: string): Promise<string> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      return await sshOnce(host, privateKey, command);
    } catch (error) {
      if (error instanceof CommandFailed) throw error;
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw lastError;
}

class CommandFailed extends Error {}

function sshOnce(host: string, privateKey: string, command: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const client = new Client();
    client.on('error', reject);
    client.on('ready', () => {
      client.exec(command, (error, stream) => {
        if (error) {
          client.end();
          reject(error);
          return;
        }
        let out = '';
        let err = '';
        stream.on('data', (c: Buffer) => (out += c.toString('utf8')));
        stream.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
        stream.on('close', (code: number) => {
          client.end();
          if (code === 0) resolve(out);
          else reject(new CommandFailed(`ssh ${host} ${command}: exit ${code}: ${err}`));
        });
      });
    });
    client.connect({ host, port: 22, username: 'root', privateKey, readyTimeout: 5000 });
  });
}
