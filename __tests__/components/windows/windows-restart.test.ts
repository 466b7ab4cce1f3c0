import { CancelledError } from '../../../src/engine/abort';
import {
  ABORT_REBOOT,
  DEFAULT_RESTART_CHECK_COMMAND,
  DEFAULT_RESTART_COMMAND,
  TRY_CHECK_REBOOT,
  WINDOWS_RESTART_PROVISIONER_SCHEMA,
  windowsRestartProvisioner,
} from '../../../src/components/windows/windows-restart';
import { decode } from '../../support/component-decode';
import { type FakeUI, fakeUI } from '../../support/engine-fakes';
import {
  type CommandReply,
  type RecordingCommunicator,
  provisionContext,
  recordingCommunicator,
} from '../../support/recording-communicator';

/**
 * windows-restart's wait loop against a fake Windows host: a communicator that, once told to
 * restart, refuses every command for a while (as a machine that is down refuses connections), then
 * answers again. Real timers with Packer's pauses shortened (5s → 20ms, 10s → 30ms). It proves the
 * loop's logic (what is sent, when it gives up, what counts as back), not any real Windows timing.
 */

const TIMING = { checkIntervalMs: 20, inProgressSleepMs: 30, retryDelayMs: 10 };

/** masterzen/winrm's Powershell() of Packer's default check, computed independently (Python: UTF-16LE, base64). */
const CHECK_GOLDEN =
  'powershell.exe -EncodedCommand JABQAHIAbwBnAHIAZQBzAHMAUAByAGUAZgBlAHIAZQBuAGMAZQAgAD0AIAAnAFMAaQBsAGUAbgB0AGwAeQBDAG8AbgB0AGkAbgB1AGUAJwA7AGUAYwBoAG8AIAAoACIAewAwAH0AIAByAGUAcwB0AGEAcgB0AGUAZAAuACIAIAAtAGYAIABbAFMAeQBzAHQAZQBtAC4ATgBlAHQALgBEAG4AcwBdADoAOgBHAGUAdABIAG8AcwB0AE4AYQBtAGUAKAApACkA';
/** …and of `Test-Path "<the first default registry key>"`. */
const REBOOT_PENDING_GOLDEN =
  'powershell.exe -EncodedCommand JABQAHIAbwBnAHIAZQBzAHMAUAByAGUAZgBlAHIAZQBuAGMAZQAgAD0AIAAnAFMAaQBsAGUAbgB0AGwAeQBDAG8AbgB0AGkAbgB1AGUAJwA7AFQAZQBzAHQALQBQAGEAdABoACAAIgBIAEsATABNADoAUwBPAEYAVABXAEEAUgBFAFwATQBpAGMAcgBvAHMAbwBmAHQAXABXAGkAbgBkAG8AdwBzAFwAQwB1AHIAcgBlAG4AdABWAGUAcgBzAGkAbwBuAFwAQwBvAG0AcABvAG4AZQBuAHQAIABCAGEAcwBlAGQAIABTAGUAcgB2AGkAYwBpAG4AZwBcAFIAZQBiAG8AbwB0AFAAZQBuAGQAaQBuAGcAIgA=';

interface FakeHost {
  /** Down from the restart command on, for `downMs`; `Infinity`: never back. */
  readonly downMs: number;
  /** What the restart command itself does (default: exit 0, the machine goes down after it). */
  readonly restart?: CommandReply;
  /** Answers while up, for commands the host does not handle itself. */
  readonly answer?: (command: string) => CommandReply | undefined;
}

function fakeHost(host: FakeHost): { comm: RecordingCommunicator; backAt: () => number } {
  let downUntil = 0;
  const reply = (command: string): CommandReply => {
    if (Date.now() < downUntil) return new Error('dial tcp 127.0.0.1:5985: connect: connection refused');
    const own = host.answer?.(command);
    if (own !== undefined) return own;
    if (command === DEFAULT_RESTART_COMMAND || command === 'restart-me') {
      downUntil = Date.now() + host.downMs;
      return host.restart ?? { exitStatus: 0 };
    }
    if (command === DEFAULT_RESTART_CHECK_COMMAND)
      return { exitStatus: 0, stdout: 'WIN-KILN restarted.\r\n' };
    return { exitStatus: 0 };
  };
  return { comm: recordingCommunicator(reply), backAt: () => downUntil };
}

async function provision(
  comm: RecordingCommunicator,
  body = '',
  signal?: AbortSignal,
): Promise<{ ui: FakeUI; error?: Error; ms: number }> {
  const config = decode(WINDOWS_RESTART_PROVISIONER_SCHEMA, body);
  expect(config.diagnostics).toEqual([]);
  const ui = fakeUI();
  const started = Date.now();
  const error = await windowsRestartProvisioner(TIMING)
    .provision(config, provisionContext(comm, { ui, signal }))
    .then(
      () => undefined,
      (e: unknown) => e as Error,
    );
  return { ui, error, ms: Date.now() - started };
}

test("the default check is masterzen/winrm's encoded form of Packer's echo", () => {
  expect(DEFAULT_RESTART_CHECK_COMMAND).toBe(CHECK_GOLDEN);
});

test('restarts, sees the machine go away, and waits until it answers again', async () => {
  const { comm, backAt } = fakeHost({ downMs: 300 });
  const { ui, error } = await provision(comm);
  expect(error).toBeUndefined();
  expect(ui.said).toEqual([
    'Restarting Machine',
    'Waiting for machine to restart...',
    'Machine successfully restarted, moving on',
  ]);
  const commands = comm.commands();
  expect(commands.slice(0, 2)).toEqual([DEFAULT_RESTART_COMMAND, TRY_CHECK_REBOOT]);
  expect(commands.slice(2).every((c) => c === CHECK_GOLDEN)).toBe(true);
  // Refused while down (several tries), done at the first check after it came back.
  expect(commands.length).toBeGreaterThan(4);
  const last = comm.events[comm.events.length - 1];
  expect(last.at).toBeGreaterThanOrEqual(300);
  expect(Date.now()).toBeGreaterThanOrEqual(backAt());
});

test('a restart command whose connection drops is the machine going away, not a failure', async () => {
  const { comm } = fakeHost({ downMs: 100, restart: 'disconnect' });
  const { error, ui } = await provision(comm);
  expect(error).toBeUndefined();
  expect(ui.said).toContain('Machine successfully restarted, moving on');
});

test('restart_command exit codes: 1115 (a system shutdown is in progress) and 1190 pass, others fail', async () => {
  const inProgress = fakeHost({
    downMs: 50,
    restart: { exitStatus: 1115, stderr: 'A system shutdown is in progress.(1115)\r\n' },
  });
  expect((await provision(inProgress.comm)).error).toBeUndefined();
  const scheduled = fakeHost({ downMs: 50, restart: { exitStatus: 1190 } });
  expect((await provision(scheduled.comm)).error).toBeUndefined();
  const denied = fakeHost({ downMs: 50, restart: { exitStatus: 5 } });
  const r = await provision(denied.comm);
  expect(r.error?.message).toBe('Restart script exited with non-zero exit status: 5');
  expect(denied.comm.commands()).toEqual([DEFAULT_RESTART_COMMAND]);
});

test('a restart command that cannot start is retried until it can', async () => {
  let refusals = 3;
  const { comm } = fakeHost({
    downMs: 50,
    answer: (c) => (c === 'restart-me' && refusals-- > 0 ? new Error('connection refused') : undefined),
  });
  const { error } = await provision(comm, 'restart_command = "restart-me"');
  expect(error).toBeUndefined();
  expect(comm.commands().filter((c) => c === 'restart-me')).toHaveLength(4);
});

test('when the test restart is accepted (the first did not take) it is aborted with shutdown /a', async () => {
  // restart_command does nothing here: the machine stays up, so Packer's test restart succeeds.
  const { comm } = fakeHost({ downMs: 0, answer: (c) => (c === 'noop' ? { exitStatus: 0 } : undefined) });
  const { error } = await provision(comm, 'restart_command = "noop"');
  expect(error).toBeUndefined();
  expect(comm.commands().slice(0, 3)).toEqual(['noop', TRY_CHECK_REBOOT, ABORT_REBOOT]);
});

test('a test restart answered 1115/1190/1717 (a shutdown under way) waits and asks again', async () => {
  let answers = [1115, 1717];
  const { comm } = fakeHost({
    downMs: 0,
    answer: (c) => {
      if (c === 'noop') return { exitStatus: 0 };
      if (c === TRY_CHECK_REBOOT && answers.length > 0) {
        const status = answers[0];
        answers = answers.slice(1);
        return { exitStatus: status, stderr: 'A system shutdown is in progress.(1115)\r\n' };
      }
      return undefined;
    },
  });
  const { error, ms } = await provision(comm, 'restart_command = "noop"');
  expect(error).toBeUndefined();
  expect(comm.commands().slice(0, 5)).toEqual([
    'noop',
    TRY_CHECK_REBOOT,
    TRY_CHECK_REBOOT,
    TRY_CHECK_REBOOT,
    ABORT_REBOOT,
  ]);
  expect(ms).toBeGreaterThanOrEqual(2 * TIMING.inProgressSleepMs);
});

test('the default check must print "restarted." (PowerShell modules loaded) before it counts', async () => {
  let loading = 3;
  const { comm } = fakeHost({
    downMs: 50,
    answer: (c) =>
      c === CHECK_GOLDEN && loading-- > 0
        ? { exitStatus: 1, stdout: 'The term echo is not recognized (module loading)\r\n' }
        : undefined,
  });
  const { error } = await provision(comm);
  expect(error).toBeUndefined();
  expect(comm.commands().filter((c) => c === CHECK_GOLDEN).length).toBeGreaterThanOrEqual(4);
});

test('restart_check_command runs until it succeeds once, then the default check', async () => {
  const { comm } = fakeHost({ downMs: 150 });
  const { error } = await provision(comm, 'restart_check_command = "my-check"');
  expect(error).toBeUndefined();
  const after = comm.commands().slice(2);
  const firstOk = comm.events.findIndex((e) => e.kind === 'start' && e.command === 'my-check' && e.at >= 150);
  expect(firstOk).toBeGreaterThan(0);
  // The user's check is not run again once it has passed; the default one follows it.
  expect(after.filter((c) => c === 'my-check').length).toBe(after.indexOf(CHECK_GOLDEN));
  expect(after[after.length - 1]).toBe(CHECK_GOLDEN);
});

test('check_registry waits while a pending-restart key exists', async () => {
  let pendingRounds = 2;
  const { comm } = fakeHost({
    downMs: 50,
    answer: (c) => {
      if (c !== REBOOT_PENDING_GOLDEN) return undefined;
      return { exitStatus: 0, stdout: pendingRounds-- > 0 ? 'True\r\n' : 'False\r\n' };
    },
  });
  const { error } = await provision(comm, 'check_registry = true');
  expect(error).toBeUndefined();
  // Three default keys tested per round; the first round after the machine is back is pending twice.
  expect(comm.commands().filter((c) => c === REBOOT_PENDING_GOLDEN)).toHaveLength(3);
  expect(
    comm.commands().filter((c) => c.startsWith('powershell.exe -EncodedCommand') && c !== CHECK_GOLDEN)
      .length,
  ).toBe(9);
});

test('registry_keys replaces the default keys', async () => {
  const { comm } = fakeHost({ downMs: 20 });
  await provision(comm, 'check_registry = true\nregistry_keys = ["HKLM:SOFTWARE\\\\Kiln\\\\Pending"]');
  const tests = comm.commands().filter((c) => c.startsWith('powershell.exe') && c !== CHECK_GOLDEN);
  expect(tests).toHaveLength(1);
  expect(Buffer.from(tests[0].split(' ')[2], 'base64').toString('utf16le')).toBe(
    `$ProgressPreference = 'SilentlyContinue';Test-Path "HKLM:SOFTWARE\\Kiln\\Pending"`,
  );
});

test('a machine that never comes back fails at restart_timeout, in Packer words', async () => {
  const { comm } = fakeHost({ downMs: Infinity });
  const { ui, error, ms } = await provision(comm, 'restart_timeout = "300ms"');
  expect(error?.message).toBe('Timeout waiting for machine to restart.');
  expect(ui.lines).toContain('error Timeout waiting for machine to restart.');
  expect(ms).toBeGreaterThanOrEqual(290);
  expect(ms).toBeLessThan(2_000);
  const startedAfterTimeout = comm.events.filter((e) => e.at > ms + 50);
  expect(startedAfterTimeout).toEqual([]);
});

test('cancelling stops the wait at once', async () => {
  const { comm } = fakeHost({ downMs: Infinity });
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 100);
  const { error, ms } = await provision(comm, '', abort.signal);
  expect(error).toBeInstanceOf(CancelledError);
  expect(ms).toBeLessThan(1_000);
});

test('a test restart that keeps failing otherwise (no shutdown command) is asked again, paced, until restart_timeout', async () => {
  const { comm } = fakeHost({
    downMs: 0,
    answer: (c) =>
      c === 'noop' ? { exitStatus: 0 } : c === TRY_CHECK_REBOOT ? { exitStatus: 127 } : undefined,
  });
  const { error, ms } = await provision(comm, 'restart_command = "noop"\nrestart_timeout = "200ms"');
  expect(error?.message).toBe('Timeout waiting for machine to restart.');
  const tries = comm.commands().filter((c) => c === TRY_CHECK_REBOOT).length;
  // One try per check interval (20ms), not a busy loop.
  expect(tries).toBeGreaterThan(3);
  expect(tries).toBeLessThanOrEqual(Math.ceil(ms / TIMING.checkIntervalMs) + 1);
});
