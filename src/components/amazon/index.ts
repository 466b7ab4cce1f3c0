import { type ComponentDeclaration, defineBuilder } from '../../sdk/define';
import { AMAZON_DATA_SOURCES } from './datasources/declarations';
import { AMAZON_EBS_SCHEMA } from './ebs-schema';
import { AMAZON_TEMPLATE_FUNCTIONS } from './template-functions';

/**
 * github.com/hashicorp/amazon. amazon-ebs is validated (its whole configuration, with Packer's
 * checks) but not run yet.
 */

/** The plugin's GetGeneratedDataList: what every amazon builder adds to `build.*`. */
export const AMAZON_GENERATED_DATA: readonly string[] = [
  'SourceAMIName',
  'BuildRegion',
  'SourceAMI',
  'SourceAMICreationDate',
  'SourceAMIOwner',
  'SourceAMIOwnerName',
];

export const AMAZON_EBS_DECLARATION = defineBuilder({
  schema: AMAZON_EBS_SCHEMA,
  cannotRun: 'Kiln cannot run the amazon-ebs builder yet.',
  generatedData: AMAZON_GENERATED_DATA,
  templateFunctions: AMAZON_TEMPLATE_FUNCTIONS,
});

export const AMAZON_COMPONENTS: readonly ComponentDeclaration[] = [
  AMAZON_EBS_DECLARATION,
  ...AMAZON_DATA_SOURCES,
];
