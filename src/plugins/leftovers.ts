import { CancelledError } from '../engine/abort';
import type { BuildUI, LedgerResource, OnErrorPolicy, ResourceLedger } from '../engine/types';
import { uiWith } from '../engine/ui';
import { PluginHangError } from './bridged-builder';
import { PluginCrashError } from './launch';

/**
 * What a plugin's builder creates outside Kiln (a container, a cloud instance) is invisible to
 * Kiln's ledger: the plugin cleans it up itself, in its own steps' cleanup. A plugin that is killed
 * or hangs never does. So Kiln listens to what the plugin says on its Ui — the builders Kiln knows
 * name what they create ("Container ID: …", "Instance ID: …") — and records each such resource in
 * the build's ledger the moment it is named. Once the plugin's Run has returned (success, failure
 * or a cancel it honoured) its cleanup has run and the entries are struck off; when the plugin
 * died or stopped answering they stay, for `kiln sweep` and the action's post step.
 *
 * This is as general as the rules: a plugin whose messages no rule reads leaves nothing in the
 * ledger, and a resource it creates before naming it is not recorded.
 */

export interface LeftoverRule {
  /**
   * Matched against each line the plugin says on its Ui (messages or errors), or with `in: 'log'`
   * each line of its log (stderr), where some plugins name what they say nothing of.
   */
  readonly pattern: RegExp;
  readonly in?: 'ui' | 'log';
  /** The ledger entry for a match (undefined: nothing to record after all). */
  resource(match: RegExpExecArray): LedgerResource | undefined;
}

export class PluginLeftovers {
  private readonly recorded: string[] = [];
  private settled = false;

  constructor(
    private readonly ledger: ResourceLedger,
    private readonly rules: readonly LeftoverRule[],
  ) {}

  /** One line of the plugin's log (stderr), read by the `in: 'log'` rules. */
  log(line: string): void {
    this.read(line, 'log');
  }

  private read(text: string, from: 'ui' | 'log'): void {
    // A line read after Run is over (a log is read behind) names nothing left to sweep.
    if (this.settled) return;
    for (const rule of this.rules) {
      if ((rule.in ?? 'ui') !== from) continue;
      const match = rule.pattern.exec(text);
      const resource = match ? rule.resource(match) : undefined;
      if (resource && !this.recorded.includes(resource.id)) {
        this.ledger.record(resource);
        this.recorded.push(resource.id);
      }
    }
  }

  /** `ui` as the plugin's Ui service should see it: every line read by the rules first. */
  watch(ui: BuildUI): BuildUI {
    const read = (text: string): void => this.read(text, 'ui');
    return uiWith(ui, {
      say: (text) => {
        read(text);
        ui.say(text);
      },
      message: (text) => {
        read(text);
        ui.message(text);
      },
      error: (text) => {
        read(text);
        ui.error(text);
      },
    });
  }

  /**
   * The plugin's Run is over: `error` is how it ended (undefined: it returned an artifact). Its
   * resources are struck off unless its cleanup cannot have run: the plugin died or hung, or its
   * build failed under -on-error=abort (or ask, whose answer Kiln does not see), when the plugin
   * leaves what it made on purpose.
   */
  settle(error: unknown, onError: OnErrorPolicy): void {
    this.settled = true;
    if (error instanceof PluginCrashError || error instanceof PluginHangError) return;
    const failed = error !== undefined && !(error instanceof CancelledError);
    if (failed && (onError === 'abort' || onError === 'ask')) return;
    for (const id of this.recorded) this.ledger.release(id);
    this.recorded.length = 0;
  }

  /** The ids recorded and not yet struck off (what a sweep would find). */
  outstanding(): readonly string[] {
    return [...this.recorded];
  }
}
