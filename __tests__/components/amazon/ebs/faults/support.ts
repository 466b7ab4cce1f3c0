import {
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  IAMClient,
  ListInstanceProfilesCommand,
  ListRoleTagsCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';

import { RUN_TAG_KEY } from '../../../../../src/components/amazon/aws/ledger';
import type { AwsProxy, PrivateMoto } from '../../../../support/aws-emulator';
import { ec2Client, startAwsProxy, startPrivateMoto } from '../../../../support/aws-emulator';

/**
 * What the fault proofs share: the template (built in ap-south-1, copied to ap-northeast-1 and
 * ap-northeast-3, regions no other AWS test uses) and leftovers(), which asks moto for everything
 * a build of that template may have left in those regions and in IAM.
 */

export const BUILD_REGION = 'ap-south-1';
export const COPY_REGIONS = ['ap-northeast-1', 'ap-northeast-3'];
export const REGIONS = [BUILD_REGION, ...COPY_REGIONS];

/** The tag (in run_tags, so on the instance, key pair, group and IAM role/profile) naming the test's build. */
export const MARKER_TAG = 'KilnFaultProof';

export interface TemplateOptions {
  /** A temporary instance profile and role (temporary_iam_instance_profile_policy_document). */
  readonly iam?: boolean;
  /** spot_price = "auto": a launch template and an instant fleet instead of RunInstances. */
  readonly spot?: boolean;
  /** The shell provisioner's commands (default: one echo). */
  readonly inline?: readonly string[];
  /** No SSH (the proxy gives fleet instances no machine): the build goes straight to the AMI. */
  readonly communicatorNone?: boolean;
  /** max_retries (default Packer's 10). */
  readonly maxRetries?: number;
}

/** An amazon-ebs template building `name`; the proxy's endpoint comes in as var.endpoint. */
export function template(name: string, opts: TemplateOptions = {}): string {
  const inline = opts.inline ?? ['echo provisioned > /root/kiln-fault'];
  const iam = opts.iam
    ? `
  temporary_iam_instance_profile_policy_document {
    Version = "2012-10-17"
    Statement {
      Effect   = "Allow"
      Action   = ["logs:PutLogEvents"]
      Resource = ["*"]
    }
  }`
    : '';
  const spot = opts.spot
    ? `
  spot_price          = "auto"
  spot_instance_types = ["t3.micro"]`
    : `
  instance_type = "t3.micro"`;
  const communicator = opts.communicatorNone
    ? `
  communicator = "none"`
    : `
  ssh_username = "root"
  ssh_timeout  = "60s"`;
  const provisioner = opts.communicatorNone
    ? ''
    : `
  provisioner "shell" {
    inline = ${JSON.stringify(inline)}
  }`;
  return `
variable "endpoint" {
  type = string
}

source "amazon-ebs" "proof" {
  access_key                 = "test"
  secret_key                 = "test"
  region                     = "${BUILD_REGION}"
  custom_endpoint_ec2        = var.endpoint
  skip_credential_validation = true
  skip_metadata_api_check    = true${opts.maxRetries !== undefined ? `\n  max_retries                = ${opts.maxRetries}` : ''}
  source_ami_filter {
    filters = {
      name = "amzn2-ami-hvm-*"
    }
    owners      = ["137112412989"]
    most_recent = true
  }${spot}${communicator}
  ami_name    = "${name}"
  ami_regions = ${JSON.stringify(COPY_REGIONS)}
  ami_users   = ["111122223333"]
  run_tags = {
    ${MARKER_TAG} = "${name}"
  }
  tags = {
    Name   = "${name}"
    Source = "{{ .SourceAMI }}"
  }${iam}
}

build {
  sources = ["source.amazon-ebs.proof"]
${provisioner}
}
`;
}

let privateMoto: PrivateMoto | undefined;

/**
 * The proxy for one test file, in front of a moto of the file's own: leftovers() reports every
 * instance and snapshot in the three regions, so two fault files sharing one moto (jest runs files
 * in parallel) would see each other's builds as leftovers. Stopping the proxy stops that moto too.
 */
export async function startFaultProxy(): Promise<AwsProxy> {
  privateMoto = await startPrivateMoto();
  const moto = privateMoto;
  const proxy = await startAwsProxy({ moto: moto.endpoint });
  return {
    ...proxy,
    stop: async () => {
      await proxy.stop();
      await moto.stop();
      if (privateMoto === moto) privateMoto = undefined;
    },
  };
}

/** moto itself: leftovers are asked past the proxy, so that its faults never hide anything. */
export function motoEndpoint(): string {
  if (privateMoto === undefined) throw new Error('no fault proxy is running: call startFaultProxy() first');
  return privateMoto.endpoint;
}

/**
 * What was in the regions before a build (the built-in AMIs' snapshots, what an earlier failed test
 * left): leftovers() reports only what is new, so that each proof stands on its own.
 */
export interface Baseline {
  readonly lines: ReadonlySet<string>;
}

/** A leftovers() line without its state, which may change: "(running)" and "(stopped)" are one thing. */
const identity = (line: string): string => line.replace(/ \([^)]*\)$/, '');

async function liveInstances(ec2: EC2Client): Promise<{ id: string; state: string }[]> {
  const r = await ec2.send(
    new DescribeInstancesCommand({
      Filters: [
        {
          Name: 'instance-state-name',
          Values: ['pending', 'running', 'stopping', 'stopped', 'shutting-down'],
        },
      ],
    }),
  );
  return (r.Reservations ?? []).flatMap((res) =>
    (res.Instances ?? []).map((i) => ({ id: i.InstanceId ?? '', state: i.State?.Name ?? '' })),
  );
}

async function ownSnapshots(ec2: EC2Client): Promise<{ id: string; description: string }[]> {
  const r = await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
  return (r.Snapshots ?? []).map((s) => ({ id: s.SnapshotId ?? '', description: s.Description ?? '' }));
}

/** Everything leftovers() would report now, for any build. */
export async function baseline(endpoint: string, regions: readonly string[] = REGIONS): Promise<Baseline> {
  const lines = await withRetries(() => leftoversOnce(endpoint, regions, undefined));
  return { lines: new Set(lines.map(identity)) };
}

const isTemporaryName = (n: string | undefined): boolean =>
  n !== undefined && (n.startsWith('packer_') || n.startsWith('packer-'));

const hasRunTag = (tags: readonly { Key?: string }[] | undefined): boolean =>
  (tags ?? []).some((t) => t.Key === RUN_TAG_KEY);

/**
 * Everything of a build of `name` still in moto, one line each ("<region> <what> <id>"): instances
 * not terminated, key pairs, security groups and launch templates named like Packer's temporaries
 * or carrying the run tag, AMIs named `name` or carrying the run tag, snapshots, and IAM instance
 * profiles and roles named packer-* and tagged with the build's marker; less what `before` had.
 * Empty when nothing is left.
 */
export async function leftovers(
  endpoint: string,
  regions: readonly string[],
  name: string,
  before: Baseline = { lines: new Set() },
): Promise<string[]> {
  const now = await withRetries(() => leftoversOnce(endpoint, regions, name));
  return now.filter((line) => !before.lines.has(identity(line)));
}

/** moto (shared, busy) now and then answers with an HTML error page: asked again. */
async function withRetries<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= 5) throw e;
      const raw = (e as { $response?: { body?: unknown } }).$response;
      process.stderr.write(
        `leftovers: moto failed (${String(e)}); asking again\n${String(raw?.body ?? '')}\n`,
      );
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

/** Every line of leftovers(); with no `name`, AMIs only by the run tag, and no IAM. */
async function leftoversOnce(
  endpoint: string,
  regions: readonly string[],
  name: string | undefined,
): Promise<string[]> {
  const found: string[] = [];
  for (const region of regions) {
    const ec2 = ec2Client(endpoint, { region });
    try {
      for (const i of await liveInstances(ec2)) found.push(`${region} instance ${i.id} (${i.state})`);
      const keys = await ec2.send(new DescribeKeyPairsCommand({}));
      for (const k of keys.KeyPairs ?? [])
        if (isTemporaryName(k.KeyName) || hasRunTag(k.Tags)) found.push(`${region} key pair ${k.KeyName}`);
      const groups = await ec2.send(new DescribeSecurityGroupsCommand({}));
      for (const g of groups.SecurityGroups ?? [])
        if (isTemporaryName(g.GroupName) || hasRunTag(g.Tags))
          found.push(`${region} security group ${g.GroupId} ${g.GroupName}`);
      const templates = await ec2.send(new DescribeLaunchTemplatesCommand({}));
      for (const t of templates.LaunchTemplates ?? [])
        if (isTemporaryName(t.LaunchTemplateName) || hasRunTag(t.Tags))
          found.push(`${region} launch template ${t.LaunchTemplateName}`);
      const images = await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }));
      for (const i of images.Images ?? [])
        if (i.Name === name || hasRunTag(i.Tags))
          found.push(`${region} AMI ${i.ImageId} ${i.Name} (${i.State})`);
      // Every snapshot: the baseline leaves out those that were there before (the built-in AMIs').
      for (const s of await ownSnapshots(ec2)) found.push(`${region} snapshot ${s.id} ${s.description}`);
    } finally {
      ec2.destroy();
    }
  }
  if (name !== undefined) found.push(...(await iamLeftovers(endpoint, name)));
  return found;
}

/** IAM is global and other tests make packer-* profiles too: only those tagged with this build's marker. */
async function iamLeftovers(endpoint: string, name: string): Promise<string[]> {
  const iam = new IAMClient({
    region: BUILD_REGION,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const marked = (tags: readonly { Key?: string; Value?: string }[] | undefined): boolean =>
    (tags ?? []).some((t) => t.Key === MARKER_TAG && t.Value === name);
  const found: string[] = [];
  try {
    const profiles = await iam.send(new ListInstanceProfilesCommand({ MaxItems: 1000 }));
    for (const p of profiles.InstanceProfiles ?? []) {
      // moto has no ListInstanceProfileTags: the listing carries the tags.
      if (isTemporaryName(p.InstanceProfileName) && marked(p.Tags))
        found.push(`instance profile ${p.InstanceProfileName}`);
    }
    const roles = await iam.send(new ListRolesCommand({ MaxItems: 1000 }));
    for (const r of roles.Roles ?? []) {
      if (!isTemporaryName(r.RoleName)) continue;
      const tags = await iam.send(new ListRoleTagsCommand({ RoleName: r.RoleName }));
      if (marked(tags.Tags)) found.push(`role ${r.RoleName}`);
    }
  } finally {
    iam.destroy();
  }
  return found;
}

/** Polls `proxy.calls()` every 50 ms until `operation` has been called `n` times (or `ms` passes). */
export async function untilCalled(proxy: AwsProxy, operation: string, n = 1, ms = 60_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (((await proxy.calls()).calls[operation] ?? 0) >= n) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Deregisters the AMIs named `name` in `regions` and deletes their snapshots (a successful build's). */
export async function removeImages(regions: readonly string[], name: string): Promise<void> {
  for (const region of regions) {
    const ec2 = ec2Client(motoEndpoint(), { region });
    try {
      const images = await ec2.send(
        new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: [name] }] }),
      );
      for (const image of images.Images ?? []) {
        await ec2.send(new DeregisterImageCommand({ ImageId: image.ImageId }));
        for (const s of await ownSnapshots(ec2)) {
          if (s.description.includes(image.ImageId ?? '-'))
            await ec2.send(new DeleteSnapshotCommand({ SnapshotId: s.id }));
        }
      }
    } finally {
      ec2.destroy();
    }
  }
}

/** Lines that look like a JavaScript stack trace: a build's error must never print one. */
export function stackLines(text: string): string[] {
  return text.split('\n').filter((l) => /^\s+at .+(\(.*:\d+:\d+\)|:\d+:\d+)$/.test(l));
}
