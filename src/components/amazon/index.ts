import { loadLazyBundle } from '../../lazy-bundles';
import { type ComponentDeclaration, defineBuilder, defineDataSource } from '../../sdk/define';
import { AMAZON_AMI_SCHEMA, amazonAmiValue, readAmazonAmiRequest } from './datasources/ami-schema';
import {
  AMAZON_PARAMETERSTORE_SCHEMA,
  parameterStoreValue,
  readParameterStoreRequest,
} from './datasources/parameterstore-schema';
import {
  AMAZON_SECRETSMANAGER_SCHEMA,
  readSecretsManagerRequest,
  secretsManagerValue,
} from './datasources/secretsmanager-schema';
import { AMAZON_EBS_SCHEMA } from './ebs-schema';
import type * as AwsLazy from './lazy';
import { AMAZON_TEMPLATE_FUNCTIONS } from './template-functions';

/**
 * github.com/hashicorp/amazon. amazon-ebs is validated (its whole configuration, with Packer's
 * checks) but not run yet; the amazon-ami, amazon-parameterstore and amazon-secretsmanager data
 * sources run, through the aws-ec2 bundle.
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

export const AMAZON_EBS_DECLARATION = defineBuilder({
  schema: AMAZON_EBS_SCHEMA,
  cannotRun: 'Kiln cannot run the amazon-ebs builder yet.',
  generatedData: AMAZON_GENERATED_DATA,
  templateFunctions: AMAZON_TEMPLATE_FUNCTIONS,
});

/** The SDK side, loaded when a data source runs: validate and templates without them never load it. */
const aws = () => loadLazyBundle<typeof AwsLazy>('aws-ec2');

export const AMAZON_AMI_DECLARATION = defineDataSource({
  schema: AMAZON_AMI_SCHEMA,
  lazyBundle: 'aws-ec2',
  runtime: {
    schema: AMAZON_AMI_SCHEMA,
    execute: async (config, signal) =>
      amazonAmiValue(await aws().executeAmazonAmi(readAmazonAmiRequest(config), signal)),
  },
});

export const AMAZON_PARAMETERSTORE_DECLARATION = defineDataSource({
  schema: AMAZON_PARAMETERSTORE_SCHEMA,
  lazyBundle: 'aws-ec2',
  runtime: {
    schema: AMAZON_PARAMETERSTORE_SCHEMA,
    execute: async (config, signal) =>
      parameterStoreValue(await aws().executeAmazonParameterStore(readParameterStoreRequest(config), signal)),
  },
});

export const AMAZON_SECRETSMANAGER_DECLARATION = defineDataSource({
  schema: AMAZON_SECRETSMANAGER_SCHEMA,
  lazyBundle: 'aws-ec2',
  runtime: {
    schema: AMAZON_SECRETSMANAGER_SCHEMA,
    execute: async (config, signal) =>
      secretsManagerValue(await aws().executeAmazonSecretsManager(readSecretsManagerRequest(config), signal)),
  },
});

export const AMAZON_COMPONENTS: readonly ComponentDeclaration[] = [
  AMAZON_EBS_DECLARATION,
  AMAZON_AMI_DECLARATION,
  AMAZON_PARAMETERSTORE_DECLARATION,
  AMAZON_SECRETSMANAGER_DECLARATION,
];
