import { type ComponentDeclaration, defineProvisioner } from '../../sdk/define';
import { POWERSHELL_PROVISIONER_SCHEMA } from './powershell-config';
import { POWERSHELL_PROVISIONER } from './powershell-runtime';
import { WINDOWS_RESTART_PROVISIONER, WINDOWS_RESTART_PROVISIONER_SCHEMA } from './windows-restart';
import { WINDOWS_SHELL_PROVISIONER, WINDOWS_SHELL_PROVISIONER_SCHEMA } from './windows-shell';

/**
 * The Windows provisioners built into Packer (powershell, windows-shell, windows-restart). They run
 * natively over whatever communicator the builder opened, a bridged plugin's included: Packer runs
 * them itself too, never through a plugin.
 */
export const WINDOWS_COMPONENTS: readonly ComponentDeclaration[] = [
  defineProvisioner({ schema: POWERSHELL_PROVISIONER_SCHEMA, runtime: POWERSHELL_PROVISIONER }),
  defineProvisioner({ schema: WINDOWS_SHELL_PROVISIONER_SCHEMA, runtime: WINDOWS_SHELL_PROVISIONER }),
  defineProvisioner({ schema: WINDOWS_RESTART_PROVISIONER_SCHEMA, runtime: WINDOWS_RESTART_PROVISIONER }),
];
