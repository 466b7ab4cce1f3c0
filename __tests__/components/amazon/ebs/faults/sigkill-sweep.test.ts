import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { readLedger } from '../../../../../src/engine/ledger';
import { findLedgers } from '../../../../../src/engine/sweep';
import { type AwsProxy, describeWithAwsEmulator } from '../../../../support/aws-emulator';
import { tempDir, writeFiles } from '../../../../support/temp';
import {
  REGIONS,
  baseline,
  leftovers,
  motoEndpoint,
  template,
  untilCalled,
  startFaultProxy,
} from './support';

/**
 * Issue 15's SIGKILL proof: a build killed outright (no cleanup at all) at two points, once its
 * instance runs and once CreateImage has been asked, leaves resources in AWS and its ledger in the
 * temp directory; `kiln sweep -run-id <id>`, in another process with credentials from its
 * environment and the endpoint from the ledger, leaves nothing in moto. Kiln runs from its sources
 * (scripts/run-ts.js), so the proof is of this tree's code, not of the last dist build.
 */

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../../../../..');
const CLI = ['--require', path.join(ROOT, 'scripts', 'run-ts.js'), path.join(ROOT, 'src', 'cli', 'index.ts')];

interface Child {
  readonly process: ChildProcess;
  out(): string;
  readonly exited: Promise<number | null>;
}

function kilnProcess(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, [...CLI, ...args], { cwd, env, detached: true });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, out: () => out, exited };
}

describeWithAwsEmulator('amazon-ebs after SIGKILL: kiln sweep -run-id', () => {
  let proxy: AwsProxy;

  beforeAll(async () => {
    proxy = await startFaultProxy();
  });

  afterAll(async () => {
    await proxy?.stop();
  });

  const env = (dir: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: dir,
    // The sweep has no template: credentials from its environment (IAM's endpoint too); EC2's
    // endpoint comes from the ledger.
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL: proxy.endpoint,
  });

  async function killAndSweep(killWhen: (proxy: AwsProxy) => Promise<boolean>, what: string): Promise<void> {
    const name = `kiln-sigkill-${Date.now()}`;
    const before = await baseline(motoEndpoint());
    const dir = writeFiles(tempDir('kiln-ebs-sigkill-'), {
      'build.pkr.hcl': template(name, { iam: true, inline: ['sleep 5'] }),
    });
    await proxy.resetCalls();
    const build = kilnProcess(
      ['build', '-color=false', `-var=endpoint=${proxy.endpoint}`, 'build.pkr.hcl'],
      dir,
      env(dir),
    );
    try {
      const reached = await Promise.race([killWhen(proxy), build.exited.then(() => false)]);
      if (!reached) throw new Error(`the build never reached ${what}:\n${build.out()}`);
    } finally {
      try {
        process.kill(-(build.process.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await build.exited;

    // Killed: nothing was cleaned up, and the ledger lists what exists.
    const [ledger] = findLedgers(dir);
    expect(ledger).toBeDefined();
    const { runId, outstanding } = readLedger(ledger);
    expect(outstanding.map((r) => r.kind)).toContain('aws-instance');
    expect(await leftovers(motoEndpoint(), REGIONS, name, before)).not.toEqual([]);

    const sweep = kilnProcess(['sweep', '-run-id', runId as string, '-temp-dir', dir], dir, env(dir));
    const code = await sweep.exited;
    if (code !== 0) process.stderr.write(sweep.out());
    expect(code).toBe(0);
    expect(await leftovers(motoEndpoint(), REGIONS, name, before)).toEqual([]);
    expect(fs.existsSync(path.dirname(ledger))).toBe(false);
  }

  it('sweeps what a build killed while its instance runs left', async () => {
    await killAndSweep(async (p) => {
      for (let i = 0; i < 1200; i++) {
        // Running, and known to the build: it waits for it (the ledger lists it by then).
        if (Object.keys(await p.instances()).length > 0 && (await untilCalled(p, 'DescribeInstances', 1, 0)))
          return true;
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    }, 'a running instance');
  });

  it('sweeps what a build killed after CreateImage left (the AMI too)', async () => {
    await killAndSweep((p) => untilCalled(p, 'CreateImage', 1, 60_000), 'CreateImage');
  });
});
