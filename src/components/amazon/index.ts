import type { RunFinder, Sweeper } from '../../engine/sweep';
import { loadLazyBundle } from '../../lazy-bundles';
import { type ComponentDeclaration, defineBuilder } from '../../sdk/define';
import type { AwsLedgerKind } from './aws/ledger';
import { AMAZON_EBS_RUNTIME } from './ebs/runtime';
import type * as AwsLazy from './lazy';
import { awsRunFinderRegion } from './sweep/run-finder-env';
import { AMAZON_DATA_SOURCES } from './datasources/declarations';
import { AMAZON_EBS_SCHEMA } from './ebs-schema';
import { AMAZON_TEMPLATE_FUNCTIONS } from './template-functions';

/**
 * github.com/hashicorp/amazon: the amazon-ebs builder and the amazon-ami, amazon-parameterstore and
 * amazon-secretsmanager data sources, run natively with the AWS SDK (in the aws-ec2 bundle, loaded
 * when one runs).
 */

/** The plugin's GetGeneratedDataList: what every amazon builder adds to `build.*`. */
export const AMAZON_GENERATED_DATA: readonly string[] = [
  'SourceAMIName',
  'BuildRegion',
  'SourceAMI',
  'SourceAMICreationDate',
  'SourceAMIOwner',
  'SourceAMIOwnerName',
];

const AWS_LEDGER_KINDS: readonly AwsLedgerKind[] = [
  'aws-instance',
  'aws-key-pair',
  'aws-security-group',
  'aws-instance-profile',
  'aws-iam-role',
  'aws-launch-template',
  'aws-ami',
  'aws-ami-request',
  'aws-snapshot',
];

/** Each AWS kind's sweeper, loading the SDK only when a ledger lists such a resource. */
function lazySweeper(kind: AwsLedgerKind): Sweeper {
  return (resource, signal, scope) => {
    const sweeper = loadLazyBundle<typeof AwsLazy>('aws-ec2').AWS_SWEEPERS[kind];
    if (sweeper === undefined) throw new Error(`no sweeper for ledger kind ${kind}`);
    return sweeper(resource, signal, scope);
  };
}

/** A run's AWS resources by their tag, when the environment says where to look (run-finder-env.ts). */
export const findAwsRun: RunFinder = async (runId, signal) => {
  const region = awsRunFinderRegion(process.env);
  if (region === undefined) return [];
  return loadLazyBundle<typeof AwsLazy>('aws-ec2').findAwsRunResources(runId, region, signal);
};

export const AMAZON_EBS_DECLARATION = defineBuilder({
  schema: AMAZON_EBS_SCHEMA,
  runtime: AMAZON_EBS_RUNTIME,
  generatedData: AMAZON_GENERATED_DATA,
  templateFunctions: AMAZON_TEMPLATE_FUNCTIONS,
  // Every resource is recorded as it is created; a killed build's are swept from its ledger.
  sweepers: Object.fromEntries(AWS_LEDGER_KINDS.map((kind) => [kind, lazySweeper(kind)])),
  runFinders: [findAwsRun],
  lazyBundle: 'aws-ec2',
});

export const AMAZON_COMPONENTS: readonly ComponentDeclaration[] = [
  AMAZON_EBS_DECLARATION,
  ...AMAZON_DATA_SOURCES,
];
