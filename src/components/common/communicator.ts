import { NoneCommunicator } from '../../communicators/none';
import { connectSsh } from '../../communicators/ssh/connect';
import type { CommunicatorSettings } from '../../schema/communicator-settings';
import type { Connect } from '../../sdk/steps/connect';

/**
 * The communicator a builder's `communicator` option selects, for the shared connect step (the
 * contract in src/sdk cannot know the implementations): `none` connects to nothing, anything else
 * is SSH, retried until `ssh_timeout`.
 */
export function connectWithSettings(settings: CommunicatorSettings): Connect {
  return async (ctx) =>
    settings.type === 'none' ? new NoneCommunicator() : connectSsh(settings.ssh, ctx.ui, ctx.signal);
}
