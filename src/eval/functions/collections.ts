/**
 * The collection function family: functions over lists, tuples, sets, maps and objects. The specs
 * live in collections-*.ts by concept; this file only registers them under Packer's names.
 */
import { registerFamily } from './index';
import {
  alltrueFunction,
  anytrueFunction,
  chunklistFunction,
  coalescelistFunction,
  compactFunction,
  containsFunction,
  distinctFunction,
  elementFunction,
  indexFunction,
  lengthFunction,
  sortFunction,
} from './collections-lists';
import {
  coalesceFunction,
  keysFunction,
  lookupFunction,
  mergeFunction,
  valuesFunction,
  zipmapFunction,
} from './collections-maps';
import {
  concatFunction,
  flattenFunction,
  rangeFunction,
  reverseFunction,
  sliceFunction,
} from './collections-sequences';
import { setintersectionFunction, setproductFunction, setunionFunction } from './collections-sets';

registerFamily((table) => {
  table.set('alltrue', alltrueFunction);
  table.set('anytrue', anytrueFunction);
  table.set('chunklist', chunklistFunction);
  table.set('coalesce', coalesceFunction);
  table.set('coalescelist', coalescelistFunction);
  table.set('compact', compactFunction);
  table.set('concat', concatFunction);
  table.set('contains', containsFunction);
  table.set('distinct', distinctFunction);
  table.set('element', elementFunction);
  table.set('flatten', flattenFunction);
  table.set('index', indexFunction);
  table.set('keys', keysFunction);
  table.set('length', lengthFunction);
  table.set('lookup', lookupFunction);
  table.set('merge', mergeFunction);
  table.set('range', rangeFunction);
  table.set('reverse', reverseFunction);
  table.set('setintersection', setintersectionFunction);
  table.set('setproduct', setproductFunction);
  table.set('setunion', setunionFunction);
  table.set('slice', sliceFunction);
  table.set('sort', sortFunction);
  table.set('values', valuesFunction);
  table.set('zipmap', zipmapFunction);
});
