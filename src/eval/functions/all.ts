/**
 * Imports every function family so that each registers itself via registerFamily (see ./index.ts).
 * The conversion functions can(), try() and convert() take unevaluated expressions or types, so the
 * evaluator implements them (src/eval/special-functions.ts); they are not in this table.
 */
import './numeric';
import './strings';
import './regex';
import './format';
import './collections';
import './encoding';
import './filesystem';
import './datetime';
import './crypto';
import './uuid';
import './ipnet';
import './remote';
