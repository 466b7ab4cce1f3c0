import * as fs from 'node:fs';
import * as path from 'node:path';

import type { GetPasswordDataCommandInput } from '@aws-sdk/client-ec2';

import type { AwsSession } from '../../../../../src/components/amazon/aws/session';
import { EC2_SSH_KEY, INSTANCE, WINRM_PASSWORD } from '../../../../../src/components/amazon/ebs/state-keys';
import { getPasswordStep } from '../../../../../src/components/amazon/ebs/steps/get-password';
import { CancelledError } from '../../../../../src/engine/abort';
import { MapStateBag } from '../../../../../src/engine/state';
import { fakeStepContext, fakeUI } from '../../../../support/engine-fakes';
import { ebsOptions } from '../launch/support';

/**
 * The get-password step (Packer's StepGetPassword) against a fake EC2: when it waits, what it says,
 * how the password is decrypted and kept, and how it ends (timeout, errors, cancel).
 */

const FIXTURES = path.resolve(__dirname, '../../../../fixtures/rsa-pkcs1');
const KEY = fs.readFileSync(path.join(FIXTURES, 'key-2048.pem'), 'utf8');
const DATA = fs.readFileSync(path.join(FIXTURES, 'password-2048.b64'), 'utf8');
const PASSWORD = 'Kiln-W1nd0ws-P@ss!';
const WINRM = 'communicator = "winrm"\nwinrm_username = "Administrator"\n';

type Answer = string | Error;

/** A session whose GetPasswordData answers `answers` in turn (the last one again when they run out). */
function fakeSession(answers: Answer[]): { session: AwsSession; calls: GetPasswordDataCommandInput[] } {
  const calls: GetPasswordDataCommandInput[] = [];
  const session = {
    ec2: () => ({
      send: (command: { input: GetPasswordDataCommandInput }) => {
        calls.push(command.input);
        const a = answers.length > 1 ? answers.shift() : answers[0];
        return a instanceof Error ? Promise.reject(a) : Promise.resolve({ PasswordData: a });
      },
    }),
  } as unknown as AwsSession;
  return { session, calls };
}

function launchedState(privateKey = KEY): MapStateBag {
  const state = new MapStateBag();
  state.set(INSTANCE, { InstanceId: 'i-0123456789' });
  state.set(EC2_SSH_KEY, { keyPairName: 'packer_x', privateKey });
  return state;
}

async function run(hcl: string, answers: Answer[], opts: { privateKey?: string; signal?: AbortSignal } = {}) {
  const { session, calls } = fakeSession(answers);
  const ui = fakeUI();
  const state = launchedState(opts.privateKey);
  const step = getPasswordStep({ options: ebsOptions(hcl), session }, { pollMs: 1, callBackoffMs: 1 });
  const ctx = fakeStepContext({ ui, state, signal: opts.signal });
  const outcome = await step.run(ctx).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { outcome, ui, state, calls };
}

const WAITING = [
  'say Waiting for auto-generated password for instance...',
  'message It is normal for this process to take up to 15 minutes,\nbut it usually takes around 5. Please wait.',
];

describe('amazon-ebs get password', () => {
  it('does nothing with the ssh communicator', async () => {
    const r = await run('ssh_username = "root"', [DATA]);
    expect(r.outcome).toBeUndefined();
    expect(r.calls).toHaveLength(0);
    expect(r.ui.lines).toEqual([]);
  });

  it('does not wait when winrm_password is set', async () => {
    const r = await run(`${WINRM}winrm_password = "given"`, [DATA]);
    expect(r.outcome).toBeUndefined();
    expect(r.calls).toHaveLength(0);
    expect(r.ui.lines).toEqual(['say Skipping waiting for password since WinRM password set...']);
    expect(r.state.get(WINRM_PASSWORD)).toBeUndefined();
  });

  it('polls until EC2 has the password, decrypts it with the key pair and keeps it as a secret', async () => {
    const r = await run(WINRM, ['', '', DATA]);
    expect(r.outcome).toBeUndefined();
    expect(r.calls).toEqual(Array(3).fill({ InstanceId: 'i-0123456789' }));
    expect(r.ui.lines).toEqual([...WAITING, 'message  \nPassword retrieved!']);
    expect(r.ui.secrets).toEqual([PASSWORD]);
    expect(r.state.get(WINRM_PASSWORD)).toBe(PASSWORD);
  });

  it('reads the key of ssh_private_key_file in its PEM form as well as a temporary OpenSSH one', async () => {
    const openssh = fs.readFileSync(path.join(FIXTURES, 'key-2048.openssh'), 'utf8');
    const r = await run(WINRM, [DATA], { privateKey: openssh });
    expect(r.state.get(WINRM_PASSWORD)).toBe(PASSWORD);
  });

  it("gives up after windows_password_timeout with Packer's message", async () => {
    const r = await run(`${WINRM}windows_password_timeout = "100ms"`, ['']);
    expect(r.outcome).toEqual(new Error('Timeout waiting for password.'));
    expect(r.ui.lines).toEqual([...WAITING, 'error Timeout waiting for password.']);
    expect(r.calls.length).toBeGreaterThan(1);
    expect(r.state.get(WINRM_PASSWORD)).toBeUndefined();
  });

  it('retries a failing call, and fails after 11 tries', async () => {
    const flaky = await run(WINRM, [new Error('RequestLimitExceeded'), new Error('boom'), DATA]);
    expect(flaky.outcome).toBeUndefined();
    expect(flaky.calls).toHaveLength(3);

    const broken = await run(WINRM, [new Error('InvalidInstanceID.NotFound')]);
    const message = 'Error retrieving auto-generated instance password: InvalidInstanceID.NotFound';
    expect(broken.outcome).toEqual(new Error(message));
    expect(broken.calls).toHaveLength(11);
    expect(broken.ui.lines.at(-1)).toBe(`error Error waiting for password: ${message}`);
  });

  it('fails when the password data is not for this key', async () => {
    const other = fs.readFileSync(path.join(FIXTURES, 'password-1024.b64'), 'utf8');
    const r = await run(WINRM, [other]);
    const message = 'Error decrypting auto-generated instance password: crypto/rsa: decryption error';
    expect(r.outcome).toEqual(new Error(message));
    expect(r.ui.lines.at(-1)).toBe(`error Error waiting for password: ${message}`);
  });

  it('stops waiting when the build is cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const r = await run(WINRM, [''], { signal: controller.signal });
    expect(r.outcome).toBeInstanceOf(CancelledError);
    expect(r.ui.lines).toEqual(WAITING);
  });
});
