import { randomUUID } from 'node:crypto';

import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  type IAMClient,
  PutRolePolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  type Tag,
} from '@aws-sdk/client-iam';

import { errorMessage } from '../../../../engine/abort';
import type { Step, StepContext } from '../../../../engine/types';
import { awsLedgerData } from '../../aws/ledger';
import type { PollingOptions } from '../../aws/polling';
import { waitFor } from '../../aws/wait';
import { IAM_INSTANCE_PROFILE } from '../state-keys';
import type { EbsStepDeps } from './deps';
import { awsErrorCode } from '../../aws/errors';
import { ec2Tags } from './launch-support';

/**
 * Packer's StepIamInstanceProfile: `iam_instance_profile` (checked unless skip_profile_validation),
 * or, from `temporary_iam_instance_profile_policy_document`, a temporary instance profile and role
 * `packer-<uuid>` holding that policy. Both are in the ledger before they exist; cleanup detaches,
 * deletes the policy, the role and the profile.
 */

/** Ledger IDs: a role and its profile share their name, and ledger IDs must be unique. */
export function iamRoleLedgerId(name: string): string {
  return `iam-role/${name}`;
}
export function instanceProfileLedgerId(name: string): string {
  return `instance-profile/${name}`;
}

const ASSUME_ROLE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

function isNoSuchEntity(e: unknown): boolean {
  return awsErrorCode(e) === 'NoSuchEntity' || awsErrorCode(e) === 'NoSuchEntityException';
}

/** Until `get` stops answering NoSuchEntity (IAM is eventually consistent). */
async function waitExists(
  what: string,
  get: () => Promise<unknown>,
  polling: PollingOptions,
  defaults: { delayMs: number; maxAttempts: number },
  signal: AbortSignal,
): Promise<void> {
  await waitFor({
    resource: what,
    target: 'present',
    observe: async () => {
      try {
        await get();
        return { state: 'present' };
      } catch (e) {
        if (isNoSuchEntity(e)) return { state: 'not found' };
        throw e;
      }
    },
    done: (o) => o.state === 'present',
    polling,
    defaults,
    signal,
  });
}

/**
 * Takes the role out of the profile if it is in it: AddRoleToInstanceProfile may have been cut short
 * before it was done (and some EC2 emulators fail on removing a role a profile does not hold).
 */
async function detachRole(iam: IAMClient, profile: string, role: string): Promise<void> {
  const r = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: profile }));
  if (!(r.InstanceProfile?.Roles ?? []).some((x) => x.RoleName === role)) return;
  await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: profile, RoleName: role }));
}

interface Created {
  profile?: string;
  role?: string;
  policy?: string;
  /** AddRoleToInstanceProfile was sent (perhaps not done). */
  attached: boolean;
}

export function iamInstanceProfileStep({ options, session }: EbsStepDeps): Step {
  const run = options.run;
  const created: Created = { attached: false };

  async function createTemporary(ctx: StepContext, iam: IAMClient): Promise<string> {
    const name = `packer-${randomUUID()}`;
    const policy = JSON.stringify(run.temporaryIamInstanceProfilePolicyDocument);
    const tags: Tag[] = ec2Tags(run.runTags, ctx.build.runId).map((t) => ({
      Key: t.Key ?? '',
      Value: t.Value ?? '',
    }));
    const call = { abortSignal: ctx.signal };

    ctx.ui.say(`Creating temporary instance profile for this instance: ${name}`);
    ctx.ledger.record({
      id: instanceProfileLedgerId(name),
      kind: 'aws-instance-profile',
      data: awsLedgerData(session),
    });
    created.profile = name;
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name, Tags: tags }), call);
    try {
      await waitExists(
        `instance profile ${name}`,
        () => iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }), call),
        {},
        { delayMs: 1_000, maxAttempts: 40 },
        ctx.signal,
      );
    } catch (e) {
      throw new Error(`Timed out waiting for instance profile ${name}: ${errorMessage(e)}`);
    }

    ctx.ui.say(`Creating temporary role for this instance: ${name}`);
    ctx.ledger.record({ id: iamRoleLedgerId(name), kind: 'aws-iam-role', data: awsLedgerData(session) });
    created.role = name;
    await iam.send(
      new CreateRoleCommand({
        RoleName: name,
        Description: 'Temporary role for Packer',
        AssumeRolePolicyDocument: ASSUME_ROLE_POLICY,
        Tags: tags,
      }),
      call,
    );
    try {
      await waitExists(
        `role ${name}`,
        () => iam.send(new GetRoleCommand({ RoleName: name }), call),
        session.polling,
        { delayMs: 1_000, maxAttempts: 20 },
        ctx.signal,
      );
    } catch (e) {
      throw new Error(`Timed out waiting for temporary role ${name}: ${errorMessage(e)}`);
    }

    ctx.ui.say(`Attaching policy to the temporary role: ${name}`);
    // Marked before the calls: one cut short (a cancel, a lost answer) may still have been done, and
    // a role keeping its policy or its profile cannot be deleted. Undoing what was not done is a no-op.
    created.policy = name;
    await iam.send(
      new PutRolePolicyCommand({ RoleName: name, PolicyName: name, PolicyDocument: policy }),
      call,
    );
    created.attached = true;
    await iam.send(new AddRoleToInstanceProfileCommand({ RoleName: name, InstanceProfileName: name }), call);
    return name;
  }

  /** Runs one cleanup call; NoSuchEntity is success. Returns whether it is done. */
  async function undo(ctx: StepContext, call: () => Promise<unknown>, failure: string): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (e) {
      if (isNoSuchEntity(e)) return true;
      // AWS messages often end in a full stop already.
      ctx.ui.error(`Error ${errorMessage(e).replace(/\.+$/, '')}. ${failure}`);
      return false;
    }
  }

  return {
    name: 'IAM instance profile',
    async run(ctx) {
      const iam = session.iam();
      ctx.state.set(IAM_INSTANCE_PROFILE, '');
      if (run.iamInstanceProfile !== '') {
        if (!run.skipProfileValidation) {
          try {
            await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: run.iamInstanceProfile }), {
              abortSignal: ctx.signal,
            });
          } catch (e) {
            throw new Error(`Couldn't find specified instance profile: ${errorMessage(e)}`);
          }
        }
        ctx.state.set(IAM_INSTANCE_PROFILE, run.iamInstanceProfile);
        return;
      }
      if (run.temporaryIamInstanceProfilePolicyDocument === undefined) return;
      ctx.state.set(IAM_INSTANCE_PROFILE, await createTemporary(ctx, iam));
    },

    async cleanup(ctx) {
      const iam = session.iam();
      const { profile, role } = created;
      if (created.attached && profile !== undefined && role !== undefined) {
        ctx.ui.say('Detaching temporary role from instance profile...');
        if (
          await undo(ctx, () => detachRole(iam, profile, role), `Please delete the role manually: ${role}`)
        ) {
          created.attached = false;
        }
      }
      if (created.policy !== undefined && role !== undefined) {
        ctx.ui.say('Removing policy from temporary role...');
        const policy = created.policy;
        // As Packer: a failure here shows when the role cannot be deleted.
        await iam
          .send(new DeleteRolePolicyCommand({ PolicyName: policy, RoleName: role }))
          .catch(() => undefined);
        created.policy = undefined;
      }
      if (role !== undefined) {
        ctx.ui.say('Deleting temporary role...');
        if (
          await undo(
            ctx,
            () => iam.send(new DeleteRoleCommand({ RoleName: role })),
            `Please delete the role manually: ${role}`,
          )
        ) {
          ctx.ledger.release(iamRoleLedgerId(role));
          created.role = undefined;
        }
      }
      if (profile !== undefined) {
        ctx.ui.say('Deleting temporary instance profile...');
        if (
          await undo(
            ctx,
            () => iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: profile })),
            `Please delete the instance profile manually: ${profile}`,
          )
        ) {
          ctx.ledger.release(instanceProfileLedgerId(profile));
          created.profile = undefined;
        }
      }
    },
  };
}
