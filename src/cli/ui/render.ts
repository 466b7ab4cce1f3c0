import type { BuildEvent, BuildResult, RunResult } from '../../engine/types';
import { humanDuration } from './durations';

/**
 * Turns the engine's events into Packer's console output: one colour per build, `==> name: ` for
 * steps, `    name: ` for messages and command output, the finish and summary lines; or Packer's
 * machine-readable lines (`timestamp,target,type,data...`).
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

const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';
const RED = '\x1b[31m';
/** Packer's build colours, in the order it hands them out. */
const COLORS = ['\x1b[32m', '\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[34m'];

/** Packer's machine-readable escaping: commas and newlines inside a field. */
export function machineField(s: string): string {
  return s.replace(/,/g, '%!(PACKER_COMMA)').replace(/\r?\n/g, '\\n');
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

export class BuildRenderer {
  private readonly colors = new Map<string, string>();
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

  private stamp(): string {
    return this.opts.timestamps ? `${(this.opts.now?.() ?? new Date()).toISOString()} ` : '';
  }

  private paint(build: string, text: string, bold: boolean): string {
    if (!this.opts.color) return text;
    let c = this.colors.get(build);
    if (c === undefined) {
      c = COLORS[this.colors.size % COLORS.length];
      this.colors.set(build, c);
    }
    return `${bold ? BOLD : ''}${c}${text}${RESET}`;
  }

  private machine(target: string, type: string, ...data: string[]): void {
    const t = Math.floor((this.opts.now?.() ?? new Date()).getTime() / 1000);
    this.out(`${t},${target},${type}${data.map((d) => ',' + machineField(d)).join('')}\n`);
  }

  /** One line per text line, each prefixed. */
  private lines(build: string, prefix: string, text: string, bold: boolean, error = false): void {
    for (const line of prefixLines(prefix, text)) {
      const out = `${this.stamp()}${line}`;
      if (error) this.outError((this.opts.color ? `${RED}${out}${RESET}` : out) + '\n');
      else this.out(this.paint(build, out, bold) + '\n');
    }
  }

  /**
   * Command output arrives in chunks: the complete lines of `text` (after what was held back for this
   * build and stream), each cleaned as Packer's RemoteCmd cleans them; the rest waits for the next chunk.
   */
  private completeLines(build: string, stream: OutputStream, text: string): string[] {
    const key = `${build}\0${stream}`;
    const all = (this.partial.get(key) ?? '') + text;
    const cut = all.lastIndexOf('\n');
    this.partial.set(key, cut < 0 ? all : all.slice(cut + 1));
    return cut < 0 ? [] : all.slice(0, cut).split('\n').map(cleanOutputLine);
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
  private commandLine(build: string, stream: OutputStream, line: string): void {
    if (stream === 'stdout') this.lines(build, `    ${build}: `, line, false);
    else this.lines(build, `==> ${build}: `, line, false, true);
  }

  private machineCommandLine(build: string, stream: OutputStream, line: string): void {
    if (stream === 'stdout') this.machineUI('message', `    ${build}: `, line);
    else this.machineUI('error', `==> ${build}: `, line);
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
        // As Packer: only in colour, every build's line before any build starts, then a blank line.
        if (!this.opts.color || e.builds.length === 0) return;
        for (const build of e.builds)
          this.opts.write(this.paint(build, `${build}: output will be in this color.`, true) + '\n', build);
        this.out('\n');
        return;
      case 'ui':
        if (e.level === 'say') this.lines(e.build, `==> ${e.build}: `, e.text, true);
        else if (e.level === 'message') this.lines(e.build, `    ${e.build}: `, e.text, false);
        else this.lines(e.build, `==> ${e.build}: `, e.text, false, true);
        return;
      case 'output':
        for (const line of this.completeLines(e.build, e.stream, e.text))
          this.commandLine(e.build, e.stream, line);
        return;
      case 'build-end': {
        for (const [stream, rest] of this.unfinishedLines(e.build)) this.commandLine(e.build, stream, rest);
        const took = humanDuration(e.durationMs);
        if (e.error !== undefined) this.outError(`Build '${e.build}' errored after ${took}: ${e.error}\n`);
        else this.out(this.paint(e.build, `Build '${e.build}' finished after ${took}.`, false) + '\n');
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
      case 'ui':
        if (e.level === 'message') this.machineUI('message', `    ${e.build}: `, e.text);
        else this.machineUI(e.level, `==> ${e.build}: `, e.text);
        return;
      case 'output':
        for (const line of this.completeLines(e.build, e.stream, e.text))
          this.machineCommandLine(e.build, e.stream, line);
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
    for (const { build, a } of artifacts)
      this.out(this.paint(build, `--> ${build}: ${a.description}`, false) + '\n');
  }
}
