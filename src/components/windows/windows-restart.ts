import { CancelledError, anySignal, sleep } from '../../engine/abort';
import type { ProvisionContext, ProvisionerRuntime } from '../../engine/types';
import type { ComponentSchema, ConfigView, FieldSpec } from '../../schema/types';
import { BoolType, StringType, listOf } from '../../values/types';
import { encodedPowershell } from './powershell-text';
import { type CommandOutcome, retryUntilStarted, runWithUi } from './remote-command';

/**
 * The `windows-restart` provisioner (hashicorp/packer provisioner/windows-restart): run
 * restart_command, make sure the machine is really going down (Vagrant's trick: schedule a restart
 * in 60s; if that works the first one did not take, so cancel it and go on), then wait until
 * commands run again and print "<host> restarted.", optionally until no registry key says a restart
 * is pending, all within restart_timeout. Every command here may fail while the machine is away:
 * a command that cannot start or whose connection drops is an expected part of the wait.
 */

export const DEFAULT_RESTART_COMMAND = 'shutdown /r /f /t 0 /c "packer restart"';
export const DEFAULT_RESTART_CHECK_COMMAND = encodedPowershell(
  'echo ("{0} restarted." -f [System.Net.Dns]::GetHostName())',
);
export const TRY_CHECK_REBOOT = 'shutdown /r /f /t 60 /c "packer restart test"';
export const ABORT_REBOOT = 'shutdown /a';
export const DEFAULT_REGISTRY_KEYS = [
  'HKLM:SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending',
  'HKLM:SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\PackagesPending',
  'HKLM:Software\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootInProgress',
];

/** ERROR_SHUTDOWN_IN_PROGRESS ("A system shutdown is in progress."), ERROR_SHUTDOWN_IS_SCHEDULED. */
const SHUTDOWN_UNDER_WAY = [1115, 1190];
/** …and RPC_S_UNKNOWN_IF, which `shutdown` also answers while Windows goes down. */
const REBOOT_IN_PROGRESS = [1115, 1190, 1717];

export const WINDOWS_RESTART_FIELDS = [
  {
    name: 'restart_command',
    type: StringType,
    doc: 'The command that restarts the machine.',
    default: DEFAULT_RESTART_COMMAND,
  },
  {
    name: 'restart_check_command',
    type: StringType,
    doc:
      'A command run, and retried until it can run, once the machine is back: its output is shown. ' +
      "Kiln then also waits for PowerShell to print the host's name, as Packer does.",
    defaultDoc: "PowerShell printing `<hostname> restarted.` (masterzen/winrm's `-EncodedCommand` form)",
  },
  {
    name: 'restart_timeout',
    type: { kind: 'duration' },
    doc: 'How long to wait for the machine to go down and come back.',
    default: '5m',
  },
  {
    name: 'check_registry',
    type: BoolType,
    doc: 'Also wait until none of `registry_keys` exists (a restart is still pending).',
  },
  {
    name: 'registry_keys',
    type: listOf(StringType),
    doc: 'The registry keys `check_registry` tests with `Test-Path`.',
    defaultDoc:
      'the Component Based Servicing keys `RebootPending`, `PackagesPending` and `RebootInProgress`',
  },
] as const satisfies readonly FieldSpec[];

type WindowsRestartView = ConfigView<typeof WINDOWS_RESTART_FIELDS>;

export const WINDOWS_RESTART_PROVISIONER_SCHEMA: ComponentSchema<typeof WINDOWS_RESTART_FIELDS> = {
  kind: 'provisioner',
  type: 'windows-restart',
  plugin: 'builtin',
  doc:
    'Restarts a Windows machine and waits for it to come back (and, with `check_registry`, for ' +
    'pending restarts to be done) before the next provisioner runs.',
  fields: WINDOWS_RESTART_FIELDS,
};

export interface WindowsRestartTiming {
  /** The pause before each check that the machine is back (Packer's retryableSleep: 5s). */
  readonly checkIntervalMs: number;
  /** The pause when `shutdown` says a restart is already under way (10s). */
  readonly inProgressSleepMs: number;
  /** retry.Config's pause between tries of restart_command (2s). */
  readonly retryDelayMs: number;
}

export const PACKER_RESTART_TIMING: WindowsRestartTiming = {
  checkIntervalMs: 5_000,
  inProgressSleepMs: 10_000,
  retryDelayMs: 2_000,
};

class TimeoutError extends Error {}

/** A command while the machine may be away: undefined when it could not run or its connection dropped. */
async function tryCommand(
  ctx: ProvisionContext,
  command: string,
  capture = false,
): Promise<CommandOutcome | undefined> {
  try {
    const outcome = await runWithUi(ctx, command, { capture });
    return outcome.disconnected ? undefined : outcome;
  } catch (e) {
    if (e instanceof CancelledError || ctx.signal.aborted) throw e;
    return undefined;
  }
}

class RestartRun {
  private readonly restartTimeoutMs: number;

  constructor(
    private readonly view: WindowsRestartView,
    private readonly timing: WindowsRestartTiming,
  ) {
    this.restartTimeoutMs = view.duration('restart_timeout') || 5 * 60_000;
  }

  async provision(ctx: ProvisionContext): Promise<void> {
    ctx.ui.say('Restarting Machine');
    const command = this.view.string('restart_command') || DEFAULT_RESTART_COMMAND;
    const outcome = await retryUntilStarted(
      ctx.signal,
      { startTimeoutMs: this.restartTimeoutMs, delayMs: this.timing.retryDelayMs },
      () => runWithUi(ctx, command),
    );
    // A connection dropped by the restart itself is what was asked for (Packer would see the
    // SDK's disconnect status, 2300218, and fail on it).
    if (
      !outcome.disconnected &&
      outcome.exitStatus !== 0 &&
      !SHUTDOWN_UNDER_WAY.includes(outcome.exitStatus)
    ) {
      throw new Error(`Restart script exited with non-zero exit status: ${outcome.exitStatus}`);
    }
    await this.waitForRestart(ctx);
  }

  private async waitForRestart(ctx: ProvisionContext): Promise<void> {
    ctx.ui.say('Waiting for machine to restart...');
    // restart_timeout counts from here, as Packer's timer does; when it fires, whatever command is
    // still waiting on the machine is abandoned.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.restartTimeoutMs);
    const inner: ProvisionContext = { ...ctx, signal: anySignal([ctx.signal, timeout.signal]) };
    try {
      await this.waitUntilGoingDown(inner);
      await this.waitForCommunicator(inner);
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      if (timeout.signal.aborted || e instanceof TimeoutError) {
        const message = 'Timeout waiting for machine to restart.';
        ctx.ui.error(message);
        throw new Error(message, { cause: e });
      }
      ctx.ui.error(`Error waiting for machine to restart: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    } finally {
      clearTimeout(timer);
    }
    ctx.ui.say('Machine successfully restarted, moving on');
  }

  /** Packer's "Check if machine is rebooting..." loop. */
  private async waitUntilGoingDown(ctx: ProvisionContext): Promise<void> {
    for (;;) {
      if (ctx.signal.aborted) throw new TimeoutError();
      const outcome = await tryCommand(ctx, TRY_CHECK_REBOOT);
      // It could not run: the machine is going down already.
      if (outcome === undefined) return;
      // SSH to a machine already going down: it reconnects by itself.
      if (outcome.exitStatus === 1) return;
      if (REBOOT_IN_PROGRESS.includes(outcome.exitStatus)) {
        await sleep(this.timing.inProgressSleepMs, ctx.signal);
        continue;
      }
      if (outcome.exitStatus === 0) {
        // Our test restart was accepted, so the real one did not take: cancel ours and go on.
        await tryCommand(ctx, ABORT_REBOOT);
        return;
      }
      // Any other status (`shutdown` missing or refused): ask again. Packer asks at once and for
      // ever; Kiln pauses between tries and stops at restart_timeout.
      await sleep(this.timing.checkIntervalMs, ctx.signal);
    }
  }

  /** Until the check commands run and print "restarted." (and no pending-restart key exists). */
  private async waitForCommunicator(ctx: ProvisionContext): Promise<void> {
    const custom = this.view.string('restart_check_command') || DEFAULT_RESTART_CHECK_COMMAND;
    let runCustom = custom !== DEFAULT_RESTART_CHECK_COMMAND;
    const checkRegistry = this.view.bool('check_registry') === true;
    const keys = this.view.strings('registry_keys') ?? [];
    const registryKeys = keys.length > 0 ? keys : DEFAULT_REGISTRY_KEYS;
    for (;;) {
      await sleep(this.timing.checkIntervalMs, ctx.signal);
      if (runCustom) {
        if ((await tryCommand(ctx, custom)) === undefined) continue;
        runCustom = false;
      }
      // The user's check may pass while PowerShell modules are still loading: wait for the echo.
      const echo = await tryCommand(ctx, DEFAULT_RESTART_CHECK_COMMAND, true);
      if (!(echo?.stdout ?? '').includes('restarted.')) continue;
      if (checkRegistry) {
        let pending = false;
        for (const key of registryKeys) {
          const test = await tryCommand(ctx, encodedPowershell(`Test-Path "${key}"`), true);
          if (test === undefined || test.stdout.includes('True')) pending = true;
        }
        if (pending) continue;
      }
      return;
    }
  }
}

export function windowsRestartProvisioner(
  timing: WindowsRestartTiming = PACKER_RESTART_TIMING,
): ProvisionerRuntime<typeof WINDOWS_RESTART_FIELDS> {
  return {
    type: 'windows-restart',
    provision: (config, ctx) => new RestartRun(config.view, timing).provision(ctx),
  };
}

export const WINDOWS_RESTART_PROVISIONER = windowsRestartProvisioner();
