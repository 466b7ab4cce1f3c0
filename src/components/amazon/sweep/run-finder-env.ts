/**
 * When `kiln sweep -run-id` (and the action's post step after a killed run) also looks for a run's
 * AWS resources by their run tag: only where the environment names a region and some credentials,
 * so that sweeping a docker-only run never loads the AWS SDK or waits on a credential chain.
 */
export function awsRunFinderRegion(env: NodeJS.ProcessEnv): string | undefined {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!region) return undefined;
  const credentials =
    env.AWS_ACCESS_KEY_ID ||
    env.AWS_PROFILE ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
  return credentials ? region : undefined;
}
