/**
 * `kiln plan`'s model: the builds a template would run, grouped into jobs, and the GitHub Actions
 * job matrix (`strategy.matrix`) that runs each job with `-only`. Pure: the command and the action
 * both render it. A job's `only` names its builds exactly (glob characters escaped), so a job runs
 * what the plan said and nothing that a later template change would add to a pattern.
 */

export const PLAN_GROUPS = ['build', 'source-type', 'build-block'] as const;
export type PlanGroup = (typeof PLAN_GROUPS)[number];

/** GitHub Actions refuses a matrix that makes more jobs than this. */
export const MATRIX_JOB_LIMIT = 256;

/** One build the template would run. */
export interface PlannedBuild {
  /** The full name, as -only and -except match it (`<build>.<type>.<name>`). */
  readonly name: string;
  /** The builder type (`docker`, `amazon-ebs`). */
  readonly type: string;
  /** The source's name in this build (the manifest's `name`). */
  readonly source: string;
  /** The build block's name, or `build #N` (1-based, in template order) for an unnamed one. */
  readonly buildBlock: string;
  /** Post-processor types per chain, in order. */
  readonly postProcessors: readonly (readonly string[])[];
}

/** One matrix job: string values only, so every one can go into a job name or an input. */
export interface MatrixEntry {
  /** The build's full name (-group=build), the builder type, or the build block's name. */
  readonly build: string;
  /** The job's `-only` value. */
  readonly only: string;
  /** The builds the job runs, comma-separated. */
  readonly builds: string;
  /** The builder type(s) of the job's builds, comma-separated. */
  readonly type: string;
  readonly [key: string]: string;
}

export interface PlanDocument {
  readonly template: string;
  readonly group: PlanGroup;
  readonly builds: readonly PlannedBuild[];
  readonly jobs: number;
  readonly matrix: { readonly include: readonly MatrixEntry[] };
}

/** gobwas glob characters (build-filter.ts) escaped, so that a name matches only itself. */
export function escapeOnlyPattern(name: string): string {
  return name.replace(/[\\*?[\]{}]/g, '\\$&');
}

/** Problems that make a plan unusable as a matrix (empty when it is usable). */
export function planProblems(plan: PlanDocument): string[] {
  const problems: string[] = [];
  for (const b of plan.builds)
    if (b.name.includes(','))
      problems.push(
        `Build "${b.name}" has a comma in its name, which -only cannot express (it splits on commas).`,
      );
  if (plan.jobs > MATRIX_JOB_LIMIT) {
    const hint = PLAN_GROUPS.filter((g) => g !== plan.group)
      .map((g) => `-group=${g}`)
      .join(' or ');
    problems.push(
      `The plan makes ${plan.jobs} jobs (-group=${plan.group}); a GitHub Actions matrix allows at most ` +
        `${MATRIX_JOB_LIMIT}. Group the builds into fewer jobs with ${hint}, or split the run with -only/-except.`,
    );
  }
  return problems;
}

function groupKey(b: PlannedBuild, group: PlanGroup): string {
  switch (group) {
    case 'build':
      return b.name;
    case 'source-type':
      return b.type;
    case 'build-block':
      return b.buildBlock;
  }
}

/** The plan for these builds: one job per build or per group, in the order builds are listed. */
export function planDocument(
  template: string,
  builds: readonly PlannedBuild[],
  group: PlanGroup,
): PlanDocument {
  const groups = new Map<string, PlannedBuild[]>();
  for (const b of builds) {
    const key = groupKey(b, group);
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  const include: MatrixEntry[] = [...groups].map(([key, members]) => {
    const entry: MatrixEntry = {
      build: key,
      only: members.map((m) => escapeOnlyPattern(m.name)).join(','),
      builds: members.map((m) => m.name).join(','),
      type: [...new Set(members.map((m) => m.type))].join(','),
    };
    if (group !== 'build') return entry;
    const [b] = members;
    return {
      ...entry,
      source: b.source,
      'post-processors': b.postProcessors.map((chain) => chain.join('>')).join(','),
    };
  });
  return { template, group, builds, jobs: include.length, matrix: { include } };
}

/** The plan as text: the builds, then the jobs when they are grouped. */
export function planText(plan: PlanDocument): string {
  const n = plan.builds.length;
  const lines = [
    `${n} build${n === 1 ? '' : 's'} in ${plan.jobs} job${plan.jobs === 1 ? '' : 's'} (-group=${plan.group}):`,
    '',
  ];
  const rows = [
    ['BUILD', 'TYPE', 'SOURCE', 'POST-PROCESSORS'],
    ...plan.builds.map((b) => [
      b.name,
      b.type,
      b.source,
      b.postProcessors.map((c) => c.join(' > ')).join('; ') || '-',
    ]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows)
    lines.push(`  ${r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join('  ')}`.trimEnd());
  if (plan.group !== 'build') {
    lines.push('', 'Jobs:');
    for (const job of plan.matrix.include) lines.push(`  ${job.build}: -only=${job.only}`);
  }
  return lines.join('\n') + '\n';
}
