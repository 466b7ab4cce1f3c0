import type { PlanDocument } from '../cli/plan-matrix';
import type { RunResult } from '../engine/types';
import type { DiagnosticRecord } from './diagnostics';
import type { ActionCommand } from './inputs';
import { amiMap } from './outputs';
import type { BuildTimeline } from './timeline';

/**
 * The job summary (markdown): what ran and how it went — a table of builds, a Mermaid Gantt chart
 * of their steps, validation results, unformatted files with their diffs, and links. A pure
 * function of the run, so it can be checked against golden files. GitHub refuses summaries over
 * 1 MiB: long parts are cut with a note, and the whole is bounded.
 */

export const SUMMARY_LIMIT = 1024 * 1024 - 16 * 1024;
const MAX_DIAGNOSTIC_ROWS = 200;
const MAX_DIFF_CHARS = 64 * 1024;
const MAX_GANTT_BUILDS = 20;
const MAX_GANTT_SPANS = 60;

export interface SummaryInputs {
  readonly command: ActionCommand;
  readonly template: string;
  readonly exitCode: number;
  readonly version: string;
  readonly run?: RunResult;
  readonly timelines?: readonly BuildTimeline[];
  readonly diagnostics: readonly DiagnosticRecord[];
  /** fmt: files whose formatting differs, with their diffs (fmt-check). */
  readonly unformatted?: readonly { readonly file: string; readonly diff?: string }[];
  readonly fmtCheck?: boolean;
  readonly manifest?: string;
  /** `https://github.com/OWNER/REPO/blob/SHA` for links to diagnostics' lines. */
  readonly blobUrl?: string;
  readonly runUrl?: string;
  /** plan: the builds and the jobs. */
  readonly plan?: PlanDocument;
}

export function summaryMarkdown(s: SummaryInputs): string {
  const parts = [heading(s)];
  if (s.plan) parts.push(planSection(s.plan));
  if (s.run) parts.push(buildsTable(s.run), amisSection(s.run), failFast(s.run), failures(s.run));
  if (s.timelines && s.timelines.some((t) => t.spans.length > 0)) parts.push(gantt(s.timelines));
  if (s.command !== 'fmt' || s.diagnostics.length > 0) parts.push(diagnosticsSection(s));
  if (s.command === 'fmt') parts.push(formatting(s));
  parts.push(footer(s));
  return bounded(parts.filter((p) => p !== '').join('\n'));
}

function heading(s: SummaryInputs): string {
  const ok = s.exitCode === 0;
  const what: Record<ActionCommand, string> = {
    build: 'build',
    validate: 'validate',
    fmt: s.fmtCheck ? 'fmt -check' : 'fmt',
    inspect: 'inspect',
    plan: 'plan',
    merge: 'merge',
  };
  let result = ok ? 'succeeded' : `failed (exit code ${s.exitCode})`;
  if (s.run?.cancelled) result = 'cancelled';
  return `## ${ok ? '✅' : '❌'} Kiln ${what[s.command]} ${result}\n\nTemplate: \`${code(s.template)}\`\n`;
}

const MAX_PLAN_ROWS = 300;

function planSection(plan: PlanDocument): string {
  const n = plan.builds.length;
  const rows = plan.matrix.include
    .slice(0, MAX_PLAN_ROWS)
    .map((j) => `| \`${code(j.build)}\` | ${cell(j.builds.split(',').join(', '))} | ${cell(j.type)} |`);
  const more =
    plan.jobs > MAX_PLAN_ROWS
      ? `\n_${plan.jobs - MAX_PLAN_ROWS} more jobs are in the \`matrix\` output._\n`
      : '';
  return [
    `${n} build${n === 1 ? '' : 's'} in ${plan.jobs} job${plan.jobs === 1 ? '' : 's'} (one per ${plan.group}):\n`,
    '| Job | Builds | Type |',
    '| --- | --- | --- |',
    ...rows,
    more,
  ].join('\n');
}

function buildsTable(run: RunResult): string {
  if (run.results.length === 0) return 'No builds ran.\n';
  const stopped = new Set(run.failFast?.cancelled ?? []);
  const rows = run.results.map((r) => {
    const status = r.cancelled
      ? stopped.has(r.name)
        ? '⏹️ cancelled (fail-fast)'
        : '⏹️ cancelled'
      : r.error !== undefined
        ? '❌ failed'
        : '✅ succeeded';
    const ids = r.artifacts.map((a) => `\`${code(a.id).replace(/\|/g, '\\|')}\``).join('<br>') || '—';
    const regions = [...new Set(r.artifacts.flatMap((a) => Object.keys(amiMap(a.id))))].join(', ') || '—';
    return `| \`${code(r.name)}\` | ${status} | ${shortDuration(r.durationMs)} | ${ids} | ${regions} |`;
  });
  return [
    '| Build | Status | Duration | Artifacts | Regions |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** Which builds -fail-fast cancelled, and because of which failure. */
function failFast(run: RunResult): string {
  if (!run.failFast) return '';
  const { build, cancelled } = run.failFast;
  if (cancelled.length === 0)
    return `**Fail-fast:** \`${code(build)}\` failed; no other build was left to cancel.\n`;
  const names = cancelled.map((n) => `\`${code(n)}\``).join(', ');
  return `**Fail-fast:** \`${code(build)}\` failed, so ${cancelled.length} other build${cancelled.length === 1 ? ' was' : 's were'} cancelled: ${names}.\n`;
}

/** Each AMI the builds made, one row per region: what a reader copies into a launch or a PR. */
function amisSection(run: RunResult): string {
  const rows: string[] = [];
  for (const r of run.results) {
    const amis = r.artifacts.flatMap((a) => Object.entries(amiMap(a.id)));
    amis.forEach(([region, ami], i) =>
      rows.push(`| ${i === 0 ? `\`${code(r.name)}\`` : ''} | ${region} | \`${ami}\` |`),
    );
  }
  if (rows.length === 0) return '';
  return ['### AMIs', '', '| Build | Region | AMI |', '| --- | --- | --- |', ...rows, ''].join('\n');
}

function failures(run: RunResult): string {
  const failed = run.results.filter((r) => r.error !== undefined && !r.cancelled);
  if (failed.length === 0) return '';
  return failed
    .map(
      (r) =>
        `**\`${code(r.name)}\` failed:**\n\n\`\`\`text\n${fence(clip(r.error ?? '', 8 * 1024))}\n\`\`\`\n`,
    )
    .join('\n');
}

/** Mermaid Gantt: one section per build, times in milliseconds since the run started. */
function gantt(timelines: readonly BuildTimeline[]): string {
  const lines = ['### Timeline', '', '```mermaid', 'gantt', '    dateFormat x', '    axisFormat %M:%S'];
  for (const t of timelines.slice(0, MAX_GANTT_BUILDS)) {
    if (t.spans.length === 0) continue;
    lines.push(`    section ${mermaidText(t.build)}`);
    for (const span of t.spans.slice(0, MAX_GANTT_SPANS)) {
      const end = Math.max(span.end, span.start + 1);
      lines.push(`    ${mermaidText(span.name)} :${span.failed ? 'crit, ' : ''}${span.start}, ${end}`);
    }
    if (t.spans.length > MAX_GANTT_SPANS)
      lines.push(`    ${t.spans.length - MAX_GANTT_SPANS} more steps :0, 1`);
  }
  lines.push('```', '');
  if (timelines.length > MAX_GANTT_BUILDS)
    lines.push(`_${timelines.length - MAX_GANTT_BUILDS} more builds are not charted._`, '');
  return lines.join('\n');
}

function diagnosticsSection(s: SummaryInputs): string {
  const errors = s.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = s.diagnostics.length - errors;
  const title = s.command === 'validate' ? '### Validation' : '### Diagnostics';
  if (s.diagnostics.length === 0)
    return s.command === 'validate' ? `${title}\n\nThe configuration is valid.\n` : '';
  const count = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  const rows = s.diagnostics.slice(0, MAX_DIAGNOSTIC_ROWS).map((d) => {
    const icon = d.severity === 'error' ? '❌' : '⚠️';
    return `| ${icon} | ${location(d, s.blobUrl)} | **${cell(d.summary)}**${d.detail ? `<br>${cell(d.detail)}` : ''} |`;
  });
  const more =
    s.diagnostics.length > MAX_DIAGNOSTIC_ROWS
      ? `\n_${s.diagnostics.length - MAX_DIAGNOSTIC_ROWS} more are in the step log._\n`
      : '';
  return [`${title}\n\n${count}:\n`, '|  | Where | Problem |', '| --- | --- | --- |', ...rows, more].join(
    '\n',
  );
}

function formatting(s: SummaryInputs): string {
  const files = s.unformatted ?? [];
  if (files.length === 0) return '### Formatting\n\nEvery file is formatted canonically.\n';
  const verb = s.fmtCheck ? 'need formatting' : 'were formatted';
  const out = [`### Formatting\n\n${files.length} file${files.length === 1 ? '' : 's'} ${verb}:\n`];
  let budget = MAX_DIFF_CHARS;
  for (const f of files) {
    out.push(`- \`${code(f.file)}\``);
    if (f.diff === undefined) continue;
    const shown = clip(f.diff.replace(/\n$/, ''), Math.max(0, budget));
    budget -= shown.length;
    if (shown !== '')
      out.push(
        '',
        '  ```diff',
        ...fence(shown)
          .split('\n')
          .map((l) => `  ${l}`),
        '  ```',
      );
  }
  if (s.fmtCheck) out.push('', 'Run `kiln fmt` (or `packer fmt`) on these files and commit the result.');
  return out.join('\n') + '\n';
}

function footer(s: SummaryInputs): string {
  const bits: string[] = [];
  if (s.manifest) bits.push(`Manifest: \`${code(s.manifest)}\``);
  if (s.run) bits.push(`Run ID: \`${s.run.runId}\``);
  if (s.runUrl) bits.push(`[Workflow run](${s.runUrl})`);
  bits.push(`Kiln v${s.version}`);
  return `---\n${bits.join(' · ')}\n`;
}

function location(d: DiagnosticRecord, blobUrl: string | undefined): string {
  if (d.file === undefined) return '—';
  const at =
    d.line !== undefined ? `${d.file}:${d.line}${d.column !== undefined ? `:${d.column}` : ''}` : d.file;
  if (blobUrl === undefined) return `\`${code(at)}\``;
  const anchor =
    d.line !== undefined ? `#L${d.line}${d.endLine && d.endLine !== d.line ? `-L${d.endLine}` : ''}` : '';
  return `[\`${code(at)}\`](${blobUrl}/${encodeURI(d.file)}${anchor})`;
}

/** Short durations for the table: 850ms, 12.3s, 4m 05s, 1h 02m. */
export function shortDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Text inside an inline code span: backticks would end it. */
function code(text: string): string {
  return text.replace(/`/g, "'").replace(/\r?\n/g, ' ');
}

/** Text inside a table cell: pipes and newlines would break the row. */
function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

/** Text inside a fenced block: a line of backticks would close it. */
function fence(text: string): string {
  return text.replace(/^```/gm, '\u200b```');
}

/** Mermaid task and section names: `:`, `;` and `#` have meanings there. */
function mermaidText(text: string): string {
  return text.replace(/[:;#\r\n]/g, ' ').trim() || '-';
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n… (${text.length - max} more characters)`;
}

function bounded(markdown: string): string {
  if (Buffer.byteLength(markdown) <= SUMMARY_LIMIT) return markdown;
  let cut = markdown.slice(0, SUMMARY_LIMIT);
  while (Buffer.byteLength(cut) > SUMMARY_LIMIT - 200) cut = cut.slice(0, Math.floor(cut.length * 0.95));
  return `${cut}\n\n_The summary was cut at GitHub's size limit; the step log has everything._\n`;
}
