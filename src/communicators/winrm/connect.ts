import { CancelledError, errorMessage, sleep } from '../../engine/abort';
import type { BuildUI } from '../../engine/types';
import type { WinRMSettings } from '../../schema/communicator-settings';
import { retryDelayMs } from '../ssh/connect';
import { WinRMCommunicator, wsmanParameters } from './communicator';
import { encodePowerShell } from './powershell';
import { withShell } from './shell';
import { isoDuration } from './soap';
import { WinRMTransport, isAuthFailure } from './transport';

/**
 * Packer's StepConnectWinRM: until the machine answers or `winrm_timeout` passes, open a shell and
 * close it (winrm.New), then run the check Packer runs (PowerShell echoing "WinRM connected.", its
 * output shown) and expect its words back. Every failure is retried, a refused password too (as
 * Packer: a new Windows machine often sets its password after WinRM is up); the timeout's error
 * names the last failure, so a wrong password is not a silent 30-minute wait. The first attempt
 * starts at once and the pauses grow from 0.5 s to `winrm_retry_interval` (Packer's 5 s by
 * default), as for SSH; `winrm_connect_timeout` bounds each attempt.
 */

export const CONNECT_CHECK = encodePowerShell(
  `if (Test-Path variable:global:ProgressPreference){$ProgressPreference='SilentlyContinue'}; echo "WinRM connected."`,
);

export function connectErrorDetail(
  e: unknown,
  settings: Pick<WinRMSettings, 'username' | 'useNTLM'>,
): string {
  const message = errorMessage(e);
  if (!isAuthFailure(e)) return message;
  const basic = settings.useNTLM
    ? ''
    : ', and that the server allows Basic authentication (or set winrm_use_ntlm = true)';
  return `${message} (the WinRM server refused the credentials of winrm_username "${settings.username}": check winrm_username and winrm_password${basic})`;
}

export async function connectWinRM(
  settings: WinRMSettings,
  ui: BuildUI,
  signal: AbortSignal,
): Promise<WinRMCommunicator> {
  ui.say('Waiting for WinRM to become available...');
  if (settings.password !== '') ui.addSecret(settings.password);
  const deadline = Date.now() + settings.timeoutMs;
  const timedOut = (e: unknown): Error =>
    new Error(`Timeout waiting for WinRM. Last error: ${connectErrorDetail(e, settings)}`);
  let attempts = 0;
  let lastError: unknown;
  for (;;) {
    if (signal.aborted) throw new CancelledError();
    if (attempts > 0 && Date.now() >= deadline) throw timedOut(lastError);
    attempts++;
    const transport = new WinRMTransport({
      host: settings.host,
      port: settings.port,
      https: settings.useSSL,
      insecure: settings.insecure,
      username: settings.username,
      password: settings.password,
      ntlm: settings.useNTLM,
    });
    const params = wsmanParameters(transport.url, isoDuration(settings.timeoutMs));
    const communicator = new WinRMCommunicator(transport, params);
    // An attempt that hangs (a port that accepts and never answers) ends with the deadline, or
    // sooner with winrm_connect_timeout (a WinRM service still starting can hold a request ~70 s).
    const left = Math.max(1, deadline - Date.now());
    const limit = settings.connectTimeoutMs > 0 ? Math.min(left, settings.connectTimeoutMs) : left;
    const attempt = AbortSignal.any([signal, AbortSignal.timeout(limit)]);
    try {
      await withShell(transport, params, attempt, () => Promise.resolve());
      let output = '';
      const code = await withShell(transport, params, attempt, (shell) =>
        shell.run(CONNECT_CHECK, { onStdout: (c) => void (output += c.toString('utf8')) }, attempt),
      );
      for (const line of output.split(/\r?\n/)) if (line.trim() !== '') ui.message(line.trimEnd());
      if (!output.includes('WinRM connected.')) {
        throw new Error(`the connection check printed no "WinRM connected." (exit code ${code})`);
      }
      ui.say('Connected to WinRM!');
      return communicator;
    } catch (e) {
      transport.close();
      if (signal.aborted) throw new CancelledError();
      // An attempt cut short by the deadline says less than the failure before it.
      lastError = attempt.aborted ? (lastError ?? new Error('i/o timeout')) : e;
      if (Date.now() >= deadline) throw timedOut(lastError);
      const pause = Math.min(retryDelayMs(attempts, settings.retryIntervalMs), deadline - Date.now());
      await sleep(Math.max(0, pause), signal);
    }
  }
}
