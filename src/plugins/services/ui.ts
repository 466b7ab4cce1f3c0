import { randomInt } from 'node:crypto';

import type { BuildUI } from '../../engine/types';
import { isRecord, text, textList } from '../clients/values';
import type { RpcServer } from '../rpc';

/**
 * Kiln's UI served to a plugin: packer-plugin-sdk's rpc.UiServer, Kiln's side, mapped onto the
 * build's BuildUI (which masks secrets and prefixes the build's name, so the plugin's lines look
 * like a native builder's). Machine-readable lines and progress bars have no place in BuildUI;
 * Packer's own non-machine UI only logs the former and shows the latter on a terminal, so both
 * go to optional listeners.
 */

export interface UiServiceOptions {
  /** Cancels a pending Ask (Packer's UI answers "interrupted" once interrupted). */
  readonly signal?: AbortSignal;
  /** Ui.Machine(category, args...): `-machine-readable` output. */
  readonly onMachine?: (category: string, args: readonly string[]) => void;
  /** A transfer the plugin tracks (Ui.NewTrackProgress, then Add and Close on its own service). */
  readonly onProgress?: (progress: Progress) => void;
}

export interface Progress {
  /** What is transferred (a URL or path), as the plugin names it. */
  readonly src: string;
  /** Bytes so far, and the expected total (0 when the plugin does not know it). */
  readonly current: number;
  readonly total: number;
  readonly done: boolean;
}

/** Registers `Ui` (and, as the plugin asks for them, its progress trackers) on `server`. */
export function registerUi(server: RpcServer, ui: BuildUI, options: UiServiceOptions = {}): void {
  const line = (show: (s: string) => void) => (arg: unknown) => {
    show(text(arg));
    return null;
  };
  server.register('Ui', {
    Say: line((s) => ui.say(s)),
    // Deprecated in the SDK (an alias of Say there), but a distinct, indented line in Packer's UI.
    Message: line((s) => ui.message(s)),
    Error: line((s) => ui.error(s)),
    Machine(arg) {
      const a = isRecord(arg) ? arg : {};
      options.onMachine?.(text(a.Category), textList(a.Args));
      return null;
    },
    async Ask(arg) {
      const signal = options.signal ?? new AbortController().signal;
      if (signal.aborted) throw new Error('interrupted');
      const answer = ui.ask ? await ui.ask(text(arg), signal) : undefined;
      if (signal.aborted) throw new Error('interrupted');
      // Packer's UI without a terminal answers with this error; the plugin decides what it means.
      if (answer === undefined) throw new Error('no available tty');
      return answer;
    },
    NewTrackProgress(arg) {
      const a = isRecord(arg) ? arg : {};
      const src = text(a.Src);
      const total = Number(a.TotalSize ?? 0);
      let current = Number(a.CurrentSize ?? 0);
      // The SDK's id: the source and six random alphanumerics; the tracker is the service `Ui<id>`.
      const id = src + randomAlphaNum(6);
      const report = (done: boolean): void => options.onProgress?.({ src, current, total, done });
      server.register(`Ui${id}`, {
        Add(n) {
          current += Number(n ?? 0);
          report(false);
          return null;
        },
        Close() {
          report(true);
          return null;
        },
      });
      report(false);
      return id;
    },
  });
}

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphaNum(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHANUM[randomInt(ALPHANUM.length)];
  return s;
}
