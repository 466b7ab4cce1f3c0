import { loadLazyBundle } from '../../../lazy-bundles';
import { type ComponentDeclaration, defineDataSource } from '../../../sdk/define';
import type * as AwsLazy from '../lazy';
import { AMAZON_AMI_SCHEMA, amazonAmiValue, readAmazonAmiRequest } from './ami-schema';
import {
  AMAZON_PARAMETERSTORE_SCHEMA,
  parameterStoreValue,
  readParameterStoreRequest,
} from './parameterstore-schema';
import {
  AMAZON_SECRETSMANAGER_SCHEMA,
  readSecretsManagerRequest,
  secretsManagerValue,
} from './secretsmanager-schema';

/**
 * The amazon plugin's data sources. Each runtime reads its options into plain data here, hands them
 * to the aws-ec2 bundle (the SDK side, loaded on the first execute: validating a template, or
 * running one without these data sources, never loads it) and turns the plain answer into the
 * data source's value, sensitive marks included, on this side of the bundle boundary.
 */

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

export const AMAZON_DATA_SOURCES: readonly ComponentDeclaration[] = [
  AMAZON_AMI_DECLARATION,
  AMAZON_PARAMETERSTORE_DECLARATION,
  AMAZON_SECRETSMANAGER_DECLARATION,
];
