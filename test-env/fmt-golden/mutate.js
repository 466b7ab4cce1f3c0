// Writes COUNT mutated copies of the fmt golden inputs (as NAME.pkr.hcl and NAME.orig) for differential.sh.
// Usage: node mutate.js OUT_DIR COUNT SEED
const fs = require('fs');
const dir = require('path').join(__dirname, '../../__tests__/fixtures/fmt/');
const out = process.argv[2]; const n = +process.argv[3]; let seed = +process.argv[4] || 1;
const rnd = (k) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % k; };
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.in.pkr.hcl')).sort().map((f) => fs.readFileSync(dir + f, 'utf8'));
const FR = [' ', '  ', '\t', '\n', '\n\n', '(', ')', '-', '!', '# c\n', '/* c */', ' = ', ',', '[', ']', '{', '}', 'x', '1', ' -1', '...', '.', '*', '"s"', '? 1 : 2', '${x}', ' in ', ':', '=>', '==', '&&', '\r\n', 'é', '日本', '<<EOT\nx ${y}\nEOT\n', '"%{if x}y%{endif}"', '"a${ {b=1} }"', '/', '%', '>=', '!='];
fs.rmSync(out, { recursive: true, force: true }); fs.mkdirSync(out);
for (let i = 0; i < n; i++) {
  let s = files[rnd(files.length)];
  const edits = 1 + rnd(4);
  for (let e = 0; e < edits; e++) {
    const at = rnd(s.length + 1);
    const kind = rnd(3);
    if (kind === 0) s = s.slice(0, at) + FR[rnd(FR.length)] + s.slice(at);
    else if (kind === 1) s = s.slice(0, at) + s.slice(at + 1 + rnd(3));
    else { const m = s.slice(at).match(/^[ \t]*/)[0]; s = s.slice(0, at) + ' '.repeat(rnd(5)) + s.slice(at + m.length); }
  }
  fs.writeFileSync(`${out}/f${i}.pkr.hcl`, s);
  fs.writeFileSync(`${out}/f${i}.orig`, s);
}
