import type { PluginComponent } from '../plugins/discovery';
import type { LeftoverRule } from '../plugins/leftovers';
import type { DecodedConfig } from '../schema/types';

/**
 * What the plugins Kiln knows say on their Ui when they create something outside Kiln, as ledger
 * entries of the kinds Kiln's own sweepers delete (plugins/leftovers.ts says why). Only plugins
 * whose builders Kiln also implements natively are here: their resources are the same kinds, with
 * the same data, as the native builders record. Any other plugin is cleaned up by its own Run only.
 */

type Env = Readonly<Record<string, string | undefined>>;

export function pluginLeftoverRules(
  component: PluginComponent,
  config: DecodedConfig,
  env: Env,
): readonly LeftoverRule[] {
  switch (component.source) {
    case 'github.com/hashicorp/docker':
      return component.type === 'docker' ? dockerRules(env) : [];
    case 'github.com/hashicorp/amazon':
      return component.type.startsWith('amazon-') ? amazonRules(config) : [];
    default:
      return [];
  }
}

/**
 * packer-plugin-docker's StepRun: `Container ID: <id>` once `docker run` returned (its cleanup
 * kills and removes it). The plugin's docker talks to the engine of the environment it inherits.
 */
function dockerRules(env: Env): LeftoverRule[] {
  const dockerHost = env.DOCKER_HOST ?? '';
  return [
    {
      pattern: /^Container ID: ([0-9a-f]{12,64})\s*$/,
      resource: (m) => ({ id: m[1], kind: 'docker-container', data: { dockerHost } }),
    },
  ];
}

/**
 * packer-plugin-amazon's StepRunSourceInstance (`Instance ID: i-…`) and StepKeyPair (`Creating
 * temporary keypair: <name>`), in the region and through the endpoint the builder uses; its
 * StepSecurityGroup names the temporary group's ID only in its log (its Ui says the name, and a
 * group is deleted by ID).
 */
function amazonRules(config: DecodedConfig): LeftoverRule[] {
  const field = (name: string): string => {
    if (!config.schema.fields.some((f) => f.name === name)) return '';
    return config.view.string(name) ?? '';
  };
  const region = field('region');
  if (region === '') return [];
  const data = { region, endpoint: field('custom_endpoint_ec2') };
  return [
    {
      pattern: /^Instance ID: (i-[0-9a-f]{8,32})\s*$/,
      resource: (m) => ({ id: m[1], kind: 'aws-instance', data }),
    },
    {
      pattern: /^Creating temporary keypair: (\S+)\s*$/,
      resource: (m) => ({ id: m[1], kind: 'aws-key-pair', data }),
    },
    {
      pattern: /\[DEBUG\] Waiting for temporary security group: (sg-[0-9a-f]{8,32})\s*$/,
      in: 'log',
      resource: (m) => ({ id: m[1], kind: 'aws-security-group', data }),
    },
  ];
}
