import { DeleteVolumeCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';

import { errorMessage } from '../../../../engine/abort';
import type { Step } from '../../../../engine/types';
import { INSTANCE } from '../state-keys';
import type { EbsStepDeps } from './deps';

/**
 * Packer's StepCleanupVolumes, placed just before the instance is launched so that its cleanup runs
 * just after the instance is terminated: the volumes the instance had that outlive it (the source
 * AMI's mappings without delete-on-termination) are deleted, except the devices
 * `launch_block_device_mappings` names, which the template asked for.
 */
export function cleanupVolumesStep({ options, session }: EbsStepDeps): Step {
  return {
    name: 'cleanup volumes',
    run: () => Promise.resolve(),
    async cleanup(ctx) {
      const instance = ctx.state.get(INSTANCE);
      if (instance === undefined) {
        ctx.ui.say('No volumes to clean up, skipping');
        return;
      }
      ctx.ui.say('Cleaning up any extra volumes...');
      const devices = new Map<string, string>();
      for (const m of instance.BlockDeviceMappings ?? []) {
        if (m.Ebs?.VolumeId) devices.set(m.Ebs.VolumeId, m.DeviceName ?? '');
      }
      if (devices.size === 0) {
        ctx.ui.say('No volumes to clean up, skipping');
        return;
      }
      let volumes;
      try {
        const r = await session
          .ec2()
          .send(
            new DescribeVolumesCommand({ Filters: [{ Name: 'volume-id', Values: [...devices.keys()] }] }),
          );
        volumes = r.Volumes ?? [];
      } catch (e) {
        ctx.ui.error(`Error describing volumes: ${errorMessage(e)}`);
        return;
      }
      if (volumes.length === 0) {
        ctx.ui.say('No volumes to clean up, skipping');
        return;
      }
      // Only volumes left detached ("available") are extra; one still attached belongs to someone.
      const described = new Set(volumes.map((v) => v.VolumeId));
      for (const v of volumes) if (v.State !== 'available') devices.delete(v.VolumeId ?? '');
      for (const id of [...devices.keys()]) if (!described.has(id)) devices.delete(id);
      const kept = new Set(options.run.launchBlockDevices.map((d) => d.deviceName));
      for (const [id, device] of devices) {
        if (kept.has(device)) continue;
        ctx.ui.say(`Destroying volume (${id})...`);
        try {
          await session.ec2().send(new DeleteVolumeCommand({ VolumeId: id }));
        } catch (e) {
          ctx.ui.say(`Error deleting volume: ${errorMessage(e)}`);
        }
      }
    },
  };
}
