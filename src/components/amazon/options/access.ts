import type { ConfigView } from '../../../schema/types';
import type { ACCESS_CONFIG_FIELDS } from '../access-config';

/**
 * The access configuration (packer-plugin-amazon common/access_config.go), read once from the
 * decoded configuration: what makes the AWS clients.
 */
export interface AccessOptions {
  readonly region: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly token: string;
  readonly profile: string;
  readonly customEndpointEc2: string;
  /** `max_retries`: Packer's default is 10. */
  readonly maxRetries: number;
}

export function readAccessOptions(view: ConfigView<typeof ACCESS_CONFIG_FIELDS>): AccessOptions {
  const maxRetries = view.number('max_retries');
  return {
    region: view.string('region') ?? '',
    accessKey: view.string('access_key') ?? '',
    secretKey: view.string('secret_key') ?? '',
    token: view.string('token') ?? '',
    profile: view.string('profile') ?? '',
    customEndpointEc2: view.string('custom_endpoint_ec2') ?? '',
    maxRetries: maxRetries === undefined || maxRetries === 0 ? 10 : maxRetries,
  };
}
