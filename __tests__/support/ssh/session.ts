import { type ConnectOptions, connectSsh } from '../../../src/communicators/ssh/connect';
import type { SSHSettings } from '../../../src/schema/communicator-settings';
import { fakeUI } from '../engine-fakes';

/** Connecting Kiln's SSH communicator straight to a test sshd, without a template or a build. */

export type SshSession = Awaited<ReturnType<typeof connectSsh>>;

/** Connects with a UI that shows nothing; close() the communicator when done. */
export function connectSession(settings: SSHSettings, opts?: ConnectOptions): Promise<SshSession> {
  return connectSsh(settings, fakeUI(), new AbortController().signal, opts);
}

/** Runs `command` over the session and collects its standard output. */
export async function runCommand(
  comm: SshSession,
  command: string,
): Promise<{ exitStatus: number; out: string }> {
  let out = '';
  const r = await comm.start(
    {
      command,
      onStdout: (c) => {
        out += c.toString('utf8');
      },
    },
    new AbortController().signal,
  );
  return { exitStatus: r.exitStatus, out };
}
