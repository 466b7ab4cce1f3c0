// Compares kiln's formatter (compiled to $BUILD) with files packer has already formatted in place.
// Usage: node compare.js BUILD_DIR FUZZ_DIR   (see differential.sh)
'use strict';
const fs = require('fs');
const path = require('path');
const { formatHCLChecked } = require(path.join(process.argv[2], 'hcl/format/format.js'));
const d = process.argv[3];
// Packer 1.6.6 writes `! x`; current hclwrite (which kiln follows) writes `!x`.
const normalizeBang = (s) => s.replace(/! +/g, '!');
const tally = { same: 0, different: 0, bothRejected: 0, onlyKilnRejected: 0, onlyPackerRejected: 0 };
for (const f of fs.readdirSync(d).filter((n) => n.endsWith('.orig'))) {
  const base = f.slice(0, -'.orig'.length);
  const src = fs.readFileSync(path.join(d, f), 'utf8');
  const packerOut = fs.readFileSync(path.join(d, `${base}.pkr.hcl`), 'utf8');
  const packerRejected = fs.existsSync(path.join(d, `${base}.rej`));
  const r = formatHCLChecked(src, `${base}.pkr.hcl`);
  if (packerRejected && r.output === undefined) tally.bothRejected++;
  else if (packerRejected) {
    tally.onlyPackerRejected++;
    console.log('packer rejects, kiln accepts:', base);
  } else if (r.output === undefined) {
    tally.onlyKilnRejected++;
    console.log('kiln rejects, packer accepts:', base, r.diagnostics[0].summary);
  } else if (r.output === packerOut || normalizeBang(r.output) === normalizeBang(packerOut)) tally.same++;
  else {
    tally.different++;
    console.log('different output:', base);
  }
}
console.log(tally);
process.exitCode = tally.different + tally.onlyKilnRejected + tally.onlyPackerRejected > 0 ? 1 : 0;
