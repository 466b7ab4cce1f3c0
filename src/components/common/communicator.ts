import { NoneCommunicator } from '../../communicators/none';
import { connectSsh } from '../../communicators/ssh/connect';
import { connectWinRM } from '../../communicators/winrm/connect';
import type { CommunicatorSettings } from '../../schema/communicator-settings';
import type { ConnectedCommunicator } from '../../engine/provision-hook-data';
import type { Connect } from '../../sdk/steps/connect';

/**
 * The communicator a builder's `communicator` option selects, for the shared connect step (the
 * contract in src/sdk cannot know the implementations): `none` connects to nothing, `winrm` is
 * WinRM retried until `winrm_timeout`, anything else is SSH, retried until `ssh_timeout`.
 */
export function connectWithSettings(settings: CommunicatorSettings): Connect {
  return async (ctx) => {
    if (settings.type === 'none') return new NoneCommunicator();
    if (settings.type === 'winrm') return connectWinRM(settings.winrm, ctx.ui, ctx.signal);
    return connectSsh(settings.ssh, ctx.ui, ctx.signal);
  };
}

/**
 * communicator.Config's Host(), Port(), User(), Password() for the provision hook's `build.*`
 * values: the winrm_* options with `winrm`, the ssh_* ones otherwise (and WinRMPassword, as the
 * SDK's PopulateProvisionHookData sets it).
 */
export function connectedCommunicator(settings: CommunicatorSettings): ConnectedCommunicator {
  if (settings.type === 'winrm') {
    const w = settings.winrm;
    return {
      type: 'winrm',
      host: w.host,
      port: w.port,
      user: w.username,
      password: w.password,
      winrmPassword: w.password,
    };
  }
  const ssh = settings.ssh;
  return {
    type: settings.type,
    host: ssh.host,
    port: ssh.port,
    user: ssh.username,
    password: ssh.password,
    sshPrivateKeyFile: ssh.privateKeyFile,
    sshAgentAuth: ssh.agentAuth,
  };
}
