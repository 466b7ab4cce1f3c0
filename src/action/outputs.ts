import type { PlanDocument } from '../cli/plan-matrix';
import type { RunResult } from '../engine/types';
import { KILN_VERSION } from '../version';
import type { DiagnosticRecord } from './diagnostics';

/**
 * The step outputs, computed from a run's results. Shaped for every builder: AMIs appear in
 * `ami-ids` and each artifact's `amis` as soon as an artifact's ID lists `region:ami-…` pairs
 * (Packer's amazon artifact ID), with no change here.
 */

export interface ArtifactOutput {
  readonly build: string;
  readonly type: string;
  readonly name: string;
  readonly builderId: string;
  readonly id: string;
  readonly files: readonly string[];
  /** Region → AMI ID; empty for artifacts that are not AMIs. */
  readonly amis: Readonly<Record<string, string>>;
}

export interface ActionOutputs {
  readonly artifacts: readonly ArtifactOutput[];
  readonly 'artifact-ids': Readonly<Record<string, string>>;
  readonly 'ami-ids': Readonly<Record<string, unknown>>;
  readonly manifest: string;
  readonly 'failed-builds': readonly string[];
  readonly diagnostics: readonly DiagnosticRecord[];
  readonly 'exit-code': number;
  /** The Kiln that ran, so a workflow pinned to a branch or SHA can record or check it. */
  readonly 'kiln-version': string;
  /** plan: the job matrix (`{"include": [...]}`) for `strategy.matrix: ${{ fromJSON(...) }}`; '' otherwise. */
  readonly matrix: PlanDocument['matrix'] | '';
  /** build: the result file written (for upload-artifact, then merge); '' otherwise. */
  readonly 'result-file': string;
}

const AMI_PAIR = /^([a-z]{2}(?:-[a-z]+)+-\d+):(ami-[0-9a-f]+)$/;

/** Region → AMI from an artifact ID such as `us-east-1:ami-0abc,eu-west-1:ami-0def`; {} otherwise. */
export function amiMap(artifactId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of artifactId.split(',')) {
    const m = AMI_PAIR.exec(part.trim());
    if (!m) return {};
    out[m[1]] = m[2];
  }
  return out;
}

export interface OutputInputs {
  readonly run?: RunResult;
  readonly manifest?: string;
  readonly diagnostics: readonly DiagnosticRecord[];
  readonly exitCode: number;
  readonly matrix?: PlanDocument['matrix'];
  readonly resultFile?: string;
}

export function actionOutputs(inputs: OutputInputs): ActionOutputs {
  const artifacts: ArtifactOutput[] = [];
  const artifactIds: Record<string, string> = {};
  const amisByBuild: Record<string, Record<string, string>> = {};
  for (const result of inputs.run?.results ?? []) {
    for (const a of result.artifacts) {
      const amis = amiMap(a.id);
      artifacts.push({
        build: result.name,
        type: result.builderType,
        name: result.sourceName,
        builderId: a.builderId,
        id: a.id,
        files: [...a.files],
        amis,
      });
      artifactIds[result.name] = a.id;
      if (Object.keys(amis).length > 0) amisByBuild[result.name] = { ...amisByBuild[result.name], ...amis };
    }
  }
  const amiBuilds = Object.keys(amisByBuild);
  return {
    artifacts,
    'artifact-ids': artifactIds,
    // One build that made AMIs: region → AMI; several: build → (region → AMI).
    'ami-ids': amiBuilds.length === 1 ? amisByBuild[amiBuilds[0]] : amisByBuild,
    manifest: inputs.manifest ?? '',
    'failed-builds': (inputs.run?.results ?? []).filter((r) => r.error !== undefined).map((r) => r.name),
    diagnostics: inputs.diagnostics,
    'exit-code': inputs.exitCode,
    'kiln-version': KILN_VERSION,
    matrix: inputs.matrix ?? '',
    'result-file': inputs.resultFile ?? '',
  };
}
