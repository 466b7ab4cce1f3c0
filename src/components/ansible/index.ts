import { type ComponentDeclaration, defineProvisioner } from '../../sdk/define';
import { ANSIBLE_LOCAL_PROVISIONER_SCHEMA, ANSIBLE_PROVISIONER_SCHEMA } from './schema';

/** github.com/hashicorp/ansible: both provisioners are validated but not run yet. */
export const ANSIBLE_COMPONENTS: readonly ComponentDeclaration[] = [
  defineProvisioner({
    schema: ANSIBLE_PROVISIONER_SCHEMA,
    cannotRun: 'Kiln cannot run the ansible provisioner yet.',
  }),
  defineProvisioner({
    schema: ANSIBLE_LOCAL_PROVISIONER_SCHEMA,
    cannotRun: 'Kiln cannot run the ansible-local provisioner yet.',
  }),
];
