import type { BuildUI, EventSink } from './types';

/** Replaces every registered secret with `<sensitive>`, as Packer's log filter does. */
export class Masker {
  private secrets: string[] = [];

  /** `onAdd` hears of every secret as it is registered (the action masks it in the runner's log). */
  constructor(
    initial: readonly string[] = [],
    private readonly onAdd?: (secret: string) => void,
  ) {
    for (const s of initial) this.add(s);
  }

  add(secret: string): void {
    // Empty or one-character "secrets" would mask ordinary text everywhere.
    if (secret.length < 2 || this.secrets.includes(secret)) return;
    this.secrets = [...this.secrets, secret].sort((a, b) => b.length - a.length);
    this.onAdd?.(secret);
  }

  mask(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join('<sensitive>');
    return out;
  }
}

/** A build's UI: every text masked, then emitted as an event for the CLI or the action to render. */
export class EngineUI implements BuildUI {
  /** Questions go out as Packer's targeted UI asks them: `==> build: question`. */
  readonly ask?: (question: string, signal: AbortSignal) => Promise<string | undefined>;

  constructor(
    private readonly build: string,
    private readonly emit: EventSink,
    private readonly masker: Masker,
    ask?: (question: string, signal: AbortSignal) => Promise<string | undefined>,
    private readonly backlog?: () => Promise<void> | undefined,
  ) {
    if (ask) this.ask = (question, signal) => ask(`==> ${build}: ${masker.mask(question)}`, signal);
  }

  say(text: string): void {
    this.emit({
      type: 'ui',
      build: this.build,
      level: 'say',
      text: this.masker.mask(text),
      time: Date.now(),
    });
  }

  message(text: string): void {
    this.emit({
      type: 'ui',
      build: this.build,
      level: 'message',
      text: this.masker.mask(text),
      time: Date.now(),
    });
  }

  error(text: string): void {
    this.emit({
      type: 'ui',
      build: this.build,
      level: 'error',
      text: this.masker.mask(text),
      time: Date.now(),
    });
  }

  output(stream: 'stdout' | 'stderr', text: string): void {
    this.emit({ type: 'output', build: this.build, stream, text: this.masker.mask(text), time: Date.now() });
  }

  outputBacklog(): Promise<void> | undefined {
    return this.backlog?.();
  }

  outputFile(role: 'manifest', path: string): void {
    this.emit({ type: 'output-file', build: this.build, role, path, time: Date.now() });
  }

  addSecret(secret: string): void {
    this.masker.add(secret);
  }

  /** Step timing for the run's timeline (the action's Gantt chart). */
  step(step: string, phase: 'start' | 'end', durationMs?: number, error?: string): void {
    const time = Date.now();
    if (phase === 'start') this.emit({ type: 'step-start', build: this.build, step, time });
    else
      this.emit({
        type: 'step-end',
        build: this.build,
        step,
        time,
        durationMs: durationMs ?? 0,
        ...(error !== undefined ? { error: this.masker.mask(error) } : {}),
      });
  }
}

/** Runs `work` as a timed span of the build's timeline (provisioners, post-processors). */
export async function timed<T>(ui: BuildUI, name: string, work: () => Promise<T>): Promise<T> {
  if (!(ui instanceof EngineUI)) return work();
  const t0 = Date.now();
  ui.step(name, 'start');
  try {
    const result = await work();
    ui.step(name, 'end', Date.now() - t0);
    return result;
  } catch (e) {
    ui.step(name, 'end', Date.now() - t0, e instanceof Error ? e.message : String(e));
    throw e;
  }
}
