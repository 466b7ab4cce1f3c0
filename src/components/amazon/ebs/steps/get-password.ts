import { GetPasswordDataCommand } from '@aws-sdk/client-ec2';

import { CancelledError, errorMessage, sleep } from '../../../../engine/abort';
import type { Step, StepContext } from '../../../../engine/types';
import { decryptPasswordData } from '../password-data';
import { EC2_SSH_KEY, INSTANCE, WINRM_PASSWORD } from '../state-keys';
import type { EbsStepDeps } from './deps';

/**
 * Packer's StepGetPassword (builder/common/step_get_password.go): with the winrm communicator and no
 * `winrm_password`, asks GetPasswordData every 5 s until EC2 has generated the Administrator
 * password (a Windows instance takes minutes), for at most `windows_password_timeout`, and decrypts
 * it with the key pair's private key (the temporary one, or `ssh_private_key_file`). The password is
 * a secret from the moment it is known; the connect step and `build.Password` read it from the state.
 */

/** Packer waits this long before every GetPasswordData, the first too. */
export const PASSWORD_POLL_MS = 5_000;
/** Packer's retry around each call: 11 tries, 200 ms more each time, at most 30 s. */
const CALL_TRIES = 11;
const CALL_BACKOFF_MS = 200;
const CALL_MAX_BACKOFF_MS = 30_000;

export interface GetPasswordTiming {
  readonly pollMs?: number;
  readonly callBackoffMs?: number;
}

async function passwordData(ctx: StepContext, deps: EbsStepDeps, instanceId: string, backoffMs: number) {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await deps.session
        .ec2()
        .send(new GetPasswordDataCommand({ InstanceId: instanceId }), { abortSignal: ctx.signal });
      return r.PasswordData ?? '';
    } catch (e) {
      if (ctx.signal.aborted) throw new CancelledError();
      if (attempt >= CALL_TRIES) {
        throw new Error(`Error retrieving auto-generated instance password: ${errorMessage(e)}`);
      }
      await sleep(Math.min(backoffMs * attempt, CALL_MAX_BACKOFF_MS), ctx.signal);
    }
  }
}

async function waitForPassword(
  ctx: StepContext,
  deps: EbsStepDeps,
  signal: AbortSignal,
  timing: Required<GetPasswordTiming>,
): Promise<string> {
  const instanceId = ctx.state.require(INSTANCE).InstanceId ?? '';
  const privateKey = ctx.state.get(EC2_SSH_KEY)?.privateKey ?? '';
  const polling = { ...ctx, signal };
  for (;;) {
    await sleep(timing.pollMs, signal);
    const data = await passwordData(polling, deps, instanceId, timing.callBackoffMs);
    if (data !== '') {
      if (privateKey === '') {
        throw new Error(
          'Error decrypting auto-generated instance password: no private key to decrypt it with ' +
            '(set ssh_private_key_file, or let Kiln make a temporary key pair)',
        );
      }
      try {
        return decryptPasswordData(data, privateKey);
      } catch (e) {
        throw new Error(`Error decrypting auto-generated instance password: ${errorMessage(e)}`);
      }
    }
  }
}

export function getPasswordStep(deps: EbsStepDeps, timing: GetPasswordTiming = {}): Step {
  const run = deps.options.run;
  const settings = run.communicator;
  const full = {
    pollMs: timing.pollMs ?? PASSWORD_POLL_MS,
    callBackoffMs: timing.callBackoffMs ?? CALL_BACKOFF_MS,
  };
  return {
    name: 'get password',
    async run(ctx) {
      if (settings.type !== 'winrm') return;
      if (settings.winrm.password !== '') {
        ctx.ui.say('Skipping waiting for password since WinRM password set...');
        return;
      }
      ctx.ui.say('Waiting for auto-generated password for instance...');
      ctx.ui.message(
        'It is normal for this process to take up to 15 minutes,\nbut it usually takes around 5. Please wait.',
      );
      const timeout = AbortSignal.timeout(run.windowsPasswordTimeoutMs);
      const signal = AbortSignal.any([ctx.signal, timeout]);
      let password: string;
      try {
        password = await waitForPassword(ctx, deps, signal, full);
      } catch (e) {
        if (ctx.signal.aborted) throw new CancelledError();
        if (timeout.aborted) {
          ctx.ui.error('Timeout waiting for password.');
          throw new Error('Timeout waiting for password.');
        }
        ctx.ui.error(`Error waiting for password: ${errorMessage(e)}`);
        throw e;
      }
      // A secret before anything can show it (Packer's LogSecretFilter.Set).
      ctx.ui.addSecret(password);
      ctx.ui.message(' \nPassword retrieved!');
      if (ctx.build.debug) ctx.ui.message(`Password (since debug is enabled): ${password}`);
      ctx.state.set(WINRM_PASSWORD, password);
    },
  };
}
