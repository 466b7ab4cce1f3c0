import { secretParts } from '../text/secret-parts';
import type { BuildUI, EventSink } from './types';

const MASK = '<sensitive>';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every registered secret with `<sensitive>`, as Packer's log filter does. A secret is
 * registered with its lines (Packer's RegisterSecret), longest first so a secret that contains
 * another is masked whole.
 */
export class Masker {
  private secrets: string[] = [];
  private pattern: RegExp | undefined;

  /** `onAdd` hears of every secret as it is registered (the action masks it in the runner's log). */
  constructor(
    initial: readonly string[] = [],
    private readonly onAdd?: (secret: string) => void,
  ) {
    for (const s of initial) this.add(s);
  }

  add(secret: string): void {
    let added = false;
    for (const part of secretParts(secret)) {
      // Empty or one-character "secrets" would mask ordinary text everywhere.
      if (part.length < 2 || this.secrets.includes(part)) continue;
      this.secrets = [...this.secrets, part].sort((a, b) => b.length - a.length);
      this.pattern = undefined;
      added = true;
    }
    // The listener hears of the secret as given: it decides for itself which parts to register.
    if (added) this.onAdd?.(secret);
  }

  mask(text: string): string {
    if (this.secrets.length === 0) return text;
    this.pattern ??= new RegExp(this.secrets.map(escapeRegExp).join('|'), 'g');
    const pattern = this.pattern;
    // One pass with every secret (longest first at each position), so a mask just written is not
    // masked again by a shorter secret; and text is often masked more than once on its way out
    // (engine, command, action): what an earlier pass wrote stays as it is.
    return text
      .split(MASK)
      .map((piece) => piece.replace(pattern, MASK))
      .join(MASK);
  }

  /**
   * How many characters at the end of `text` could be the start of a secret whose rest has not
   * arrived yet: a stream holds them back until its next chunk. Never past a line break, since a
   * multi-line secret is also masked line by line.
   */
  pendingPrefixLength(text: string): number {
    const lineStart = text.lastIndexOf('\n') + 1;
    let longest = 0;
    for (const s of this.secrets) {
      const from = Math.max(lineStart, text.length - (s.length - 1));
      for (let i = from; i < text.length - longest; i++) {
        if (text.charCodeAt(i) !== s.charCodeAt(0)) continue;
        if (s.startsWith(text.slice(i))) {
          longest = text.length - i;
          break;
        }
      }
    }
    return longest;
  }
}

/**
 * One output stream masked as a whole rather than chunk by chunk: a secret split across two
 * chunks (`printf S3CR; sleep 1; printf 3T`) is still masked, because the end of a chunk that could
 * begin a secret waits for the next chunk (or the stream's end) before it is released.
 */
export class MaskedStream {
  private pending = '';

  constructor(private readonly masker: Masker) {}

  /** The text that can be shown now. */
  write(chunk: string): string {
    const masked = this.masker.mask(this.pending + chunk);
    const hold = this.masker.pendingPrefixLength(masked);
    this.pending = masked.slice(masked.length - hold);
    return masked.slice(0, masked.length - hold);
  }

  /** Whatever was held back: the stream ended (or something else is printed) before a secret completed. */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }
}

/** A build's UI: every text masked, then emitted as an event for the CLI or the action to render. */
export class EngineUI implements BuildUI {
  /** Questions go out as Packer's targeted UI asks them: `==> build: question`. */
  readonly ask?: (question: string, signal: AbortSignal) => Promise<string | undefined>;
  private readonly streams: Record<'stdout' | 'stderr', MaskedStream>;

  constructor(
    private readonly build: string,
    private readonly emit: EventSink,
    private readonly masker: Masker,
    ask?: (question: string, signal: AbortSignal) => Promise<string | undefined>,
    private readonly backlog?: () => Promise<void> | undefined,
    /** Packer's TargetedUI target when it is not the build's name (see the `ui` event). */
    private readonly target?: string,
  ) {
    this.askOf = ask;
    if (ask) this.ask = (question, signal) => ask(`==> ${target ?? build}: ${masker.mask(question)}`, signal);
    this.streams = { stdout: new MaskedStream(masker), stderr: new MaskedStream(masker) };
  }

  private readonly askOf?: (question: string, signal: AbortSignal) => Promise<string | undefined>;

  /** The same build's UI shown under another target: a post-processor's `<build> (<type>)`. */
  targeted(target: string): EngineUI {
    this.flushOutput();
    return new EngineUI(this.build, this.emit, this.masker, this.askOf, this.backlog, target);
  }

  private get shownAs(): { target?: string } {
    return this.target !== undefined ? { target: this.target } : {};
  }

  say(text: string): void {
    this.flushOutput();
    this.emit({
      type: 'ui',
      build: this.build,
      ...this.shownAs,
      level: 'say',
      text: this.masker.mask(text),
      time: Date.now(),
    });
  }

  message(text: string): void {
    this.flushOutput();
    this.emit({
      type: 'ui',
      build: this.build,
      ...this.shownAs,
      level: 'message',
      text: this.masker.mask(text),
      time: Date.now(),
    });
  }

  error(text: string): void {
    this.flushOutput();
    this.emit({
      type: 'ui',
      build: this.build,
      ...this.shownAs,
      level: 'error',
      text: this.masker.mask(text),
      time: Date.now(),
    });
  }

  output(stream: 'stdout' | 'stderr', text: string): void {
    this.emitOutput(stream, this.streams[stream].write(text));
  }

  /**
   * Releases what the output streams held back as a possible start of a secret: the command that
   * wrote it has finished (the build goes on to say something else, or ends).
   */
  flushOutput(): void {
    for (const stream of ['stdout', 'stderr'] as const) this.emitOutput(stream, this.streams[stream].flush());
  }

  private emitOutput(stream: 'stdout' | 'stderr', text: string): void {
    if (text !== '')
      this.emit({ type: 'output', build: this.build, ...this.shownAs, stream, text, time: Date.now() });
  }

  outputBacklog(): Promise<void> | undefined {
    return this.backlog?.();
  }

  outputFile(role: 'manifest', path: string, entry?: Readonly<Record<string, unknown>>): void {
    this.emit({
      type: 'output-file',
      build: this.build,
      role,
      path,
      ...(entry !== undefined ? { entry } : {}),
      time: Date.now(),
    });
  }

  addSecret(secret: string): void {
    this.masker.add(secret);
  }

  /** Step timing for the run's timeline (the action's Gantt chart). */
  step(step: string, phase: 'start' | 'end', durationMs?: number, error?: string): void {
    this.flushOutput();
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

/**
 * `ui` with some of its methods replaced. Every other method is delegated, bound to `ui`: spreading
 * a class instance such as EngineUI would copy none of its methods.
 */
export function uiWith(ui: BuildUI, overrides: Partial<BuildUI>): BuildUI {
  const { ask, outputBacklog, outputFile } = ui;
  return {
    say: (text) => ui.say(text),
    message: (text) => ui.message(text),
    error: (text) => ui.error(text),
    output: (stream, text) => ui.output(stream, text),
    addSecret: (secret) => ui.addSecret(secret),
    ...(outputBacklog ? { outputBacklog: () => outputBacklog.call(ui) } : {}),
    ...(outputFile ? { outputFile: (role, file, entry) => outputFile.call(ui, role, file, entry) } : {}),
    ...(ask ? { ask: (question, signal) => ask.call(ui, question, signal) } : {}),
    ...overrides,
  };
}
