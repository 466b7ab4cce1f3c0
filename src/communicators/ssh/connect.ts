import * as fs from 'node:fs';

import type { AuthenticationType, Client, ConnectConfig } from 'ssh2';

import { CancelledError, errorMessage, sleep } from '../../engine/abort';
import type { BuildUI } from '../../engine/types';
import type { SSHSettings } from '../../schema/communicator-settings';
import { SshCommunicator } from './communicator';
import { loadSsh2 } from './load-ssh2';

/**
 * Packer's StepConnectSSH: tries to connect until the host answers or ssh_timeout passes, then
 * hands back a communicator. Host keys are not checked (the machine is brand new, as in Packer).
 * Through `ssh_bastion_host` the connection is forwarded over a first connection to the bastion.
 */

function authConfig(
  s: {
    username: string;
    password: string;
    privateKeyFile: string;
    agentAuth: boolean;
    disableAgentForwarding?: boolean;
  },
  privateKey?: string,
): Partial<ConnectConfig> {
  const auth: Partial<ConnectConfig> = { username: s.username };
  // The methods are listed so that the agent signs logins only with ssh_agent_auth, while it can
  // still be forwarded to the guest (as Packer does unless ssh_disable_agent_forwarding).
  const methods: AuthenticationType[] = ['none'];
  if (s.password !== '') {
    auth.password = s.password;
    auth.tryKeyboard = true; // ssh2 skips keyboard-interactive in the list without it
    methods.push('password', 'keyboard-interactive');
  }
  if (privateKey !== undefined) auth.privateKey = privateKey;
  else if (s.privateKeyFile !== '') auth.privateKey = fs.readFileSync(s.privateKeyFile);
  if (auth.privateKey !== undefined) methods.splice(1, 0, 'publickey');
  const sock = process.env.SSH_AUTH_SOCK;
  if (sock) {
    auth.agent = sock;
    if (s.agentAuth) methods.splice(1, 0, 'agent');
    auth.agentForward = s.disableAgentForwarding !== true;
  }
  auth.authHandler = methods;
  return auth;
}

type ClientClass = new () => Client;

function openClient(
  SshClient: ClientClass,
  config: ConnectConfig,
  password: string,
  signal: AbortSignal,
): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new SshClient();
    const onAbort = (): void => {
      client.end();
      reject(new CancelledError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => {
      finish(prompts.map(() => password));
    });
    client.once('ready', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(client);
    });
    // `on`, not `once`: a connection that fails can report several errors (a reset, then "lost
    // before handshake"), and an error event with no listener would crash the process.
    client.on('error', (e) => {
      signal.removeEventListener('abort', onAbort);
      client.end();
      reject(e);
    });
    client.connect(config);
    // No Nagle: without its native addon (dist/ ships none) ssh2 writes each packet as several
    // socket writes (length, payload, MAC); Nagle holds all but the first until the server's
    // delayed ACK, about 40 ms per request, which made every SFTP round trip cost that much.
    // (A socket forwarded through a bastion is a channel: ssh2 skips it; the bastion's own is set.)
    client.setNoDelay(true);
  });
}

export interface ConnectOptions {
  /** A private key held in memory (a temporary key pair), used instead of ssh_private_key_file. */
  readonly privateKey?: string;
}

/**
 * How long to wait after failed attempt `n` (1-based): 0.5 s, then doubling up to Packer's 5 s. A
 * machine that was just launched usually starts sshd within a second of the first attempt, which
 * Packer's flat 5 s would make every such build wait out.
 */
export function retryDelayMs(attempt: number, maxMs = 5_000): number {
  return Math.min(maxMs, 500 * 2 ** Math.max(0, attempt - 1));
}

export async function connectSsh(
  settings: SSHSettings,
  ui: BuildUI,
  signal: AbortSignal,
  options: ConnectOptions = {},
): Promise<SshCommunicator> {
  ui.say('Waiting for SSH to become available...');
  // Loaded before the retry loop: a missing bundle is Kiln's bug, not a host that is not up yet.
  const { Client: SshClient } = loadSsh2();
  if (settings.password !== '') ui.addSecret(settings.password);
  const deadline = settings.timeoutMs > 0 ? Date.now() + settings.timeoutMs : Infinity;
  // One attempt: the bastion's connection if any, then the target's through it.
  const open = async (attemptSignal: AbortSignal): Promise<{ client: Client; bastion?: Client }> => {
    let bastion: Client | undefined;
    try {
      const target: ConnectConfig = {
        host: settings.host,
        port: settings.port,
        readyTimeout: 20_000,
        keepaliveInterval: settings.keepAliveIntervalMs > 0 ? settings.keepAliveIntervalMs : 0,
        ...authConfig(settings, options.privateKey),
      };
      if (settings.bastion) {
        const b = settings.bastion;
        bastion = await openClient(
          SshClient,
          { host: b.host, port: b.port, readyTimeout: 20_000, ...authConfig(b) },
          b.password,
          attemptSignal,
        );
        const via = bastion;
        target.sock = await new Promise((resolve, reject) =>
          via.forwardOut('127.0.0.1', 0, settings.host, settings.port, (e, stream) =>
            e ? reject(e) : resolve(stream),
          ),
        );
      }
      return { client: await openClient(SshClient, target, settings.password, attemptSignal), bastion };
    } catch (e) {
      bastion?.end();
      throw e;
    }
  };
  let attempts = 0;
  for (;;) {
    if (signal.aborted) throw new CancelledError();
    attempts++;
    try {
      const { client, bastion } = await open(signal);
      ui.say('Connected to SSH!');
      return new SshCommunicator(client, {
        pty: settings.pty,
        bastion,
        transfer: settings.fileTransferMethod === 'sftp' ? 'sftp' : 'scp',
        // As Packer's communicator, a dropped connection is made again when next used (a restart).
        reconnect: open,
      });
    } catch (e) {
      if (e instanceof CancelledError || signal.aborted) throw new CancelledError();
      const outOfTime = Date.now() >= deadline;
      const outOfAttempts =
        settings.handshakeAttempts > 0 &&
        attempts >= settings.handshakeAttempts &&
        /auth/i.test(errorMessage(e));
      if (outOfTime || outOfAttempts) throw new Error(`Timeout waiting for SSH: ${errorMessage(e)}`);
      await sleep(Math.min(retryDelayMs(attempts), Math.max(0, deadline - Date.now())), signal);
    }
  }
}
