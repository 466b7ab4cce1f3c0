import { provisionHookData } from '../../../engine/provision-hook-data';
import type { ProvisionHook, Step, StepContext } from '../../../engine/types';
import { cleanupTempKeysStep } from '../../../sdk/steps/cleanup-temp-keys';
import { connectStep } from '../../../sdk/steps/connect';
import { provisionStep } from '../../../sdk/steps/provision';
import { ARTIFACT } from '../../../sdk/steps/run-builder-steps';
import { type AwsSession, createAwsSession } from '../aws/session';
import { validateAccess } from '../aws/validate';
import type { AmazonEbsView } from '../ebs-schema';
import { isSpot } from '../options/run';
import { amazonEbsArtifact } from './artifact';
import { type AmazonEbsOptions, readAmazonEbsOptions } from './options';
import {
  CONNECTED_HOST,
  EC2_SSH_KEY,
  INSTANCE,
  WINRM_PASSWORD,
  amazonGenerated,
  updateAmazonGenerated,
} from './state-keys';
import { amiRegionCopyStep } from './steps/ami-region-copy';
import { cleanupVolumesStep } from './steps/cleanup-volumes';
import { amazonConnect } from './steps/connect';
import { createAmiStep } from './steps/create-ami';
import { createTagsStep } from './steps/create-tags';
import type { EbsStepDeps } from './steps/deps';
import { deregisterAmiStep } from './steps/deregister-ami';
import { deregistrationProtectionStep } from './steps/deregistration-protection';
import { enableDeprecationStep } from './steps/enable-deprecation';
import { getPasswordStep } from './steps/get-password';
import { iamInstanceProfileStep } from './steps/iam-instance-profile';
import { keyPairStep } from './steps/key-pair';
import { modifyAmiAttributesStep } from './steps/modify-ami-attributes';
import { modifyInstanceStep } from './steps/modify-instance';
import { networkStep } from './steps/network';
import { preValidateStep } from './steps/pre-validate';
import { runInstanceStep } from './steps/run-instance';
import { runSpotInstanceStep } from './steps/run-spot-instance';
import { securityGroupStep } from './steps/security-group';
import { sourceAmiStep } from './steps/source-ami';
import { stopInstanceStep } from './steps/stop-instance';

/**
 * The amazon-ebs builder (packer-plugin-amazon builder/ebs/builder.go): its steps in the plugin's
 * order, from checking the credentials to tagging the AMIs. Runs inside the lazily loaded aws-ec2
 * bundle, with the AWS SDK; the declaration in ../index.ts only loads it.
 */

/** Packer checks the credentials when it makes its clients, before the first step. */
function validateAccessStep({ options, session }: EbsStepDeps): Step {
  return {
    name: 'validate access',
    async run(ctx) {
      // The regions are the pre-validate step's (with ami_regions, unless skip_region_validation).
      await validateAccess(session, options.access, ctx.signal, { skip: true });
      updateAmazonGenerated(ctx.state, { BuildRegion: session.region });
    },
  };
}

export const FAST_LAUNCH_UNSUPPORTED =
  'fast_launch is not supported by Kiln yet: Windows fast launch needs the EnableFastLaunch steps, ' +
  'which Kiln does not have. Remove the fast_launch block, or build this template with Packer.';

function refuseStep(message: string): Step {
  return {
    name: 'unsupported options',
    run: () => Promise.reject(new Error(message)),
  };
}

/**
 * The `build.*` values the provisioners see: the builder's own and the connection's (Host, Port,
 * User, Password of the communicator in use; with winrm, Password and WinRMPassword are the
 * `winrm_password` or the one retrieved from EC2, as StepGetPassword sets it on the config).
 */
function hookData(deps: EbsStepDeps, ctx: StepContext) {
  const comm = deps.options.run.communicator;
  const instance = ctx.state.get(INSTANCE);
  const key = ctx.state.get(EC2_SSH_KEY);
  const common = {
    host: ctx.state.get(CONNECTED_HOST) ?? '',
    sshPrivateKey: key?.privateKey,
    sshPrivateKeyFile: comm.ssh.privateKeyFile,
    sshAgentAuth: comm.ssh.agentAuth,
  };
  const winrmPassword = comm.winrm.password || (ctx.state.get(WINRM_PASSWORD) ?? '');
  return provisionHookData({
    generated: amazonGenerated(ctx.state),
    instanceId: instance?.InstanceId ?? '',
    runId: ctx.build.runId,
    communicator:
      comm.type === 'winrm'
        ? {
            ...common,
            type: comm.type,
            port: comm.winrm.port,
            user: comm.winrm.username,
            password: winrmPassword,
            winrmPassword,
          }
        : {
            ...common,
            type: comm.type,
            port: comm.ssh.port,
            user: comm.ssh.username,
            password: comm.ssh.password,
            winrmPassword,
          },
  });
}

export function amazonEbsSteps(deps: EbsStepDeps, provision: ProvisionHook): Step[] {
  const { options } = deps;
  const run = options.run;
  return [
    validateAccessStep(deps),
    preValidateStep(deps),
    sourceAmiStep(deps),
    networkStep(deps),
    keyPairStep(deps),
    securityGroupStep(deps),
    iamInstanceProfileStep(deps),
    cleanupVolumesStep(deps),
    isSpot(run) ? runSpotInstanceStep(deps) : runInstanceStep(deps),
    getPasswordStep(deps),
    connectStep({
      connect: amazonConnect(deps),
      pauseBeforeConnectingMs: run.communicator.pauseBeforeConnectingMs,
    }),
    provisionStep(provision, { hookData: (ctx) => hookData(deps, ctx) }),
    cleanupTempKeysStep(run.communicator.type, run.communicator.ssh),
    stopInstanceStep(deps),
    modifyInstanceStep(deps),
    deregisterAmiStep(deps),
    createAmiStep(deps),
    amiRegionCopyStep(deps),
    enableDeprecationStep(deps),
    deregistrationProtectionStep(deps),
    modifyAmiAttributesStep(deps),
    createTagsStep(deps),
    {
      name: 'artifact',
      async run(ctx) {
        const artifact = amazonEbsArtifact(ctx.state, () =>
          createAwsSession(options.access, options.polling),
        );
        if (artifact !== undefined) ctx.state.set(ARTIFACT, artifact);
      },
    },
  ];
}

/** One amazon-ebs build, prepared: its steps, and what closes its AWS clients afterwards. */
export interface AmazonEbsBuild {
  steps(provision: ProvisionHook): Step[];
  close(): void;
}

/**
 * Reads the options and makes the AWS clients. The steps are run by the caller, outside this
 * bundle, so that the engine's own step runner (and its timeline) runs them.
 */
export function prepareAmazonEbs(view: AmazonEbsView): AmazonEbsBuild {
  const options: AmazonEbsOptions = readAmazonEbsOptions(view);
  const session: AwsSession = createAwsSession(options.access, options.polling);
  const fastLaunch = view.blocks('fast_launch')[0]?.bool('enable_fast_launch') === true;
  return {
    steps: (provision) => [
      // Packer enables it after the region copies; refusing before anything is launched costs the
      // user nothing (silently skipping it would hand over AMIs without what was asked for).
      ...(fastLaunch ? [refuseStep(FAST_LAUNCH_UNSUPPORTED)] : []),
      ...amazonEbsSteps({ options, session }, provision),
    ],
    close: () => session.destroy(),
  };
}
