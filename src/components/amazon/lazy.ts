/**
 * The aws-ec2 lazy bundle's entry (src/lazy-bundles.ts): the amazon components' code that needs the
 * AWS SDK. Loaded only when an amazon data source, builder or sweeper runs; validating a
 * template never loads it. Requests and results are plain data: the bundle has its own copy of
 * Kiln's modules, so no Value or class instance crosses into or out of it.
 */

// The SDK warns, once per process, that its releases after January 2027 will need Node 22. Kiln
// ships the SDK inside its bundles at a fixed version, so the warning is for Kiln's developers
// (docs/architecture.md), not for the people running a build.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export { executeAmazonAmi } from './datasources/ami';
export { executeAmazonParameterStore } from './datasources/parameterstore';
export { executeAmazonSecretsManager } from './datasources/secretsmanager';
export { prepareAmazonEbs } from './ebs/builder';
export { AWS_SWEEPERS } from './sweep/all';
export { findAwsRunResources } from './sweep/find-run';
