import type { BuildEvent, BuildResult, RunResult } from '../../engine/types';
import { humanDuration } from './durations';

/**
 * Turns the engine's events into Packer's console output: one colour per build, `==> name: ` for
 * steps and command errors, `    name: ` for messages and command output, the finish and summary
 * lines; or Packer's machine-readable lines (`timestamp,target,type,data...`). Byte for byte what
 * Packer's UI stack (TargetedUI, TimestampedUi, ColoredUi, BasicUi) writes.
 */

export interface RenderOptions {
  readonly color: boolean;
  readonly timestamps: boolean;
  readonly machineReadable: boolean;
  /** `build`: the build the text belongs to (absent for the run's own lines). */
  readonly write: (text: string, build?: string) => void;
  readonly writeError: (text: string, build?: string) => void;
  readonly now?: () => Date;
}

/** Packer's build colours (green, cyan, magenta, yellow, blue), in the order it hands them out. */
const COLORS = [32, 36, 35, 33, 34];
const RED = 31;

type UiLevel = 'say' | 'message' | 'error';

/** Packer's machine-readable escaping: commas and newlines inside a field. */
export function machineField(s: string): string {
  return s.replace(/,/g, '%!(PACKER_COMMA)').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

/** One machine-readable line: `timestamp,target,type,data...` (with its newline). */
export function machineLine(target: string, type: string, data: readonly string[], now = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  return `${t},${target},${type}${data.map((d) => ',' + machineField(d)).join('')}\n`;
}

type OutputStream = 'stdout' | 'stderr';

/**
 * Packer's cleanOutputLine: trailing white space goes, and so does everything up to the last
 * carriage return (a progress bar's earlier states), which a terminal would have overwritten.
 */
export function cleanOutputLine(line: string): string {
  const trimmed = line.trimEnd();
  return trimmed.slice(trimmed.lastIndexOf('\r') + 1);
}

/**
 * Packer's TargetedUI.prefixLines: every line of a message gets the prefix, and the end of the whole
 * is trimmed (so an empty last line shows as `    name:`, without the space).
 */
function prefixLines(prefix: string, text: string): string[] {
  const lines = text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => `${prefix}${line}`);
  lines[lines.length - 1] = lines[lines.length - 1].trimEnd();
  return lines;
}

/**
 * Go's time.RFC3339 in local time (`offset`: minutes east of UTC, the local zone's by default), as
 * Packer's TimestampedUi writes it.
 */
export function rfc3339(d: Date, offset = -d.getTimezoneOffset()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const t = new Date(d.getTime() + offset * 60_000);
  const local =
    `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}` +
    `T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  if (offset === 0) return `${local}Z`;
  const abs = Math.abs(offset);
  return `${local}${offset > 0 ? '+' : '-'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The longest unfinished line of command output held back waiting for its newline (characters). */
export const HELD_LINE_LIMIT = 1024 * 1024;

export class BuildRenderer {
  private readonly colors = new Map<string, number>();
  private readonly partial = new Map<string, string>();

  /** The build of the event being rendered. */
  private current: string | undefined;

  constructor(private readonly opts: RenderOptions) {}

  private out(text: string): void {
    this.opts.write(text, this.current);
  }

  private outError(text: string): void {
    this.opts.writeError(text, this.current);
  }

  private colorOf(build: string): number {
    let c = this.colors.get(build);
    if (c === undefined) {
      c = COLORS[this.colors.size % COLORS.length];
      this.colors.set(build, c);
    }
    return c;
  }

  /**
   * One UI call of a build through Packer's stack: TimestampedUi stamps the message (its first
   * line), ColoredUi wraps the whole of it in bold build colour, or bold red for errors; then
   * BasicUi ends it with a newline.
   */
  private buildUi(build: string, level: UiLevel, message: string): void {
    let text = message;
    if (this.opts.timestamps) text = `${rfc3339(this.opts.now?.() ?? new Date())}: ${text}`;
    if (this.opts.color) text = `\x1b[1;${level === 'error' ? RED : this.colorOf(build)}m${text}\x1b[0m`;
    if (level === 'error') this.outError(`${text}\n`);
    else this.out(`${text}\n`);
  }

  /** A UI call through TargetedUI first: `==> name: ` for say and error, `    name: ` for message. */
  private targeted(build: string, level: UiLevel, text: string, target = build): void {
    const prefix = level === 'message' ? `    ${target}: ` : `==> ${target}: `;
    this.buildUi(build, level, prefixLines(prefix, text).join('\n'));
  }

  private machine(target: string, type: string, ...data: string[]): void {
    this.out(machineLine(target, type, data, this.opts.now?.()));
  }

  /**
   * Command output arrives in chunks: the complete lines of `text` (after what was held back for this
   * build and stream), each cleaned as Packer's RemoteCmd cleans them; the rest waits for the next chunk.
   */
  private completeLines(build: string, stream: OutputStream, text: string): string[] {
    const key = `${build}\0${stream}`;
    const all = (this.partial.get(key) ?? '') + text;
    const cut = all.lastIndexOf('\n');
    const rest = cut < 0 ? all : all.slice(cut + 1);
    const lines = cut < 0 ? [] : all.slice(0, cut).split('\n').map(cleanOutputLine);
    // A command printing without newlines would otherwise be held in memory whole: past the limit,
    // what is held is shown as a line of its own.
    if (rest.length >= HELD_LINE_LIMIT) {
      this.partial.delete(key);
      return [...lines, cleanOutputLine(rest)];
    }
    this.partial.set(key, rest);
    return lines;
  }

  /** What a build's commands printed without a final newline, by stream, once the build has ended. */
  private unfinishedLines(build: string): Array<[OutputStream, string]> {
    const rest: Array<[OutputStream, string]> = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const key = `${build}\0${stream}`;
      const text = this.partial.get(key);
      this.partial.delete(key);
      if (text !== undefined && text !== '') rest.push([stream, cleanOutputLine(text)]);
    }
    return rest;
  }

  /** Packer shows a command's standard output as messages and its standard error as errors. */
  private commandLine(build: string, stream: OutputStream, line: string, target = build): void {
    this.targeted(build, stream === 'stdout' ? 'message' : 'error', line, target);
  }

  private machineCommandLine(build: string, stream: OutputStream, line: string, target = build): void {
    if (stream === 'stdout') this.machineUI('message', `    ${target}: `, line);
    else this.machineUI('error', `==> ${target}: `, line);
  }

  event(e: BuildEvent): void {
    this.current = 'build' in e ? e.build : undefined;
    try {
      this.render(e);
    } finally {
      this.current = undefined;
    }
  }

  private render(e: BuildEvent): void {
    if (this.opts.machineReadable) return this.machineEvent(e);
    switch (e.type) {
      case 'run-start':
        // As Packer: only in colour, every build's line (colours by position, never stamped) before
        // any build starts, then a blank line.
        if (!this.opts.color || e.builds.length === 0) return;
        for (const build of e.builds) {
          const text = `\x1b[1;${this.colorOf(build)}m${build}: output will be in this color.\x1b[0m\n`;
          this.opts.write(text, build);
        }
        this.out('\n');
        return;
      case 'ui':
        this.targeted(e.build, e.level, e.text, e.target);
        return;
      case 'output':
        for (const line of this.completeLines(e.build, e.stream, e.text))
          this.commandLine(e.build, e.stream, line, e.target);
        return;
      case 'build-end': {
        for (const [stream, rest] of this.unfinishedLines(e.build)) this.commandLine(e.build, stream, rest);
        const took = humanDuration(e.durationMs);
        // Through the build's UI, but not TargetedUI: stamped and coloured, without a prefix.
        if (e.error !== undefined)
          this.buildUi(e.build, 'error', `Build '${e.build}' errored after ${took}: ${e.error}`);
        else this.buildUi(e.build, 'say', `Build '${e.build}' finished after ${took}.`);
        return;
      }
      default:
        return;
    }
  }

  /** Packer's machine-readable UI: every UI line has an empty target and its human prefix. */
  private machineUI(level: 'say' | 'message' | 'error', prefix: string, text: string): void {
    this.machine('', 'ui', level, prefixLines(prefix, text).join('\n'));
  }

  private machineEvent(e: BuildEvent): void {
    switch (e.type) {
      case 'ui': {
        const target = e.target ?? e.build;
        if (e.level === 'message') this.machineUI('message', `    ${target}: `, e.text);
        else this.machineUI(e.level, `==> ${target}: `, e.text);
        return;
      }
      case 'output':
        for (const line of this.completeLines(e.build, e.stream, e.text))
          this.machineCommandLine(e.build, e.stream, line, e.target);
        return;
      case 'build-end': {
        for (const [stream, rest] of this.unfinishedLines(e.build))
          this.machineCommandLine(e.build, stream, rest);
        const took = humanDuration(e.durationMs);
        if (e.error !== undefined)
          this.machine('', 'ui', 'error', `Build '${e.build}' errored after ${took}: ${e.error}`);
        else this.machine('', 'ui', 'say', `Build '${e.build}' finished after ${took}.`);
        return;
      }
      default:
        return;
    }
  }

  /** The closing lines in machine-readable form, in the order Packer writes them. */
  private machineSummary(run: RunResult, elapsedMs: number): void {
    this.machine('', 'ui', 'say', `\n==> Wait completed after ${humanDuration(elapsedMs)}`);
    if (run.cancelled) {
      this.machine('', 'ui', 'say', 'Cleanly cancelled builds after being interrupted.');
      return;
    }
    const failed = run.results.filter((r) => r.error !== undefined);
    if (failed.length > 0) {
      this.machine('', 'error-count', String(failed.length));
      this.machine('', 'ui', 'error', "\n==> Some builds didn't complete successfully and had errors:");
      for (const r of failed) {
        this.machine(r.name, 'error', r.error as string);
        this.machine('', 'ui', 'error', `--> ${r.name}: ${r.error}`);
      }
    }
    const withArtifacts = run.results.filter((r) => r.artifacts.length > 0);
    if (withArtifacts.length === 0) {
      this.machine('', 'ui', 'say', '\n==> Builds finished but no artifacts were created.');
      return;
    }
    this.machine('', 'ui', 'say', '\n==> Builds finished. The artifacts of successful builds are:');
    for (const r of withArtifacts) {
      this.machine(r.name, 'artifact-count', String(r.artifacts.length));
      r.artifacts.forEach((a, i) => {
        this.machine(r.name, 'artifact', String(i), 'builder-id', a.builderId);
        this.machine(r.name, 'artifact', String(i), 'id', a.id);
        this.machine(r.name, 'artifact', String(i), 'string', a.description);
        this.machine(r.name, 'artifact', String(i), 'files-count', String(a.files.length));
        a.files.forEach((f, j) => this.machine(r.name, 'artifact', String(i), 'file', String(j), f));
        this.machine(r.name, 'artifact', String(i), 'end');
        this.machine('', 'ui', 'say', `--> ${r.name}: ${a.description}`);
      });
    }
  }

  /** Packer's closing lines after every build has ended. */
  summary(run: RunResult, elapsedMs: number): void {
    const results = run.results;
    if (this.opts.machineReadable) return this.machineSummary(run, elapsedMs);
    this.out(`\n==> Wait completed after ${humanDuration(elapsedMs)}\n`);
    if (run.cancelled) {
      this.out('Cleanly cancelled builds after being interrupted.\n');
      return;
    }
    const failed: BuildResult[] = results.filter((r) => r.error !== undefined);
    if (failed.length > 0) {
      this.outError("\n==> Some builds didn't complete successfully and had errors:\n");
      for (const r of failed) this.outError(`--> ${r.name}: ${r.error}\n`);
    }
    const artifacts = results.flatMap((r) => r.artifacts.map((a) => ({ build: r.name, a })));
    if (artifacts.length === 0) {
      this.out('\n==> Builds finished but no artifacts were created.\n');
      return;
    }
    this.out('\n==> Builds finished. The artifacts of successful builds are:\n');
    // The run's own lines: Packer writes them through its plain UI, never coloured or stamped.
    for (const { build, a } of artifacts) this.out(`--> ${build}: ${a.description}\n`);
  }
}
