/**
 * The aws-ec2 lazy bundle's entry (src/lazy-bundles.ts): the amazon components' code that needs the
 * AWS SDK. Loaded only when an amazon data source runs (or, later, an amazon builder); validating a
 * template never loads it. Requests and results are plain data: the bundle has its own copy of
 * Kiln's modules, so no Value or class instance crosses into or out of it.
 */
export { executeAmazonAmi } from './datasources/ami';
export { executeAmazonParameterStore } from './datasources/parameterstore';
export { executeAmazonSecretsManager } from './datasources/secretsmanager';
