import type { AwsSession } from '../../aws/session';
import type { AmazonEbsOptions } from '../options';

/** What every amazon-ebs step is made with: the options, read once, and the AWS clients. */
export interface EbsStepDeps {
  readonly options: AmazonEbsOptions;
  readonly session: AwsSession;
}
