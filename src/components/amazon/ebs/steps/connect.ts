import { DescribeInstancesCommand, type Instance } from '@aws-sdk/client-ec2';

import { NoneCommunicator } from '../../../../communicators/none';
import { connectSsh } from '../../../../communicators/ssh/connect';
import { connectWinRM } from '../../../../communicators/winrm/connect';
import { sleep } from '../../../../engine/abort';
import type { StepContext } from '../../../../engine/types';
import type { Connect } from '../../../../sdk/steps/connect';
import { CONNECTED_HOST, EC2_SSH_KEY, INSTANCE, WINRM_PASSWORD } from '../state-keys';
import type { EbsStepDeps } from './deps';

/**
 * How amazon-ebs reaches its instance, for the shared connect step: Packer's SSHHost picks the
 * address by `ssh_interface` (unset: the public IP in a VPC, the private IP only when none shows up
 * after a few looks, the public DNS name outside a VPC), re-describing the instance while it has
 * none yet; `ssh_host` overrides it. The private key is the one the key pair step left (temporary
 * or `ssh_private_key_file`). WinRM (communicator.StepConnect's StepConnectWinRM) finds the address the
 * same way, with `winrm_host` overriding it, and authenticates with `winrm_password` or, when that
 * is empty, the password the get-password step retrieved.
 */

/** Looks at the instance this many times (after the first) before giving up on an address. */
const HOST_TRIES = 2;
const HOST_RETRY_DELAY_MS = 1_000;

/** The address `sshInterface` names on `instance` ('' when it has none yet). */
export function instanceHost(instance: Instance, sshInterface: string, lastTry: boolean): string {
  switch (sshInterface) {
    case 'public_ip':
      return instance.PublicIpAddress ?? '';
    case 'private_ip':
      return instance.PrivateIpAddress ?? '';
    case 'public_dns':
      return instance.PublicDnsName ?? '';
    case 'private_dns':
      return instance.PrivateDnsName ?? '';
    case 'ipv6':
      return instance.Ipv6Address ?? '';
    case '':
      if (instance.VpcId) {
        if (instance.PublicIpAddress) return instance.PublicIpAddress;
        return lastTry ? (instance.PrivateIpAddress ?? '') : '';
      }
      return instance.PublicDnsName ?? '';
    default:
      throw new Error(`Unknown interface type: ${sshInterface}`);
  }
}

/** SSHHost: the address to connect to, re-describing the instance while it has none. */
export async function sshHost(
  ctx: StepContext,
  deps: EbsStepDeps,
  sshInterface: string,
  configuredHost: string,
): Promise<string> {
  if (configuredHost !== '') return configuredHost;
  for (let attempt = 0; attempt <= HOST_TRIES; attempt++) {
    const instance = ctx.state.require(INSTANCE);
    const host = instanceHost(instance, sshInterface, attempt === HOST_TRIES);
    if (host !== '') return host;
    const r = await deps.session
      .ec2()
      .send(new DescribeInstancesCommand({ InstanceIds: [instance.InstanceId ?? ''] }), {
        abortSignal: ctx.signal,
      });
    const fresh = r.Reservations?.[0]?.Instances?.[0];
    if (fresh === undefined) throw new Error(`instance not found: ${instance.InstanceId ?? ''}`);
    ctx.state.set(INSTANCE, fresh);
    await sleep(HOST_RETRY_DELAY_MS, ctx.signal);
  }
  throw new Error("couldn't determine address for instance");
}

export function amazonConnect(deps: EbsStepDeps): Connect {
  const run = deps.options.run;
  const settings = run.communicator;
  return async (ctx) => {
    if (settings.type === 'none') return new NoneCommunicator();
    if (run.sshInterface === 'session_manager') {
      throw new Error(
        'ssh_interface "session_manager" is not supported by Kiln yet: use public_ip, private_ip, public_dns or private_dns',
      );
    }
    if (settings.type === 'winrm') {
      const host = await sshHost(ctx, deps, run.sshInterface, settings.winrm.host);
      ctx.state.set(CONNECTED_HOST, host);
      ctx.ui.say(`Using WinRM communicator to connect: ${host}`);
      const password = settings.winrm.password || (ctx.state.get(WINRM_PASSWORD) ?? '');
      return connectWinRM({ ...settings.winrm, host, password }, ctx.ui, ctx.signal);
    }
    if (settings.type !== 'ssh') throw new Error(`unknown communicator type: ${settings.type}`);
    const host = await sshHost(ctx, deps, run.sshInterface, settings.ssh.host);
    ctx.state.set(CONNECTED_HOST, host);
    const key = ctx.state.get(EC2_SSH_KEY);
    return connectSsh({ ...settings.ssh, host }, ctx.ui, ctx.signal, {
      ...(key?.privateKey !== undefined ? { privateKey: key.privateKey } : {}),
    });
  };
}
