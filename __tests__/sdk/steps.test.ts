import * as fs from 'node:fs';

import { CancelledError } from '../../src/engine/abort';
import { PROVISION_STEP } from '../../src/engine/steps';
import { type Artifact, type Communicator, StateKey, type Step } from '../../src/engine/types';
import type { SSHSettings } from '../../src/schema/communicator-settings';
import { cleanupTempKeysStep } from '../../src/sdk/steps/cleanup-temp-keys';
import { COMMUNICATOR, connectStep } from '../../src/sdk/steps/connect';
import { PROVISION_HOOK_DATA, provisionStep } from '../../src/sdk/steps/provision';
import { ARTIFACT, runBuilderSteps } from '../../src/sdk/steps/run-builder-steps';
import { tempDirStep } from '../../src/sdk/steps/temp-dir';
import { FakeProvision, stepContext } from './step-context';

/** The steps every builder shares (src/sdk/steps), on their own. */

const communicator = (closed: string[] = []): Communicator => ({
  type: 'test',
  start: () => Promise.resolve({ exitStatus: 0 }),
  upload: () => Promise.resolve(),
  uploadDir: () => Promise.resolve(),
  download: () => Promise.resolve(),
  downloadDir: () => Promise.resolve(),
  close: () => {
    closed.push('closed');
    return Promise.resolve();
  },
});

afterEach(() => jest.useRealTimers());

describe('the temp dir step', () => {
  it("makes a directory inside the build's temp dir, says so when asked, and removes it", async () => {
    const t = stepContext();
    const key = new StateKey<string>('dir');
    const step = tempDirStep({
      key,
      prefix: 'x-',
      say: 'Creating a temporary directory for sharing data...',
    });
    expect(step.name).toBe('temp dir');
    await step.run(t.ctx);
    const dir = t.ctx.state.require(key);
    expect(dir.startsWith(`${t.tempDir}/x-`)).toBe(true);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(t.said()).toEqual(['Creating a temporary directory for sharing data...']);
    await step.cleanup?.({ ...t.ctx, outcome: 'success' });
    expect(fs.existsSync(dir)).toBe(false);
    fs.rmSync(t.tempDir, { recursive: true, force: true });
  });
});

describe('the connect step', () => {
  it('connects with what the builder passes, leaves the communicator in the state, and closes it', async () => {
    const t = stepContext();
    const closed: string[] = [];
    const comm = communicator(closed);
    const step = connectStep({ connect: () => Promise.resolve(comm) });
    expect(step.name).toBe('connect');
    await step.run(t.ctx);
    expect(t.ctx.state.get(COMMUNICATOR)).toBe(comm);
    expect(t.said()).toEqual([]);
    await step.cleanup?.({ ...t.ctx, outcome: 'success' });
    expect(closed).toEqual(['closed']);
  });

  it('pauses pause_before_connecting first, and a cancel ends the pause', async () => {
    const t = stepContext();
    let connected = false;
    const step = connectStep({
      pauseBeforeConnectingMs: 90_000,
      connect: () => {
        connected = true;
        return Promise.resolve(communicator());
      },
    });
    const running = step.run(t.ctx);
    t.abort.abort();
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    expect(t.said('say')).toEqual(['Pausing 1m30s before connecting...']);
    expect(connected).toBe(false);
    // Nothing connected: nothing to close.
    await step.cleanup?.({ ...t.ctx, outcome: 'cancelled' });
  });
});

describe('the provision step', () => {
  it("runs the provisioners over the connect step's communicator with the builder's values", async () => {
    const t = stepContext();
    const comm = communicator();
    t.ctx.state.set(COMMUNICATOR, comm);
    const provision = new FakeProvision();
    const step = provisionStep(provision, { hookData: (c) => ({ ID: 'i-1', PackerRunUUID: c.build.runId }) });
    expect(step.name).toBe(PROVISION_STEP);
    await step.run(t.ctx);
    expect(provision.runs).toEqual([
      { communicator: comm, generated: { ID: 'i-1', PackerRunUUID: 'run-1' } },
    ]);
    expect(t.ctx.state.get(PROVISION_HOOK_DATA)).toEqual({ ID: 'i-1', PackerRunUUID: 'run-1' });
    await step.cleanup?.({ ...t.ctx, outcome: 'failed' });
    expect(provision.cleanups).toEqual(['failed']);
  });

  it('takes another communicator when the builder has one without connecting (no values: none)', async () => {
    const t = stepContext();
    const comm = communicator();
    const provision = new FakeProvision();
    await provisionStep(provision, { communicator: () => comm }).run(t.ctx);
    expect(provision.runs).toEqual([{ communicator: comm, generated: {} }]);
  });
});

describe('runBuilderSteps', () => {
  const artifact = { id: 'a' } as Artifact;
  const step = (name: string, run: Step['run'], cleaned?: string[]): Step => ({
    name,
    run,
    cleanup: async () => {
      cleaned?.push(name);
    },
  });

  it("returns the artifact a step left, after every step's cleanup", async () => {
    const t = stepContext();
    const cleaned: string[] = [];
    const result = await runBuilderSteps(
      [
        step('one', async () => undefined, cleaned),
        step('two', async (c) => c.state.set(ARTIFACT, artifact), cleaned),
      ],
      t.ctx,
    );
    expect(result).toBe(artifact);
    expect(cleaned).toEqual(['two', 'one']);
  });

  it('returns undefined when no step made an artifact', async () => {
    expect(await runBuilderSteps([step('one', async () => undefined)], stepContext().ctx)).toBeUndefined();
  });

  it('throws the error that stopped the steps, once they are cleaned up', async () => {
    const t = stepContext();
    const cleaned: string[] = [];
    const boom = new Error('boom');
    await expect(
      runBuilderSteps(
        [
          step('one', async () => undefined, cleaned),
          step('two', () => Promise.reject(boom), cleaned),
          step('three', async () => undefined, cleaned),
        ],
        t.ctx,
      ),
    ).rejects.toBe(boom);
    expect(cleaned).toEqual(['two', 'one']);
  });
});

describe('the cleanup temp keys step', () => {
  const ssh = (over: Partial<SSHSettings>): SSHSettings =>
    ({
      clearAuthorizedKeys: true,
      temporaryKeyPair: { name: 'packer_1234', type: 'rsa', bits: 0 },
      ...over,
    }) as SSHSettings;

  function recording(fail = false): { comm: Communicator; commands: string[] } {
    const commands: string[] = [];
    return {
      commands,
      comm: {
        ...communicator(),
        start: (cmd) => {
          commands.push(cmd.command);
          return fail ? Promise.reject(new Error('connection lost')) : Promise.resolve({ exitStatus: 1 });
        },
      },
    };
  }

  it("removes the temporary key from the user's and root's authorized_keys; failures are not the build's", async () => {
    const t = stepContext();
    const { comm, commands } = recording(true);
    t.ctx.state.set(COMMUNICATOR, comm);
    await cleanupTempKeysStep('ssh', ssh({})).run(t.ctx);
    expect(t.said('say')).toEqual(['Trying to remove ephemeral keys from authorized_keys files']);
    expect(commands).toEqual([
      "sed -i.bak '/ packer_1234$/d' ~/.ssh/authorized_keys; rm ~/.ssh/authorized_keys.bak",
      "sudo sed -i.bak '/ packer_1234$/d' /root/.ssh/authorized_keys; sudo rm /root/.ssh/authorized_keys.bak",
    ]);
  });

  it.each([
    ['ssh_clear_authorized_keys is off', 'ssh', { clearAuthorizedKeys: false }],
    ['the communicator is not ssh', 'docker', {}],
    ['no temporary key pair was made', 'ssh', { temporaryKeyPair: { name: '', type: 'rsa', bits: 0 } }],
  ])('does nothing when %s', async (_why, type, over) => {
    const t = stepContext();
    const { comm, commands } = recording();
    t.ctx.state.set(COMMUNICATOR, comm);
    await cleanupTempKeysStep(type, ssh(over)).run(t.ctx);
    expect(commands).toEqual([]);
    expect(t.said()).toEqual([]);
  });
});
