import { BoolType, StringType } from '../../values/types';
import type { FieldSpec } from '../../schema/types';

/**
 * The registry-login options, declared once for the two components that log in (the docker builder
 * before pulling or building, docker-push before pushing); registry-login.ts reads them through
 * `sharedView<RegistryLoginFields>()`. Each component places them in its own field list, in the
 * plugin's order (which docs/components.md follows, and which differs between the two), and words
 * `login` and `ecr_login` for what it logs in for: those two are made by functions, so that their
 * docs are typed as plain strings and both components declare the same field types.
 */

export function loginField(doc: string) {
  return { name: 'login', type: BoolType, doc } as const satisfies FieldSpec;
}

export function ecrLoginField(doc: string) {
  return { name: 'ecr_login', type: BoolType, doc } as const satisfies FieldSpec;
}

export const LOGIN_USERNAME_FIELD = {
  name: 'login_username',
  type: StringType,
  doc: 'The username for `login`.',
} as const satisfies FieldSpec;

export const LOGIN_PASSWORD_FIELD = {
  name: 'login_password',
  type: StringType,
  doc: 'The password for `login`.',
  sensitive: true,
} as const satisfies FieldSpec;

export const LOGIN_SERVER_FIELD = {
  name: 'login_server',
  type: StringType,
  doc: 'The registry to log in to.',
} as const satisfies FieldSpec;

/** The AWS credentials of `ecr_login` (the plugin's AwsAccessConfig), in the same order in both. */
export const ECR_CREDENTIAL_FIELDS = [
  { name: 'aws_access_key', type: StringType, doc: 'The AWS access key for `ecr_login`.', sensitive: true },
  { name: 'aws_secret_key', type: StringType, doc: 'The AWS secret key for `ecr_login`.', sensitive: true },
  {
    name: 'aws_token',
    type: StringType,
    doc: 'The AWS session token for `ecr_login` (also read from AWS_SESSION_TOKEN).',
    sensitive: true,
  },
  { name: 'aws_profile', type: StringType, doc: 'The AWS shared-credentials profile for `ecr_login`.' },
  {
    name: 'aws_force_use_public_ecr',
    type: BoolType,
    doc: 'Treat `login_server` as Amazon ECR Public even when its address does not say so.',
  },
] as const satisfies readonly FieldSpec[];

/** Every login option, as a type: what registry-login reads, whatever order a component declares them in. */
export type RegistryLoginFields = readonly [
  ReturnType<typeof loginField>,
  typeof LOGIN_USERNAME_FIELD,
  typeof LOGIN_PASSWORD_FIELD,
  typeof LOGIN_SERVER_FIELD,
  ReturnType<typeof ecrLoginField>,
  ...typeof ECR_CREDENTIAL_FIELDS,
];
