import type { Artifact, GeneratedData, StateBag } from '../../../engine/types';
import { PROVISION_HOOK_DATA } from '../../../sdk/steps/provision';
import type { AwsSession } from '../aws/session';
import { destroyImage } from '../sweep/image';
import { AMIS, amazonGenerated } from './state-keys';
import { awsErrorMessage } from '../aws/error-text';

/** Packer's BuilderId for amazon-ebs AMIs (what amazon-import, manifest consumers... recognise). */
export const AMAZON_EBS_BUILDER_ID = 'mitchellh.amazonebs';

/**
 * The AMIs an amazon-ebs build made, one per region (Packer's awscommon.Artifact). Id() and String()
 * list them sorted by `region:ami`; State carries the generated data and the Atlas metadata
 * (`region.<name>` → AMI). destroy() deregisters every AMI and deletes its snapshots.
 */
export class AmazonEbsArtifact implements Artifact {
  readonly builderId = AMAZON_EBS_BUILDER_ID;
  readonly files: readonly string[] = [];
  readonly id: string;
  readonly description: string;
  readonly state: Readonly<Record<string, unknown>>;

  constructor(
    readonly amis: Readonly<Record<string, string>>,
    generated: GeneratedData,
    /** Makes the AWS clients destroy() uses (the build's are closed by then); destroyed afterwards. */
    private readonly connect: () => AwsSession,
  ) {
    const regions = Object.keys(amis);
    this.id = regions
      .map((r) => `${r}:${amis[r]}`)
      .sort()
      .join(',');
    const lines = regions.map((r) => `${r}: ${amis[r]}`).sort();
    this.description = `AMIs were created:\n${lines.join('\n')}\n`;
    const atlas: Record<string, string> = {};
    for (const r of regions) atlas[`region.${r}`] = amis[r];
    this.state = { generated_data: { ...generated }, 'atlas.artifact.metadata': atlas };
  }

  async destroy(): Promise<void> {
    const errors: string[] = [];
    const signal = new AbortController().signal;
    const session = this.connect();
    try {
      for (const [region, imageId] of Object.entries(this.amis)) {
        try {
          const outcome = await destroyImage(session.ec2(region), imageId, [], signal);
          if (outcome === 'gone')
            errors.push(`Error retrieving details for AMI (${imageId}), no images found`);
        } catch (e) {
          errors.push(awsErrorMessage(e));
        }
      }
    } finally {
      session.destroy();
    }
    if (errors.length === 1) throw new Error(errors[0]);
    if (errors.length > 1) {
      throw new Error(`${errors.length} error(s) occurred:\n\n${errors.map((e) => `* ${e}`).join('\n')}`);
    }
  }
}

/**
 * The build's artifact once its steps succeeded: undefined when it made no AMI (skip_create_ami),
 * as Packer returns none. The generated data is what the provisioners saw plus the builder's own.
 */
export function amazonEbsArtifact(state: StateBag, connect: () => AwsSession): AmazonEbsArtifact | undefined {
  const amis = state.get(AMIS);
  if (amis === undefined || Object.keys(amis).length === 0) return undefined;
  const generated = { ...state.get(PROVISION_HOOK_DATA), ...amazonGenerated(state) };
  return new AmazonEbsArtifact(amis, generated, connect);
}
