#!/usr/bin/env node
/******/ (() => { // webpackBootstrap
/******/ 	"use strict";
/******/ 	var __webpack_modules__ = ({

/***/ 3520:
/***/ ((__unused_webpack_module, exports) => {


/**
 * Unified diff in the layout `packer fmt -diff` prints (Packer shells out to
 * `diff --label=old/<path> --label=new/<path> -u`): three lines of context, nearby hunks merged,
 * deletions before insertions within a change, and GNU diff's "\ No newline at end of file" marker.
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.unifiedDiff = unifiedDiff;
const CONTEXT = 3;
/** Beyond this many edits the minimal diff costs too much; pair lines by position instead. */
const MAX_EDITS = 4000;
function splitLines(text) {
    const lines = [];
    let start = 0;
    while (start < text.length) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) {
            lines.push({ text: text.slice(start), terminated: false });
            break;
        }
        lines.push({ text: text.slice(start, nl), terminated: true });
        start = nl + 1;
    }
    return lines;
}
function sameLine(a, b) {
    return a.text === b.text && a.terminated === b.terminated;
}
/** Myers' O(ND) shortest edit script over a[lo..], b[lo..] with the common ends already trimmed. */
function myers(a, b) {
    const n = a.length;
    const m = b.length;
    const max = Math.min(n + m, MAX_EDITS);
    const offset = max + 1;
    const v = new Int32Array(2 * max + 3);
    const trace = [];
    for (let d = 0; d <= max; d++) {
        trace.push(v.slice());
        for (let k = -d; k <= d; k += 2) {
            let x;
            if (k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]))
                x = v[offset + k + 1];
            else
                x = v[offset + k - 1] + 1;
            let y = x - k;
            while (x < n && y < m && sameLine(a[x], b[y])) {
                x++;
                y++;
            }
            v[offset + k] = x;
            if (x >= n && y >= m)
                return backtrack(trace, offset, n, m, d);
        }
    }
    return undefined;
}
function backtrack(trace, offset, n, m, dEnd) {
    const ops = [];
    let x = n;
    let y = m;
    for (let d = dEnd; d > 0; d--) {
        const v = trace[d];
        const k = x - y;
        const prevK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
        const prevX = v[offset + prevK];
        const prevY = prevX - prevK;
        while (x > prevX && y > prevY) {
            ops.push('equal');
            x--;
            y--;
        }
        ops.push(x === prevX ? 'insert' : 'delete');
        x = prevX;
        y = prevY;
    }
    while (x > 0 && y > 0) {
        ops.push('equal');
        x--;
        y--;
    }
    return ops.reverse();
}
function editScript(a, b) {
    let pre = 0;
    while (pre < a.length && pre < b.length && sameLine(a[pre], b[pre]))
        pre++;
    let suf = 0;
    while (suf < a.length - pre &&
        suf < b.length - pre &&
        sameLine(a[a.length - 1 - suf], b[b.length - 1 - suf]))
        suf++;
    const midA = a.slice(pre, a.length - suf);
    const midB = b.slice(pre, b.length - suf);
    const midOps = myers(midA, midB) ?? positional(midA, midB);
    const ops = [...Array(pre).fill('equal'), ...midOps, ...Array(suf).fill('equal')];
    const edits = [];
    let i = 0;
    let j = 0;
    for (const op of ops) {
        edits.push({ op, oldIndex: i, newIndex: j });
        if (op !== 'insert')
            i++;
        if (op !== 'delete')
            j++;
    }
    return edits;
}
/** Fallback for huge diffs: formatting keeps line counts, so pairing lines by position is reasonable. */
function positional(a, b) {
    const ops = [];
    const common = Math.min(a.length, b.length);
    for (let i = 0; i < common; i++) {
        if (sameLine(a[i], b[i]))
            ops.push('equal');
        else
            ops.push('delete', 'insert');
    }
    for (let i = common; i < a.length; i++)
        ops.push('delete');
    for (let i = common; i < b.length; i++)
        ops.push('insert');
    return ops;
}
function rangeHeader(start, count) {
    // GNU diff names the line before an empty range, and omits a count of one.
    if (count === 0)
        return `${start},0`;
    if (count === 1)
        return `${start + 1}`;
    return `${start + 1},${count}`;
}
function emit(prefix, line) {
    return `${prefix}${line.text}\n${line.terminated ? '' : '\\ No newline at end of file\n'}`;
}
function unifiedDiff(oldText, newText, path) {
    const a = splitLines(oldText);
    const b = splitLines(newText);
    const edits = editScript(a, b);
    const changed = edits.map((e, i) => (e.op === 'equal' ? -1 : i)).filter((i) => i >= 0);
    if (changed.length === 0)
        return '';
    let out = `--- old/${path}\n+++ new/${path}\n`;
    let h = 0;
    while (h < changed.length) {
        // Grow the hunk while the next change is close enough for the contexts to touch.
        let last = h;
        while (last + 1 < changed.length && changed[last + 1] - changed[last] - 1 <= 2 * CONTEXT)
            last++;
        const from = Math.max(0, changed[h] - CONTEXT);
        const to = Math.min(edits.length, changed[last] + CONTEXT + 1);
        out += hunk(edits.slice(from, to), a, b);
        h = last + 1;
    }
    return out;
}
function hunk(edits, a, b) {
    const first = edits[0];
    let oldCount = 0;
    let newCount = 0;
    for (const e of edits) {
        if (e.op !== 'insert')
            oldCount++;
        if (e.op !== 'delete')
            newCount++;
    }
    let body = '';
    let dels = '';
    let ins = '';
    const flush = () => {
        body += dels + ins;
        dels = '';
        ins = '';
    };
    for (const e of edits) {
        if (e.op === 'equal') {
            flush();
            body += emit(' ', a[e.oldIndex]);
        }
        else if (e.op === 'delete') {
            dels += emit('-', a[e.oldIndex]);
        }
        else {
            ins += emit('+', b[e.newIndex]);
        }
    }
    flush();
    return `@@ -${rangeHeader(first.oldIndex, oldCount)} +${rangeHeader(first.newIndex, newCount)} @@\n${body}`;
}


/***/ }),

/***/ 4438:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.decodeSource = decodeSource;
const diagnostics_1 = __nccwpck_require__(3995);
const source_bytes_1 = __nccwpck_require__(6748);
/**
 * Decodes a file's bytes for formatting. Node would silently turn invalid UTF-8 into U+FFFD, and
 * writing the result back would corrupt the file; HCL (and so `packer fmt`) refuses such input
 * with an "Invalid character encoding" error instead.
 */
function decodeSource(bytes, filename) {
    const bad = (0, source_bytes_1.firstInvalidUTF8)(bytes);
    if (bad < 0)
        return { src: Buffer.from(bytes).toString('utf8'), diagnostics: [] };
    const start = posAt(bytes, bad);
    const end = { line: start.line, column: start.column + 1, byte: bad + 1 };
    return {
        diagnostics: [
            (0, diagnostics_1.errorDiag)('Invalid character encoding', 'All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.', { filename, start, end }),
        ],
    };
}
function posAt(b, offset) {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
        if (b[i] === 0x0a) {
            line++;
            lineStart = i + 1;
        }
    }
    const column = [...Buffer.from(b.subarray(lineStart, offset)).toString('utf8')].length + 1;
    return { line, column, byte: offset };
}


/***/ }),

/***/ 1410:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.runFmt = runFmt;
const child_process_1 = __nccwpck_require__(5317);
const fs = __importStar(__nccwpck_require__(9896));
const os = __importStar(__nccwpck_require__(857));
const path = __importStar(__nccwpck_require__(6928));
const diagnostics_1 = __nccwpck_require__(3995);
const format_1 = __nccwpck_require__(5400);
const pos_1 = __nccwpck_require__(3857);
const render_1 = __nccwpck_require__(3767);
const flags_1 = __nccwpck_require__(5377);
const file_errors_1 = __nccwpck_require__(292);
const fmt_diff_1 = __nccwpck_require__(3520);
const fmt_source_1 = __nccwpck_require__(4438);
/**
 * `kiln fmt`: Packer's `fmt` command. Exit codes as Packer: 0 done (or nothing to do), 1 for errors
 * (usage, unreadable files, syntax errors), 3 when `-check` finds files that would change.
 */
const FLAGS = [
    { kind: 'bool', name: 'check', usage: 'Check if the input is formatted.' },
    { kind: 'bool', name: 'diff', usage: 'Display diffs of formatting change' },
    { kind: 'bool', name: 'write', usage: "Don't write to source files" },
    { kind: 'bool', name: 'recursive', usage: 'Also process files in subdirectories.' },
];
const HELP = `Usage: kiln fmt [options] [TEMPLATE...]

  Rewrites Packer HCL2 files into the canonical layout that \`packer fmt\` produces.
  Templates (*.pkr.hcl) and variable files (*.pkrvars.hcl) are formatted; JSON
  templates are left alone. TEMPLATE is a file or a directory ("." for the current
  one), or "-" to format standard input to standard output.

Options:
  -check        Change nothing; exit with status 3 when a file is not formatted.
  -diff         Show what would change, as a unified diff.
  -write=false  Print the result instead of rewriting files (implied by -check).
  -recursive    Descend into subdirectories as well.
`;
async function runFmt(args, io) {
    if (args.length > 0 && ['-h', '-help', '--help', '--h'].includes(args[0])) {
        io.stdout(HELP);
        return 0;
    }
    let parsed;
    try {
        parsed = (0, flags_1.parseFlags)(args, FLAGS);
    }
    catch (e) {
        if (!(e instanceof flags_1.FlagError))
            throw e;
        // Packer prints the usage on standard output; the reason goes to standard error.
        io.stderr(`${e.message}\n`);
        io.stdout(HELP);
        return 1;
    }
    const check = parsed.bools.get('check') ?? false;
    const opts = {
        check,
        diff: parsed.bools.get('diff') ?? false,
        write: !check && (parsed.bools.get('write') ?? true),
        recursive: parsed.bools.get('recursive') ?? false,
    };
    const run = { io, opts, diags: [], bytesModified: 0 };
    // Like Packer, fmt needs to be told what to format ("." for the current directory).
    if (parsed.args.length === 0) {
        io.stdout(HELP);
        return 1;
    }
    for (const p of parsed.args)
        await formatPath(run, p);
    if (run.diags.length > 0) {
        io.stderr(`${(0, render_1.renderDiagnostics)(run.diags, new Map(), { width: 80 })}\n`);
        io.observer?.diagnostics?.(run.diags, new Map());
        return 1;
    }
    return opts.check && run.bytesModified > 0 ? 3 : 0;
}
function isHCLFile(name) {
    return name.endsWith('.pkr.hcl') || name.endsWith('.pkrvars.hcl');
}
/** Editor droppings and hidden files that a directory walk skips, as Packer does. */
function shouldIgnore(name) {
    return name.startsWith('.') || name.endsWith('~') || (name.startsWith('#') && name.endsWith('#'));
}
async function formatPath(run, shown) {
    const abs = path.resolve(run.io.cwd, shown);
    let isDir = false;
    if (shown !== '-') {
        try {
            isDir = (await fs.promises.stat(abs)).isDirectory();
        }
        catch {
            // Not there: reported when the file is opened, with the file's own error.
        }
    }
    if (!isDir) {
        await formatFile(run, shown);
        return;
    }
    let entries;
    try {
        entries = await fs.promises.readdir(abs, { withFileTypes: true });
    }
    catch (e) {
        run.diags.push((0, diagnostics_1.errorDiag)('Cannot read hcl directory', osErrorText(e, 'open', shown)));
        return;
    }
    entries.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    for (const entry of entries) {
        if (shouldIgnore(entry.name))
            continue;
        const child = path.join(shown, entry.name);
        if (entry.isDirectory()) {
            if (run.opts.recursive)
                await formatPath(run, child);
            continue;
        }
        if (isHCLFile(entry.name))
            await formatFile(run, child);
    }
}
async function formatFile(run, shown) {
    const { io, opts } = run;
    const fail = (detail) => {
        run.diags.push((0, diagnostics_1.errorDiag)(`encountered an error while formatting ${shown}`, detail));
    };
    const stdin = shown === '-';
    if (!stdin && !isHCLFile(shown))
        return fail(`file ${shown} is not a HCL file`);
    let src;
    if (stdin) {
        src = await io.readStdin();
    }
    else {
        let bytes;
        try {
            bytes = await fs.promises.readFile(path.resolve(io.cwd, shown));
        }
        catch (e) {
            return fail(`failed to open ${shown}: ${osErrorText(e, 'open', shown)}`);
        }
        const decoded = (0, fmt_source_1.decodeSource)(bytes, shown);
        if (decoded.src === undefined)
            return fail(multiErrorText(decoded.diagnostics));
        src = decoded.src;
    }
    const result = (0, format_1.formatHCLChecked)(src, shown);
    if (result.output === undefined)
        return fail(multiErrorText(result.diagnostics.filter((d) => d.severity === 'error')));
    const out = result.output;
    if (out === src) {
        if (stdin)
            io.stdout(out);
        return;
    }
    run.bytesModified += Buffer.byteLength(out, 'utf8');
    if (!stdin)
        io.stdout(`${shown}\n`);
    if (opts.write) {
        if (stdin) {
            io.stdout(out);
        }
        else {
            try {
                const file = path.resolve(io.cwd, shown);
                await (0, file_errors_1.writingFileAsync)(file, () => fs.promises.writeFile(file, out, 'utf8'));
            }
            catch (e) {
                return fail(osErrorText(e, 'open', shown));
            }
        }
    }
    // Packer never shows a diff for standard input.
    const diff = !stdin && (opts.diff || io.observer?.unformatted) ? fileDiff(src, out, shown) : undefined;
    if (opts.diff && diff !== undefined)
        io.stdout(diff);
    if (!stdin)
        io.observer?.unformatted?.(shown, diff);
}
/**
 * Packer prints whatever `diff -u` prints, so where a `diff` program exists we run it the same way
 * for identical hunks; elsewhere (e.g. Windows) the built-in unified diff stands in.
 */
function fileDiff(before, after, shown) {
    let dir;
    try {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-fmt-'));
        const a = path.join(dir, 'old');
        const b = path.join(dir, 'new');
        fs.writeFileSync(a, before);
        fs.writeFileSync(b, after);
        const r = (0, child_process_1.spawnSync)('diff', [`--label=old/${shown}`, `--label=new/${shown}`, '-u', a, b], {
            encoding: 'utf8',
        });
        if (!r.error && r.status === 1 && r.stdout)
            return r.stdout;
    }
    catch {
        // Fall through to the built-in diff.
    }
    finally {
        if (dir)
            fs.rmSync(dir, { recursive: true, force: true });
    }
    return (0, fmt_diff_1.unifiedDiff)(before, after, shown);
}
/** The text of Go's multierror list, which is how Packer reports a file's syntax errors. */
function multiErrorText(diags) {
    const items = diags.map((d) => {
        const head = d.subject ? `${(0, pos_1.formatRange)(d.subject)}: ${d.summary}` : d.summary;
        return `${head}; ${d.detail}`;
    });
    const title = items.length === 1 ? '1 error occurred:' : `${items.length} errors occurred:`;
    return `${title}\n\t* ${items.join('\n\t* ')}\n\n`;
}
const OS_ERRORS = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
    EPERM: 'operation not permitted',
};
/** Go's *PathError wording (`open x: no such file or directory`) for a Node file-system error. */
function osErrorText(e, op, shown) {
    // Errors from fs may come from another realm (e.g. under jest), so test their shape, not their class.
    const err = typeof e === 'object' && e !== null ? e : undefined;
    const reason = OS_ERRORS[String(err?.code)] ?? err?.message ?? String(e);
    return `${op} ${shown}: ${reason}`;
}


/***/ }),

/***/ 317:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.MERGE_USAGE = void 0;
exports.runMerge = runMerge;
const fs = __importStar(__nccwpck_require__(3024));
const path = __importStar(__nccwpck_require__(6760));
const flags_1 = __nccwpck_require__(5377);
const merge_results_1 = __nccwpck_require__(5265);
const result_file_1 = __nccwpck_require__(9576);
/**
 * `kiln merge`: puts back together the result files of builds run in separate jobs (`kiln build
 * -only=… -result-file=…` in each job of a matrix): one Packer manifest of every build, and the
 * closing lines of one whole run. Exit code 1 when a build failed or was cancelled, or a job built
 * nothing, as `kiln build` of the whole template would have ended.
 */
const FLAGS = [
    {
        kind: 'string',
        name: 'manifest',
        usage: "Write one Packer-format manifest of every build here (entries carry their job's packer_run_uuid).",
    },
];
exports.MERGE_USAGE = `Usage: kiln merge [options] RESULT_FILE_OR_DIRECTORY...

  Merges the result files written by kiln build -result-file (one per job
  of a matrix) into one manifest and one report of every build. A directory
  stands for every result file under it.

Options:

${(0, flags_1.flagUsage)(FLAGS)}
`;
async function runMerge(args, io) {
    if (args.some((a) => a === '-h' || a === '-help' || a === '--help')) {
        io.stdout(exports.MERGE_USAGE);
        return 0;
    }
    let parsed;
    try {
        parsed = (0, flags_1.parseFlags)(args, FLAGS);
    }
    catch (e) {
        if (!(e instanceof flags_1.FlagError))
            throw e;
        io.stderr(`${e.message}\n`);
        io.stdout(exports.MERGE_USAGE);
        return 1;
    }
    if (parsed.args.length === 0) {
        io.stdout(exports.MERGE_USAGE);
        return 1;
    }
    const inputs = [];
    try {
        for (const arg of parsed.args) {
            const files = resultFilesAt(path.resolve(io.cwd, arg));
            if (files.length === 0)
                throw new Error(`${arg}: no result file there.`);
            for (const file of files)
                inputs.push({ file: path.relative(io.cwd, file) || file, result: (0, result_file_1.readResultFile)(file) });
        }
    }
    catch (e) {
        io.stderr(`kiln merge: ${e instanceof Error ? e.message : String(e)}\n`);
        return 1;
    }
    const merged = (0, merge_results_1.mergeResults)(inputs);
    const { run } = merged;
    let manifestPath;
    const manifestFlag = parsed.strings.get('manifest');
    if (manifestFlag) {
        manifestPath = path.resolve(io.cwd, manifestFlag);
        try {
            fs.mkdirSync(path.dirname(manifestPath), { recursive: true });
            fs.writeFileSync(manifestPath, JSON.stringify(merged.manifest, null, 2));
        }
        catch (e) {
            io.stderr(`kiln merge: cannot write ${manifestPath}: ${e instanceof Error ? e.message : String(e)}\n`);
            return 1;
        }
    }
    io.observer?.merged?.(merged, manifestPath);
    const count = (status) => run.results.filter(status).length;
    const failed = run.results.filter((r) => r.error !== undefined && !r.cancelled);
    const cancelled = run.results.filter((r) => r.cancelled);
    io.stdout(`Merged ${inputs.length} result file${inputs.length === 1 ? '' : 's'}: ${run.results.length} builds, ` +
        `${count((r) => r.error === undefined)} succeeded, ${failed.length} failed, ${cancelled.length} cancelled.\n`);
    for (const p of merged.problems)
        io.stderr(`kiln merge: ${p}\n`);
    if (failed.length + cancelled.length > 0) {
        io.stderr("\n==> Some builds didn't complete successfully and had errors:\n");
        for (const r of [...failed, ...cancelled])
            io.stderr(`--> ${r.name}: ${r.error ?? 'cancelled'}\n`);
    }
    const artifacts = run.results.flatMap((r) => r.artifacts.map((a) => ({ build: r.name, a })));
    if (artifacts.length === 0)
        io.stdout('\n==> Builds finished but no artifacts were created.\n');
    else {
        io.stdout('\n==> Builds finished. The artifacts of successful builds are:\n');
        for (const { build, a } of artifacts)
            io.stdout(`--> ${build}: ${a.description || a.id}\n`);
    }
    if (manifestPath !== undefined)
        io.stdout(`\nManifest: ${manifestPath} (${merged.manifest.builds.length} builds)\n`);
    return failed.length + cancelled.length > 0 || merged.problems.length > 0 ? 1 : 0;
}
/** A file is itself; a directory stands for every result file under it (other JSON is skipped). */
function resultFilesAt(p) {
    let stat;
    try {
        stat = fs.statSync(p);
    }
    catch {
        throw new Error(`${p}: no such file or directory.`);
    }
    if (!stat.isDirectory())
        return [p];
    const out = [];
    const walk = (dir) => {
        for (const entry of fs
            .readdirSync(dir, { withFileTypes: true })
            .sort((a, b) => a.name.localeCompare(b.name))) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory())
                walk(full);
            else if (entry.name.endsWith('.json') && isResultFile(full))
                out.push(full);
        }
    };
    walk(p);
    return out;
}
function isResultFile(file) {
    try {
        const head = fs.readFileSync(file, 'utf8').slice(0, 200);
        return head.includes(`"format": "${result_file_1.RESULT_FORMAT}"`);
    }
    catch {
        return false;
    }
}


/***/ }),

/***/ 9609:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.SWEEP_USAGE = void 0;
exports.runSweep = runSweep;
const fs = __importStar(__nccwpck_require__(3024));
const os = __importStar(__nccwpck_require__(8161));
const path = __importStar(__nccwpck_require__(6760));
const ledger_1 = __nccwpck_require__(5309);
const sweep_1 = __nccwpck_require__(4858);
const ledger_kinds_1 = __nccwpck_require__(37);
const flags_1 = __nccwpck_require__(5377);
const template_commands_loader_1 = __nccwpck_require__(8225);
/**
 * `kiln sweep`: deletes what builds recorded in their resource ledgers and never cleaned up (a
 * killed process, an abandoned cleanup, -on-error=abort). Given ledger files or build temp
 * directories, or -run-id alone to find that run's ledgers in the temp directory.
 */
const FLAGS = [
    { kind: 'string', name: 'run-id', usage: 'Only sweep ledgers of this run (PACKER_RUN_UUID).' },
    {
        kind: 'string',
        name: 'temp-dir',
        usage: 'Where to look for ledgers with -run-id (default: the system temp dir).',
    },
    {
        kind: 'bool',
        name: 'current-docker-host',
        usage: 'Reach Docker through the current DOCKER_HOST, not the one recorded in the ledger.',
    },
];
exports.SWEEP_USAGE = `Usage: kiln sweep [options] [LEDGER|BUILD_DIR ...]

  Deletes the resources (containers, temp files, ...) that builds recorded in their ledgers and
  did not clean up. Kiln prints a ledger's path when a build leaves resources behind. With
  -run-id and no paths, every ledger of that run in the temp directory is swept.

Options:

${(0, flags_1.flagUsage)(FLAGS)}
`;
/**
 * `loadKinds` gives the sweepers and run finders, derived from the catalog in the template bundle:
 * called only when a ledger lists something or -run-id asks for a search by the run's tag.
 */
async function runSweep(args, io, loadKinds = template_commands_loader_1.loadBuiltinLedgerKinds) {
    if (args.some((a) => a === '-h' || a === '-help' || a === '--help')) {
        io.stdout(exports.SWEEP_USAGE);
        return 0;
    }
    let runId;
    let targets;
    let dockerHost;
    try {
        const parsed = (0, flags_1.parseFlags)(args, FLAGS);
        runId = parsed.strings.get('run-id');
        if (parsed.bools.get('current-docker-host') === true)
            dockerHost = io.env.DOCKER_HOST ?? '';
        const root = path.resolve(io.cwd, parsed.strings.get('temp-dir') ?? os.tmpdir());
        targets = parsed.args.map((a) => ledgerPath(path.resolve(io.cwd, a)));
        if (targets.length === 0) {
            if (runId === undefined)
                throw new flags_1.FlagError('give ledger files or build directories, or -run-id');
            // Only ledgers that say they belong to the run: a build of another run may be running now.
            targets = (0, sweep_1.findLedgers)(root).filter((l) => fs.existsSync(l) && (0, ledger_1.readLedger)(l).runId === runId);
        }
    }
    catch (e) {
        if (!(e instanceof flags_1.FlagError))
            throw e;
        io.stderr(`${e.message}\n\n${exports.SWEEP_USAGE}`);
        return 1;
    }
    const signal = new AbortController().signal;
    const progress = (r, outcome) => outcome instanceof Error
        ? io.stderr(`  ${describe(r)}: ${outcome.message}\n`)
        : io.stdout(`  ${describe(r)}: ${outcome === 'deleted' ? 'deleted' : 'already gone'}\n`);
    const host = dockerHost !== undefined ? { dockerHost } : {};
    const kinds = runId !== undefined || targets.some(sweep_1.ledgerHasOutstanding) ? loadKinds() : ledger_kinds_1.NO_LEDGER_KINDS;
    const { sweepers } = kinds;
    const failed = [];
    let untrusted = 0;
    for (const ledger of targets) {
        const report = await (0, sweep_1.sweepLedger)(ledger, {
            sweepers,
            signal,
            progress,
            ...host,
            ...(runId !== undefined ? { runId } : {}),
        });
        failed.push(...report.failed.map((f) => f.resource));
        if (report.untrusted !== undefined) {
            untrusted++;
            io.stderr(`${report.ledger}: left alone: ${report.untrusted}.\n`);
        }
        else
            io.stdout(summary(report) + '\n');
    }
    if (runId !== undefined) {
        // Resources tagged with the run that no ledger lists (a lost ledger, a kill at the wrong moment);
        // a ledger entry whose sweep failed above but that the tag found and deleted is struck off.
        const byTag = await (0, sweep_1.sweepRun)(runId, kinds.runFinders, { sweepers, signal, progress, ...host }, targets);
        const settled = new Set(byTag.settled.map(sweep_1.resourceKey));
        failed.splice(0, failed.length, ...failed.filter((r) => !settled.has((0, sweep_1.resourceKey)(r))));
        failed.push(...byTag.failed.map((f) => f.resource));
        for (const r of byTag.settled)
            io.stdout(`  ${describe(r)}: found by the run's tag and deleted; struck off its ledger\n`);
        for (const dir of byTag.removedDirs)
            io.stdout(`${dir}: nothing is left; build directory removed.\n`);
        const n = byTag.deleted.length + byTag.gone.length + byTag.failed.length;
        if (targets.length === 0 && n === 0)
            io.stdout(`Nothing of run ${runId} was found: nothing to sweep.\n`);
        else if (n > 0)
            io.stdout(`Run ${runId}: ${n} resource(s) found by the run's tag.\n`);
    }
    return failed.length > 0 || untrusted > 0 ? 1 : 0;
}
/** A build directory stands for the ledger inside it. */
function ledgerPath(p) {
    try {
        if (fs.statSync(p).isDirectory())
            return path.join(p, ledger_1.LEDGER_FILE);
    }
    catch {
        // A path that no longer exists: reported as an empty ledger.
    }
    return p;
}
function describe(r) {
    return `${r.kind} ${r.id}`;
}
function summary(r) {
    if (r.otherRun)
        return `${r.ledger}: belongs to run ${r.runId ?? '?'}, left alone.`;
    const n = r.deleted.length + r.gone.length;
    const what = r.failed.length > 0
        ? `${r.failed.length} resource(s) could not be deleted`
        : n === 0
            ? 'nothing was left'
            : `${r.deleted.length} deleted, ${r.gone.length} already gone`;
    return `${r.ledger}: ${what}${r.removedDir ? '; build directory removed' : ''}.`;
}


/***/ }),

/***/ 3069:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.runVersion = runVersion;
const version_1 = __nccwpck_require__(311);
async function runVersion(_args, io) {
    io.stdout(`Kiln v${version_1.KILN_VERSION} (compatible with Packer v${version_1.PACKER_COMPAT_VERSION})\n`);
    return 0;
}


/***/ }),

/***/ 5377:
/***/ ((__unused_webpack_module, exports) => {


/**
 * Command-line flags parsed the way Go's `flag` package (and therefore Packer) parses them:
 * `-name`, `--name`, `-name=value`, `-name value` for non-boolean flags; boolean flags accept only the
 * `=` form for a value (`-write=false`); parsing stops at the first non-flag argument or at `--`.
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.FlagError = void 0;
exports.parseFlags = parseFlags;
exports.flagUsage = flagUsage;
class FlagError extends Error {
    constructor(message) {
        super(message);
        this.name = 'FlagError';
    }
}
exports.FlagError = FlagError;
const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);
function parseFlags(argv, specs) {
    const byName = new Map(specs.map((s) => [s.name, s]));
    const bools = new Map();
    const strings = new Map();
    const lists = new Map();
    let i = 0;
    for (; i < argv.length; i++) {
        const arg = argv[i];
        if (arg.length < 2 || arg[0] !== '-')
            break;
        if (arg === '--') {
            i++;
            break;
        }
        const body = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
        if (body === '' || body[0] === '-' || body[0] === '=')
            throw new FlagError(`bad flag syntax: ${arg}`);
        const eq = body.indexOf('=');
        const name = eq >= 0 ? body.slice(0, eq) : body;
        const inline = eq >= 0 ? body.slice(eq + 1) : undefined;
        const spec = byName.get(name);
        if (!spec)
            throw new FlagError(`flag provided but not defined: -${name}`);
        if (spec.kind === 'bool') {
            if (inline === undefined || TRUE_WORDS.has(inline))
                bools.set(name, true);
            else if (FALSE_WORDS.has(inline))
                bools.set(name, false);
            else
                throw new FlagError(`invalid boolean value "${inline}" for -${name}: parse error`);
            continue;
        }
        let value = inline;
        if (value === undefined) {
            if (i + 1 >= argv.length)
                throw new FlagError(`flag needs an argument: -${name}`);
            value = argv[++i];
        }
        if (spec.kind === 'string')
            strings.set(name, value);
        else
            lists.set(name, [...(lists.get(name) ?? []), value]);
    }
    return { bools, strings, lists, args: argv.slice(i) };
}
/** Usage lines for a command's options, Packer style. */
function flagUsage(specs) {
    return specs
        .map((s) => {
        const left = s.kind === 'bool' ? `-${s.name}` : `-${s.name}=${s.kind === 'list' ? 'value' : 'string'}`;
        return `  ${left.padEnd(28)} ${s.usage}`;
    })
        .join('\n');
}


/***/ }),

/***/ 2957:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.usage = usage;
exports.runCLI = runCLI;
const version_1 = __nccwpck_require__(3069);
const template_commands_loader_1 = __nccwpck_require__(8225);
// Commands are loaded when run, so that `kiln fmt` does not pay at startup for loading the
// evaluator, function library and component schemas that console, validate and inspect need.
const commands = new Map([
    ['build', { run: template_commands_loader_1.runBuildCommand, synopsis: 'build image(s) from template' }],
    [
        'console',
        {
            run: template_commands_loader_1.runConsoleCommand,
            synopsis: 'creates a console for testing variable interpolation',
        },
    ],
    [
        'fmt',
        {
            run: async (args, io) => (await Promise.resolve().then(() => __importStar(__nccwpck_require__(1410)))).runFmt(args, io),
            synopsis: 'Formats HCL2 templates and variable files canonically',
        },
    ],
    ['init', { run: template_commands_loader_1.runInitCommand, synopsis: 'Install missing plugins or upgrade plugins' }],
    [
        'inspect',
        {
            run: template_commands_loader_1.runInspectCommand,
            synopsis: 'see components of a template',
        },
    ],
    [
        'merge',
        {
            run: async (args, io) => (await Promise.resolve().then(() => __importStar(__nccwpck_require__(317)))).runMerge(args, io),
            synopsis: 'merge the result files of builds run in separate jobs',
        },
    ],
    [
        'plan',
        {
            run: template_commands_loader_1.runPlanCommand,
            synopsis: 'list the builds a template would run, as a job matrix',
        },
    ],
    [
        'plugins',
        {
            run: template_commands_loader_1.runPluginsCommand,
            synopsis: 'Interact with Packer plugins and catalog',
        },
    ],
    [
        'sweep',
        {
            run: async (args, io) => (await Promise.resolve().then(() => __importStar(__nccwpck_require__(9609)))).runSweep(args, io),
            synopsis: 'delete what killed or abandoned builds left behind',
        },
    ],
    [
        'validate',
        {
            run: template_commands_loader_1.runValidateCommand,
            synopsis: 'check that a template is valid',
        },
    ],
    ['version', { run: version_1.runVersion, synopsis: 'Prints the Kiln version' }],
]);
function usage() {
    const names = [...commands.keys()].sort();
    return ('Usage: kiln [--version] [--help] <command> [<args>]\n\n' +
        'Available commands are:\n' +
        names.map((n) => `    ${n.padEnd(16)}${commands.get(n)?.synopsis ?? ''}`).join('\n') +
        '\n');
}
/** Runs the kiln command line; returns the exit code (Packer's: 127 for a missing or unknown command; a command's bad flag is 1). */
async function runCLI(argv, io) {
    const [name, ...rest] = argv;
    if (name === undefined || name === '-h' || name === '-help' || name === '--help') {
        io.stderr(usage());
        return name === undefined ? 127 : 0;
    }
    if (name === '-v' || name === '-version' || name === '--version')
        return (0, version_1.runVersion)([], io);
    const command = commands.get(name);
    if (!command) {
        io.stderr(`kiln: unknown command "${name}"\n\n${usage()}`);
        return 127;
    }
    return command.run(rest, io);
}


/***/ }),

/***/ 5265:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.mergeResults = mergeResults;
function buildResult(b) {
    const artifacts = b.artifacts.map((a) => ({
        builderId: a.builder_id,
        id: a.id,
        files: [...a.files],
        description: a.description,
        state: {},
    }));
    return {
        name: b.name,
        builderType: b.type,
        sourceName: b.source,
        artifacts,
        ...(b.error !== null ? { error: b.error } : {}),
        cancelled: b.status === 'cancelled',
        durationMs: b.duration_ms,
    };
}
/**
 * A build's manifest entries: those its manifest post-processors wrote, as one whole-template run
 * would have written them; for a successful build without a manifest post-processor, one entry per
 * distinct artifact, as a manifest post-processor at the end of its chain would have written.
 */
function manifestEntries(b) {
    if (b.manifest_entries.length > 0)
        return [...b.manifest_entries];
    if (b.status !== 'ok')
        return [];
    const seen = new Set();
    return b.artifacts.flatMap((a) => {
        const key = `${a.builder_id}\u0000${a.id}`;
        if (seen.has(key))
            return [];
        seen.add(key);
        return [a.manifest_entry];
    });
}
const time = (iso) => (iso === null ? Number.NaN : Date.parse(iso));
function mergeResults(inputs) {
    const problems = [];
    const origin = Math.min(...inputs.map((i) => time(i.result.started)).filter((t) => !Number.isNaN(t)));
    const results = [];
    const timelines = [];
    const entries = [];
    const seen = new Map();
    const stopped = [];
    for (const { file, result } of inputs) {
        if (result.error !== null)
            problems.push(`${file}: nothing was built: ${result.error}`);
        if (result.fail_fast !== null)
            stopped.push({ ...result.fail_fast, cancelled: [...result.fail_fast.cancelled] });
    }
    // Builds in the order they started (the jobs' files come in any order: download directories are
    // listed by name); builds that never started come after the others, in the files' order.
    const ordered = inputs.flatMap(({ file, result }) => result.builds.map((b) => ({ file, result, b })));
    const startOf = (b) => {
        const t = time(b.started);
        return Number.isNaN(t) ? Infinity : t;
    };
    ordered.sort((x, y) => startOf(x.b) - startOf(y.b));
    for (const { file, result, b } of ordered) {
        const shift = time(result.started) - origin;
        const other = seen.get(b.name);
        if (other !== undefined)
            problems.push(`Build '${b.name}' is in both ${other} and ${file}.`);
        seen.set(b.name, file);
        results.push(buildResult(b));
        timelines.push({
            build: b.name,
            spans: b.steps.map((s) => ({ ...s, start: s.start + shift, end: s.end + shift })),
        });
        for (const entry of manifestEntries(b))
            entries.push({ entry, ended: time(b.ended) });
    }
    // Entries in the order the builds finished, as one run's manifest post-processors append them.
    entries.sort((a, b) => (a.ended || 0) - (b.ended || 0));
    const latest = [...inputs].sort((a, b) => time(a.result.ended) - time(b.result.ended)).pop();
    const runIds = inputs.map((i) => i.result.run_id).filter((id) => id !== '');
    const run = {
        runId: runIds.join(', '),
        results,
        cancelled: inputs.some((i) => i.result.cancelled),
        ledgers: [],
        ...(stopped.length > 0
            ? {
                failFast: {
                    build: stopped.map((s) => s.build).join(', '),
                    error: stopped.map((s) => s.error).join('\n'),
                    cancelled: stopped.flatMap((s) => s.cancelled),
                },
            }
            : {}),
    };
    return {
        run,
        timelines,
        manifest: { builds: entries.map((e) => e.entry), last_run_uuid: latest?.result.run_id ?? '' },
        runIds,
        problems,
    };
}


/***/ }),

/***/ 3291:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.OUTPUT_BACKLOG_LIMIT = void 0;
exports.writableBacklog = writableBacklog;
/**
 * How far the reader of Kiln's output may fall behind before commands are paused: enough that
 * pausing is rare on a live terminal or a log file, small beside what a chatty provisioner prints.
 */
exports.OUTPUT_BACKLOG_LIMIT = 1024 * 1024;
/**
 * The backlog of a stream Kiln writes its output to (standard output): a promise while more than
 * `limit` bytes are queued in it, resolving when the stream has drained (or closed: a reader that
 * went away is no reason to wait). Every caller waiting at the same time shares one promise.
 */
function writableBacklog(stream, limit = exports.OUTPUT_BACKLOG_LIMIT) {
    let waiting;
    return () => {
        if (waiting !== undefined)
            return waiting;
        // 'drain' comes only after a write that found the buffer full, which a backlog past the limit implies.
        if (stream.destroyed || !stream.writableNeedDrain || stream.writableLength < limit)
            return undefined;
        waiting = new Promise((resolve) => {
            const done = () => {
                stream.off('drain', done);
                stream.off('close', done);
                waiting = undefined;
                resolve();
            };
            stream.on('drain', done);
            stream.on('close', done);
        });
        return waiting;
    };
}


/***/ }),

/***/ 4812:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.interruptsReceived = interruptsReceived;
exports.processIO = processIO;
const node_tty_1 = __nccwpck_require__(7066);
const output_backlog_1 = __nccwpck_require__(3291);
let interrupts = 0;
/**
 * Standard output can go away under a running command (`kiln build | head`). Node then reports
 * EPIPE as an error on the stream, which would end the process with a stack trace and leave a
 * build's resources behind. Instead further output is dropped and the command is interrupted as
 * by a signal ("broken pipe"), so a build cancels and cleans up.
 */
let stdoutBroken = false;
const pipeListeners = new Set();
function watchStdout() {
    if (process.stdout.listenerCount('error') > 0)
        return;
    process.stdout.on('error', (e) => {
        if (e.code !== 'EPIPE')
            throw e;
        if (stdoutBroken)
            return;
        stdoutBroken = true;
        for (const listener of pipeListeners)
            listener();
    });
}
const stdoutBacklog = (0, output_backlog_1.writableBacklog)(process.stdout);
function writeStdout(text) {
    if (!stdoutBroken)
        process.stdout.write(text);
}
/**
 * How many SIGINT/SIGTERM the process has received while a command listened. After a second one
 * the command stops waiting for cleanup and the process must exit even though cleanup work (child
 * processes, timers) is still pending.
 */
function interruptsReceived() {
    return interrupts;
}
/**
 * The CommandIO of the running process. Errors go to standard output like everything else, as
 * Packer's UI writes them (its BasicUi has ErrorWriter: os.Stdout): `kiln build | tee build.log`
 * keeps the error lines in the log, in order. Standard error carries only Kiln's internal errors.
 */
function processIO() {
    watchStdout();
    return {
        stdout: writeStdout,
        stderr: writeStdout,
        readStdin: () => new Promise((resolve, reject) => {
            const chunks = [];
            process.stdin.on('data', (c) => chunks.push(c));
            process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
            process.stdin.on('error', reject);
        }),
        // Not process.stdin.isTTY: that would open a stream on stdin, which most commands never read.
        stdinIsTTY: (0, node_tty_1.isatty)(0),
        prompt: terminalPrompt(),
        // A slow reader pauses the builds' commands instead of queueing their output in memory.
        outputBacklog: stdoutBacklog,
        cwd: process.cwd(),
        env: process.env,
        onInterrupt: (listener) => {
            const onInt = () => {
                interrupts++;
                listener('SIGINT');
            };
            const onTerm = () => {
                interrupts++;
                listener('SIGTERM');
            };
            const onPipe = () => {
                interrupts++;
                listener('SIGPIPE');
            };
            process.on('SIGINT', onInt);
            process.on('SIGTERM', onTerm);
            pipeListeners.add(onPipe);
            return () => {
                process.off('SIGINT', onInt);
                process.off('SIGTERM', onTerm);
                pipeListeners.delete(onPipe);
            };
        },
    };
}
/** One question at a time on the terminal, each answered by a line of input. */
function terminalPrompt() {
    let turn = Promise.resolve();
    const ask = async (question, signal) => {
        // Loaded on the first question: most runs never ask one.
        const readline = await Promise.resolve().then(() => __importStar(__nccwpck_require__(481)));
        return new Promise((resolve) => {
            if (signal.aborted)
                return resolve(undefined);
            const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: false });
            const finish = (answer) => {
                signal.removeEventListener('abort', onAbort);
                rl.off('close', onClose);
                rl.off('line', onLine);
                // Closed after each answer: an open reader on stdin would keep the process alive.
                rl.close();
                resolve(answer);
            };
            const onAbort = () => finish(undefined);
            const onClose = () => finish(undefined);
            const onLine = (line) => finish(line);
            signal.addEventListener('abort', onAbort, { once: true });
            rl.once('close', onClose);
            rl.once('line', onLine);
            process.stdout.write(`${question} `);
        });
    };
    return (question, signal) => {
        const answer = turn.then(() => ask(question, signal));
        turn = answer.catch(() => undefined);
        return answer;
    };
}


/***/ }),

/***/ 9576:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.ResultRecorder = exports.RESULT_FORMAT = void 0;
exports.writeResultFile = writeResultFile;
exports.readResultFile = readResultFile;
const fs = __importStar(__nccwpck_require__(3024));
const path = __importStar(__nccwpck_require__(6760));
const version_1 = __nccwpck_require__(311);
const timeline_1 = __nccwpck_require__(2163);
/**
 * A build run's result file (`kiln build -result-file`, and always in the action): what each build
 * did — status, error, times, artifacts with their manifest entries, the steps' timeline — so that
 * `kiln merge` can put runs made in separate jobs back together (one manifest, one summary).
 */
exports.RESULT_FORMAT = 'kiln-result/1';
/** Gathers, from the run's events, what the run result alone does not say (times, manifest entries, steps). */
class ResultRecorder {
    timeline = new timeline_1.TimelineRecorder();
    starts = new Map();
    ends = new Map();
    manifests = new Map();
    began = Date.now();
    event(e) {
        this.timeline.event(e);
        if (e.type === 'build-start')
            this.starts.set(e.build, e.time);
        else if (e.type === 'build-end')
            this.ends.set(e.build, e.time);
        else if (e.type === 'output-file' && e.role === 'manifest' && e.entry !== undefined)
            this.manifests.set(e.build, [
                ...(this.manifests.get(e.build) ?? []),
                e.entry,
            ]);
    }
    /** The result file of a run (`run` absent: nothing ran, for `error`), artifacts' files sized in `cwd`. */
    result(run, cwd, error) {
        const now = Date.now();
        const origin = this.timeline.startedAt() ?? this.began;
        const spans = new Map(this.timeline.timelines().map((t) => [t.build, t.spans]));
        const stopped = new Set(run?.failFast?.cancelled ?? []);
        const iso = (ms) => (ms === undefined ? null : new Date(ms).toISOString());
        const builds = (run?.results ?? []).map((r) => {
            const ended = this.ends.get(r.name);
            const status = r.cancelled ? 'cancelled' : r.error !== undefined ? 'failed' : 'ok';
            return {
                name: r.name,
                type: r.builderType,
                source: r.sourceName,
                status,
                error: r.error ?? null,
                cancelled_by_fail_fast: stopped.has(r.name),
                started: iso(this.starts.get(r.name)),
                ended: iso(ended),
                duration_ms: r.durationMs,
                artifacts: r.artifacts.map((a) => ({
                    id: a.id,
                    builder_id: a.builderId,
                    files: [...a.files],
                    description: a.description,
                    manifest_entry: {
                        name: r.sourceName,
                        builder_type: r.builderType,
                        build_time: Math.floor((ended ?? now) / 1000),
                        files: a.files.length > 0 ? a.files.map((f) => ({ name: f, size: fileSize(cwd, f) })) : null,
                        artifact_id: a.id,
                        packer_run_uuid: run?.runId ?? '',
                        custom_data: null,
                    },
                })),
                manifest_entries: this.manifests.get(r.name) ?? [],
                steps: spans.get(r.name) ?? [],
            };
        });
        return {
            format: exports.RESULT_FORMAT,
            kiln_version: version_1.KILN_VERSION,
            run_id: run?.runId ?? '',
            started: new Date(origin).toISOString(),
            ended: new Date(now).toISOString(),
            cancelled: run?.cancelled ?? false,
            fail_fast: run?.failFast ?? null,
            error: error ?? null,
            builds,
        };
    }
}
exports.ResultRecorder = ResultRecorder;
function fileSize(cwd, file) {
    try {
        return fs.statSync(path.resolve(cwd, file)).size;
    }
    catch {
        return 0;
    }
}
/**
 * Writes the file whole (through a temporary file), making its directory; every string in it goes
 * through `mask` (the run's secrets), as everything else the run reports does.
 */
function writeResultFile(file, result, mask) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    const masked = JSON.stringify(result, (_key, value) => (typeof value === 'string' ? mask(value) : value), 2);
    fs.writeFileSync(tmp, masked + '\n');
    fs.renameSync(tmp, file);
}
/** Reads a result file; throws an Error naming the file when it is not one. */
function readResultFile(file) {
    let parsed;
    try {
        parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    }
    catch (e) {
        throw new Error(`${file}: cannot read a result file: ${e instanceof Error ? e.message : String(e)}`);
    }
    const o = parsed;
    if (o === null || typeof o !== 'object' || o.format !== exports.RESULT_FORMAT || !Array.isArray(o.builds))
        throw new Error(`${file}: not a Kiln result file (expected "format": "${exports.RESULT_FORMAT}").`);
    return o;
}


/***/ }),

/***/ 8225:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.pluginCacheMaterial = exports.runPluginsCommand = exports.runInitCommand = exports.runPlanCommand = exports.runBuildCommand = exports.runInspectCommand = exports.runValidateCommand = exports.runConsoleCommand = void 0;
exports.loadBuiltinLedgerKinds = loadBuiltinLedgerKinds;
const lazy_bundles_1 = __nccwpck_require__(7837);
/**
 * `kiln build`, `console`, `validate` and `inspect` need the evaluator, the whole function library and the
 * component schemas, which `kiln fmt` and `kiln version` do not. In the shipped CLI they are
 * therefore a bundle of their own (dist/cli/template/index.js, see src/lazy-bundles.ts) that is only
 * read when one of them runs.
 */
function load() {
    return (0, lazy_bundles_1.loadLazyBundle)('cli/template');
}
const runConsoleCommand = (args, io) => load().runConsole(args, io);
exports.runConsoleCommand = runConsoleCommand;
const runValidateCommand = (args, io) => load().runValidate(args, io);
exports.runValidateCommand = runValidateCommand;
const runInspectCommand = (args, io) => load().runInspect(args, io);
exports.runInspectCommand = runInspectCommand;
const runBuildCommand = (args, io) => load().runBuild(args, io);
exports.runBuildCommand = runBuildCommand;
const runPlanCommand = (args, io) => load().runPlan(args, io);
exports.runPlanCommand = runPlanCommand;
/** `init` decides which required plugins are built in from the catalog, which only this bundle holds. */
const runInitCommand = (args, io) => load().runInit(args, io);
exports.runInitCommand = runInitCommand;
/** `plugins`: reads templates (required) and installs (HTTP, zip, lock file): kept out of the small CLI bundle. */
const runPluginsCommand = (args, io) => load().runPlugins(args, io);
exports.runPluginsCommand = runPluginsCommand;
/** The action's plugin cache key material (lock file or constraints) and how many plugins are required. */
const pluginCacheMaterial = (template, io) => load().pluginCacheMaterial(template, io);
exports.pluginCacheMaterial = pluginCacheMaterial;
/**
 * The sweepers and run finders derived from the catalog (components/catalog.ts), which only the
 * template bundle holds: `kiln sweep` and the action's post step (small bundles, no schemas) call
 * this only when a ledger lists something to delete or the run's tag must be searched.
 */
function loadBuiltinLedgerKinds() {
    return load().builtinLedgerKinds();
}


/***/ }),

/***/ 2163:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.TimelineRecorder = void 0;
class TimelineRecorder {
    origin;
    builds = new Map();
    open = new Map();
    event(e) {
        if (e.type === 'run-start')
            this.origin = e.time;
        const origin = (this.origin ??= e.time);
        switch (e.type) {
            case 'build-start':
                this.builds.set(e.build, []);
                break;
            case 'step-start':
                this.open.set(`${e.build}\u0000${e.step}`, e.time - origin);
                break;
            case 'step-end': {
                const key = `${e.build}\u0000${e.step}`;
                const start = this.open.get(key) ?? e.time - origin - e.durationMs;
                this.open.delete(key);
                const spans = this.builds.get(e.build) ?? [];
                spans.push({ name: e.step, start, end: e.time - origin, failed: e.error !== undefined });
                this.builds.set(e.build, spans);
                break;
            }
            default:
                break;
        }
    }
    /** When the run started (epoch milliseconds): spans are relative to it. */
    startedAt() {
        return this.origin;
    }
    /** Builds in the order they started; spans in the order they began. */
    timelines() {
        return [...this.builds].map(([build, spans]) => ({
            build,
            spans: [...spans].sort((a, b) => a.start - b.start || b.end - a.end),
        }));
    }
}
exports.TimelineRecorder = TimelineRecorder;


/***/ }),

/***/ 3909:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.codeCacheOutcomes = void 0;
exports.codeCacheDirectory = codeCacheDirectory;
exports.kilnCacheDirectory = kilnCacheDirectory;
exports.requireWithCodeCache = requireWithCodeCache;
const fs = __importStar(__nccwpck_require__(3024));
const nodeModule = __importStar(__nccwpck_require__(8995));
const node_module_1 = __nccwpck_require__(8995);
const os = __importStar(__nccwpck_require__(8161));
const path = __importStar(__nccwpck_require__(6760));
exports.codeCacheOutcomes = new Map();
/** Is `p` a real directory (not a link) of ours that no one else can write into? */
function isPrivateDirectory(p) {
    const st = fs.lstatSync(p);
    if (!st.isDirectory())
        return false;
    if (process.platform === 'win32')
        return true; // per-user profile directories; no POSIX modes
    return st.uid === process.getuid?.() && (st.mode & 0o022) === 0;
}
function privateDirectory(p) {
    try {
        fs.mkdirSync(p, { recursive: true, mode: 0o700 });
        return isPrivateDirectory(p) ? p : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * $XDG_CACHE_HOME/kiln/code-cache (~/.cache/... by default), else a per-user directory in the
 * system's temporary directory; undefined when neither can be made private.
 */
function codeCacheDirectory(env = process.env) {
    if (env.KILN_NO_CODE_CACHE === '1' || env.NODE_DISABLE_COMPILE_CACHE === '1')
        return undefined;
    return kilnCacheDirectory('code-cache', env);
}
/**
 * A private directory of Kiln's cache: $XDG_CACHE_HOME/kiln/<name> (~/.cache/kiln/<name> by
 * default), else `kiln-<name>-<user>` in the system's temporary directory; undefined when neither
 * can be made private (a real directory of the current user that no one else can write into).
 */
function kilnCacheDirectory(name, env = process.env) {
    const candidates = [];
    const xdg = env.XDG_CACHE_HOME;
    if (xdg !== undefined && path.isAbsolute(xdg))
        candidates.push(path.join(xdg, 'kiln', name));
    else {
        try {
            candidates.push(path.join(os.homedir(), '.cache', 'kiln', name));
        }
        catch {
            // No home directory: only the temporary one is left.
        }
    }
    const user = process.getuid?.() ?? os.userInfo().username;
    candidates.push(path.join(os.tmpdir(), `kiln-${name}-${user}`));
    for (const candidate of candidates) {
        const dir = privateDirectory(candidate);
        if (dir !== undefined)
            return dir;
    }
    return undefined;
}
/** The cached data for `file`, only when it is a regular file of ours. */
function readEntry(file) {
    try {
        const st = fs.lstatSync(file);
        if (!st.isFile() || (process.platform !== 'win32' && st.uid !== process.getuid?.()))
            return undefined;
        return fs.readFileSync(file);
    }
    catch {
        return undefined;
    }
}
/** Writes the entry atomically (a concurrent reader sees the old file or the new one) and drops
 * the label's entries for other bundle texts, so the cache holds one entry per bundle. */
function writeEntry(dir, label, file, data) {
    const temp = `${file}.${process.pid}.tmp`;
    try {
        fs.writeFileSync(temp, data, { mode: 0o600 });
        fs.renameSync(temp, file);
        for (const name of fs.readdirSync(dir)) {
            if (name.startsWith(`${label}-`) && path.join(dir, name) !== file && !name.endsWith('.tmp')) {
                fs.rmSync(path.join(dir, name), { force: true });
            }
        }
    }
    catch {
        fs.rmSync(temp, { force: true });
    }
}
const nodeCompileCache = nodeModule.enableCompileCache;
/**
 * crypto and vm are required on first use: the CLI's main bundle includes this module, and `kiln
 * fmt` and `kiln version`, which load no other bundle, should not pay for loading them.
 */
function builtins() {
    /* eslint-disable @typescript-eslint/no-require-imports */
    return { crypto: __nccwpck_require__(7598), vm: __nccwpck_require__(714) };
    /* eslint-enable @typescript-eslint/no-require-imports */
}
/** A bundle with a real import() (none today) still works; vm.constants is Node >= 20.13. */
function dynamicImport(vm) {
    return vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
}
/**
 * Runs the CommonJS file as `require` would and returns its exports. `label` names its cache
 * entries (one bundle, one label).
 */
function requireWithCodeCache(file, label) {
    const dir = codeCacheDirectory();
    if (dir !== undefined && nodeCompileCache !== undefined) {
        // Node ≥ 22.1 keeps a code cache for everything `require` compiles, with its own checks.
        nodeCompileCache(dir);
        exports.codeCacheOutcomes.set(label, 'node');
        return (0, node_module_1.createRequire)(file)(file);
    }
    const { crypto, vm } = builtins();
    const importModuleDynamically = dynamicImport(vm);
    const bytes = fs.readFileSync(file);
    let entry;
    let cachedData;
    if (dir !== undefined) {
        // The file's bytes: hashing them costs less than hashing the decoded text.
        const key = crypto
            .createHash('sha256')
            .update(`${process.version}\0${process.arch}\0`)
            .update(bytes)
            .digest('hex')
            .slice(0, 32);
        entry = path.join(dir, `${label}-${key}.v8`);
        cachedData = readEntry(entry);
    }
    const source = bytes.toString('utf8');
    // Node's own wrapper, on the first line so that line numbers in stack traces stay right.
    const body = source.startsWith('#!') ? `//${source}` : source;
    const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${body}\n})`, {
        filename: file,
        cachedData,
        ...(importModuleDynamically !== undefined ? { importModuleDynamically } : {}),
    });
    const outcome = entry === undefined
        ? 'disabled'
        : cachedData === undefined
            ? 'produced'
            : script.cachedDataRejected
                ? 'rejected'
                : 'accepted';
    exports.codeCacheOutcomes.set(label, outcome);
    if (entry !== undefined && outcome !== 'accepted') {
        const target = entry;
        // At exit the data also holds the functions the run compiled lazily (most of the command's own
        // code), not only the bundle's top level.
        process.once('exit', () => {
            try {
                writeEntry(dir, label, target, script.createCachedData());
            }
            catch {
                // A cache that cannot be written is no cache; the run's result stands.
            }
        });
    }
    const wrapper = script.runInThisContext();
    const module = { exports: {} };
    wrapper.call(module.exports, module.exports, (0, node_module_1.createRequire)(file), module, file, path.dirname(file));
    return module.exports;
}


/***/ }),

/***/ 9952:
/***/ ((__unused_webpack_module, exports) => {


/** Small helpers for AbortSignal-driven waits, so every wait in a build can be cancelled. */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.CancelledError = void 0;
exports.throwIfAborted = throwIfAborted;
exports.sleep = sleep;
exports.anySignal = anySignal;
exports.errorMessage = errorMessage;
class CancelledError extends Error {
    constructor(message = 'Build was cancelled.') {
        super(message);
        this.name = 'CancelledError';
    }
}
exports.CancelledError = CancelledError;
function throwIfAborted(signal) {
    if (signal.aborted)
        throw new CancelledError();
}
/** Resolves after `ms`, or rejects with CancelledError as soon as the signal aborts. */
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal.aborted)
            return reject(new CancelledError());
        const onAbort = () => {
            clearTimeout(timer);
            reject(new CancelledError());
        };
        const timer = setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal.addEventListener('abort', onAbort, { once: true });
    });
}
/** A signal that aborts when any of the given ones does. */
function anySignal(signals) {
    return AbortSignal.any([...signals]);
}
/** An error's message; errors of another realm (Node's own inside a vm context or Jest) count too. */
function errorMessage(e) {
    if (e instanceof Error)
        return e.message;
    if (typeof e === 'object' && e !== null && typeof e.message === 'string')
        return e.message;
    return String(e);
}


/***/ }),

/***/ 292:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.errnoText = errnoText;
exports.fileError = fileError;
exports.writingFile = writingFile;
exports.writingFileAsync = writingFileAsync;
exports.makeDirectory = makeDirectory;
exports.createFileWriteStream = createFileWriteStream;
const fs = __importStar(__nccwpck_require__(3024));
/**
 * Errors writing local files, worded `<path>: <reason>`. Node's own message names the system call
 * and, for a failed write (a full disk), not the file ("ENOSPC: no space left on device, write"),
 * which leaves the user guessing which of a build's files could not be written: the manifest, a
 * checksum file, an archive, a download, the ledger, a temporary script. Every component that
 * writes a local file does it through these.
 */
/** strerror(3) wording as Go's syscall.Errno prints it. */
const ERRNO_TEXT = {
    ENOENT: 'no such file or directory',
    ENOTDIR: 'not a directory',
    EISDIR: 'is a directory',
    EEXIST: 'file exists',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EFBIG: 'file too large',
    EMFILE: 'too many open files',
    ELOOP: 'too many levels of symbolic links',
    ENAMETOOLONG: 'file name too long',
    EIO: 'input/output error',
    EINVAL: 'invalid argument',
    // Node refuses a path with a NUL byte before asking the system; Go's syscall layer says EINVAL.
    ERR_INVALID_ARG_VALUE: 'invalid argument',
};
/** Node's "ENOSPC: no space left on device, write" reduced to the reason alone. */
function errnoText(e) {
    // Not `instanceof Error`: errors from another realm (a vm context, Jest's sandbox) fail that test.
    if (typeof e !== 'object' || e === null || typeof e.message !== 'string')
        return String(e);
    const code = e.code;
    const known = code === undefined ? undefined : ERRNO_TEXT[code];
    if (known !== undefined)
        return known;
    const message = e.message;
    const match = /^[A-Z0-9_]+: (.*?), \w+(?: '.*)?$/s.exec(message);
    return match ? match[1] : message;
}
/** Marks errors already worded with their file, so that wrapping twice does not name it twice. */
const NAMED = Symbol('kiln.file-error');
/** The error as `<file>: <reason>` (an error already naming its file is returned as is). */
function fileError(file, e) {
    if (typeof e === 'object' && e !== null && e[NAMED])
        return e;
    const err = new Error(`${file}: ${errnoText(e)}`, { cause: e });
    err[NAMED] = true;
    return err;
}
/** Runs `write` (which writes `file`), rewording what it throws. */
function writingFile(file, write) {
    try {
        return write();
    }
    catch (e) {
        throw fileError(file, e);
    }
}
/** The async form of writingFile. */
async function writingFileAsync(file, write) {
    try {
        return await write();
    }
    catch (e) {
        throw fileError(file, e);
    }
}
/** fs.mkdirSync(dir, { recursive: true }), its errors naming the directory. */
function makeDirectory(dir) {
    writingFile(dir, () => fs.mkdirSync(dir, { recursive: true }));
}
/**
 * fs.createWriteStream whose errors name the file: whoever hears the error (a pipeline, a
 * caller's listener) gets `<file>: <reason>`. The error is reworded in place because a stream's
 * listeners all receive the one error object; this listener is the first.
 */
function createFileWriteStream(file, options) {
    const stream = fs.createWriteStream(file, options);
    stream.on('error', (e) => {
        if (e[NAMED])
            return;
        e.message = `${file}: ${errnoText(e)}`;
        e[NAMED] = true;
    });
    return stream;
}


/***/ }),

/***/ 414:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.BUILD_DIR_MODE = exports.BUILD_DIR_PREFIX = void 0;
exports.buildDirDistrust = buildDirDistrust;
exports.ledgerFileDistrust = ledgerFileDistrust;
exports.readTrustedLedgerText = readTrustedLedgerText;
exports.insideDir = insideDir;
const fs = __importStar(__nccwpck_require__(3024));
const path = __importStar(__nccwpck_require__(6760));
/**
 * Whether a ledger may be acted on. A sweep deletes what a ledger lists, and build directories sit
 * in a shared temp directory: anyone can plant a `kiln-build-…` directory with a ledger there. Only a ledger
 * the current user wrote in a private directory of its own can have come from one of its builds:
 * the directory is a real directory (not a link) named as the engine names build directories,
 * owned by the current user and closed to everyone else (0700, as mkdtemp makes it); the ledger
 * is a regular file (not a link) owned by the current user that nobody else may write.
 */
/** Build temp directories are named so by the engine (src/engine/build.ts). */
exports.BUILD_DIR_PREFIX = 'kiln-build-';
/** The mode the engine gives build directories: private to the user running Kiln. */
exports.BUILD_DIR_MODE = 0o700;
/** The uid of this process; undefined where the platform has none (Windows: no owner checks). */
function currentUid() {
    return typeof process.getuid === 'function' ? process.getuid() : undefined;
}
function ownerProblem(what, stat) {
    const uid = currentUid();
    if (uid !== undefined && stat.uid !== uid)
        return `${what} belongs to user ${stat.uid}, not to the user running Kiln (${uid})`;
    return undefined;
}
/** The build directory a ledger sits in: a private directory of the current user, named as Kiln names them. */
function buildDirDistrust(dir) {
    if (!path.basename(dir).startsWith(exports.BUILD_DIR_PREFIX))
        return `${dir} is not a Kiln build directory (its name does not start with ${exports.BUILD_DIR_PREFIX})`;
    const stat = fs.lstatSync(dir);
    if (stat.isSymbolicLink())
        return `${dir} is a symbolic link, not a build directory`;
    if (!stat.isDirectory())
        return `${dir} is not a directory`;
    const owner = ownerProblem(`the directory ${dir}`, stat);
    if (owner !== undefined)
        return owner;
    if (currentUid() !== undefined && (stat.mode & 0o077) !== 0)
        return `the directory ${dir} is open to other users (mode ${modeText(stat.mode)}; Kiln makes them 0700)`;
    return undefined;
}
/** The ledger file itself, from its open descriptor (what is checked is what is read). */
function ledgerFileDistrust(file, stat) {
    if (!stat.isFile())
        return `${file} is not a regular file`;
    const owner = ownerProblem(`the ledger ${file}`, stat);
    if (owner !== undefined)
        return owner;
    if (currentUid() !== undefined && (stat.mode & 0o022) !== 0)
        return `the ledger ${file} can be written by other users (mode ${modeText(stat.mode)})`;
    return undefined;
}
/**
 * Reads a ledger's text if it can be trusted: `{ text }` (undefined text: there is no ledger file),
 * or `{ distrust }` saying why it is left alone. The file is opened without following a link and
 * checked through the descriptor, so it cannot be swapped between the check and the read.
 */
function readTrustedLedgerText(file) {
    const dir = path.dirname(file);
    if (!fs.existsSync(dir))
        return {};
    const dirProblem = buildDirDistrust(dir);
    if (dirProblem !== undefined)
        return { distrust: dirProblem };
    let fd;
    try {
        fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    }
    catch (e) {
        const code = e.code;
        if (code === 'ENOENT')
            return {};
        if (code === 'ELOOP')
            return { distrust: `${file} is a symbolic link, not a ledger` };
        throw e;
    }
    try {
        const problem = ledgerFileDistrust(file, fs.fstatSync(fd));
        if (problem !== undefined)
            return { distrust: problem };
        return { text: fs.readFileSync(fd, 'utf8') };
    }
    finally {
        fs.closeSync(fd);
    }
}
/** Whether `target` lies strictly inside `dir` (both absolute, compared as written). */
function insideDir(dir, target) {
    const rel = path.relative(dir, target);
    return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}
function modeText(mode) {
    return `0${(mode & 0o777).toString(8)}`;
}


/***/ }),

/***/ 5309:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.FileLedger = exports.LEDGER_FILE = void 0;
exports.readLedger = readLedger;
exports.parseLedger = parseLedger;
const fs = __importStar(__nccwpck_require__(3024));
const file_errors_1 = __nccwpck_require__(292);
/**
 * The resource ledger as a JSON-lines file: one `create` line written (synchronously) the moment a
 * resource exists, one `release` line when it is gone. A process killed at any point leaves a file
 * from which every resource still outstanding can be found and swept (the action's post step).
 */
/** The ledger's file name inside a build's temp directory. */
exports.LEDGER_FILE = 'ledger.jsonl';
class FileLedger {
    path;
    runId;
    live = new Map();
    constructor(path, runId) {
        this.path = path;
        this.runId = runId;
    }
    record(resource) {
        this.append({
            op: 'create',
            runId: this.runId,
            id: resource.id,
            kind: resource.kind,
            data: resource.data,
            time: new Date().toISOString(),
        });
        this.live.set(resource.id, resource);
    }
    release(id) {
        if (!this.live.has(id))
            return;
        this.append({ op: 'release', runId: this.runId, id, time: new Date().toISOString() });
        this.live.delete(id);
    }
    outstanding() {
        return [...this.live.values()];
    }
    append(line) {
        // appendFileSync opens, writes and closes: the line is in the file before record() returns.
        (0, file_errors_1.writingFile)(this.path, () => fs.appendFileSync(this.path, JSON.stringify(line) + '\n', { mode: 0o600 }));
    }
}
exports.FileLedger = FileLedger;
/** Reads a ledger file (possibly cut short by a kill): the resources created and not released. */
function readLedger(path) {
    let text;
    try {
        text = fs.readFileSync(path, 'utf8');
    }
    catch {
        return { outstanding: [] };
    }
    return parseLedger(text);
}
/** A ledger's text as the resources outstanding; lines that are not ledger lines are skipped. */
function parseLedger(text) {
    const live = new Map();
    let runId;
    for (const raw of text.split('\n')) {
        if (raw.trim() === '')
            continue;
        let line;
        try {
            line = JSON.parse(raw);
        }
        catch {
            continue; // a line cut by a kill
        }
        if (!isLedgerLine(line))
            continue;
        runId ??= line.runId;
        if (line.op === 'create' && line.kind !== undefined)
            live.set(line.id, { id: line.id, kind: line.kind, data: stringsOnly(line.data) });
        else if (line.op === 'release')
            live.delete(line.id);
    }
    return { runId, outstanding: [...live.values()] };
}
function isLedgerLine(v) {
    if (typeof v !== 'object' || v === null)
        return false;
    const l = v;
    return ((l.op === 'create' || l.op === 'release') &&
        typeof l.runId === 'string' &&
        typeof l.id === 'string' &&
        (l.kind === undefined || typeof l.kind === 'string'));
}
/** A resource's data holds strings only (host, region...); anything else in a line is dropped. */
function stringsOnly(data) {
    const out = {};
    if (typeof data !== 'object' || data === null)
        return out;
    for (const [k, v] of Object.entries(data))
        if (typeof v === 'string')
            out[k] = v;
    return out;
}


/***/ }),

/***/ 4858:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.sweepTempPath = void 0;
exports.sweepLedger = sweepLedger;
exports.ledgerHasOutstanding = ledgerHasOutstanding;
exports.findLedgers = findLedgers;
exports.sweepRun = sweepRun;
exports.resourceKey = resourceKey;
const fs = __importStar(__nccwpck_require__(3024));
const path = __importStar(__nccwpck_require__(6760));
const abort_1 = __nccwpck_require__(9952);
const ledger_1 = __nccwpck_require__(5309);
const ledger_trust_1 = __nccwpck_require__(414);
/**
 * Temp files and directories: removed from the local disk, and only from inside the temp directory
 * of the build whose ledger lists them (checked with links resolved, so a link cannot lead out).
 */
const sweepTempPath = async (resource, _signal, scope) => {
    const target = resource.id;
    if (scope.buildDir === undefined || !path.isAbsolute(target) || !(0, ledger_trust_1.insideDir)(scope.buildDir, target))
        throw new Error(`refusing to delete ${target}: it is not inside the build's temp directory`);
    let parent;
    let dir;
    try {
        parent = fs.realpathSync(path.dirname(target));
        dir = fs.realpathSync(scope.buildDir);
    }
    catch {
        return 'gone';
    }
    const real = path.join(parent, path.basename(target));
    if (!(0, ledger_trust_1.insideDir)(dir, real))
        throw new Error(`refusing to delete ${target}: a link leads it out of the build's temp directory`);
    if (!fs.existsSync(real) && !isLink(real))
        return 'gone';
    await fs.promises.rm(real, { recursive: true, force: true });
    return 'deleted';
};
exports.sweepTempPath = sweepTempPath;
function isLink(p) {
    try {
        return fs.lstatSync(p).isSymbolicLink();
    }
    catch {
        return false;
    }
}
/**
 * Sweeps one ledger: every outstanding resource, newest first (the order cleanup would have used),
 * each struck off in the ledger as it goes; then the build's temp directory when nothing is left.
 */
async function sweepLedger(ledgerPath, opts) {
    const read = (0, ledger_trust_1.readTrustedLedgerText)(ledgerPath);
    const deleted = [];
    const gone = [];
    const failed = [];
    if (read.distrust !== undefined)
        return {
            ledger: ledgerPath,
            deleted,
            gone,
            failed,
            otherRun: false,
            removedDir: false,
            untrusted: read.distrust,
        };
    const { runId, outstanding } = (0, ledger_1.parseLedger)(read.text ?? '');
    const base = { ledger: ledgerPath, ...(runId !== undefined ? { runId } : {}) };
    if (opts.runId !== undefined && runId !== undefined && runId !== opts.runId)
        return { ...base, deleted, gone, failed, otherRun: true, removedDir: false };
    const dir = path.dirname(ledgerPath);
    const scope = {
        buildDir: dir,
        ...(opts.dockerHost !== undefined ? { dockerHost: opts.dockerHost } : {}),
    };
    for (const resource of [...outstanding].reverse()) {
        if (await sweepOne(resource, opts, scope, { deleted, gone, failed }))
            strikeOff(ledgerPath, runId ?? opts.runId ?? '', resource.id);
    }
    const removedDir = failed.length === 0 && removeBuildDir(dir);
    return { ...base, deleted, gone, failed, otherRun: false, removedDir };
}
/**
 * Whether sweeping this ledger would delete anything: it is one a sweep reads (ledger-trust.ts) and
 * lists resources still outstanding. The sweeping surfaces load the sweepers only when one does.
 */
function ledgerHasOutstanding(ledgerPath) {
    let read;
    try {
        read = (0, ledger_trust_1.readTrustedLedgerText)(ledgerPath);
    }
    catch {
        return true; // unreadable: the sweep itself reports why
    }
    return read.distrust === undefined && (0, ledger_1.parseLedger)(read.text ?? '').outstanding.length > 0;
}
/** Removes a swept build's directory (ledger included); only a trusted build directory. */
function removeBuildDir(dir) {
    if (!fs.existsSync(dir) || (0, ledger_trust_1.buildDirDistrust)(dir) !== undefined)
        return false;
    fs.rmSync(dir, { recursive: true, force: true });
    return true;
}
/** Deletes one resource with the sweeper of its kind; true when it no longer exists. */
async function sweepOne(resource, opts, scope, tally) {
    try {
        const sweeper = opts.sweepers.get(resource.kind);
        if (sweeper === undefined)
            throw new Error(`Kiln does not know how to delete a "${resource.kind}"`);
        const outcome = await sweeper(resource, opts.signal, scope);
        (outcome === 'deleted' ? tally.deleted : tally.gone).push(resource);
        opts.progress?.(resource, outcome);
        return true;
    }
    catch (e) {
        tally.failed.push({ resource, error: (0, abort_1.errorMessage)(e) });
        opts.progress?.(resource, e instanceof Error ? e : new Error(String(e)));
        return false;
    }
}
/** Appends the release line the build would have written, so a second sweep finds nothing. */
function strikeOff(ledgerPath, runId, id) {
    try {
        const line = { op: 'release', runId, id, time: new Date().toISOString(), sweptBy: process.pid };
        fs.appendFileSync(ledgerPath, JSON.stringify(line) + '\n', { mode: 0o600 });
    }
    catch {
        // The ledger's directory may be gone already (a temp-path sweep removed it): nothing to strike.
    }
}
/**
 * Ledger files under `root` (the build temp directories in it), for `kiln sweep -run-id` without
 * paths. Directories whose ledger was never written are included: their build recorded nothing.
 */
function findLedgers(root) {
    let names;
    try {
        names = fs.readdirSync(root);
    }
    catch {
        return [];
    }
    return names
        .filter((n) => n.startsWith(ledger_trust_1.BUILD_DIR_PREFIX))
        .map((n) => path.join(root, n, ledger_1.LEDGER_FILE))
        .sort();
}
/**
 * Deletes what the finders turn up for a run (each with the sweeper of its kind). Resources already
 * swept through a ledger are gone by then and are not found again. A resource a ledger still lists
 * (its sweep failed: say the recorded engine's socket is gone) that the finders found and deleted
 * is struck off `ledgers` too, so that later sweeps do not fail on it forever.
 */
async function sweepRun(runId, finders, opts, ledgers = []) {
    const deleted = [];
    const gone = [];
    const failed = [];
    const scope = opts.dockerHost !== undefined ? { dockerHost: opts.dockerHost } : {};
    for (const find of finders)
        for (const resource of await find(runId, opts.signal))
            await sweepOne(resource, opts, scope, { deleted, gone, failed });
    const found = new Set([...deleted, ...gone].map(resourceKey));
    const settled = [];
    const removedDirs = [];
    if (found.size > 0)
        for (const ledger of ledgers) {
            const read = (0, ledger_trust_1.readTrustedLedgerText)(ledger);
            if (read.text === undefined)
                continue;
            const parsed = (0, ledger_1.parseLedger)(read.text);
            if (parsed.runId !== undefined && parsed.runId !== runId)
                continue;
            const left = parsed.outstanding.filter((r) => {
                if (!found.has(resourceKey(r)))
                    return true;
                strikeOff(ledger, runId, r.id);
                settled.push(r);
                return false;
            });
            const dir = path.dirname(ledger);
            if (left.length === 0 && removeBuildDir(dir))
                removedDirs.push(dir);
        }
    return { runId, deleted, gone, failed, settled, removedDirs };
}
/** The same resource whether a ledger lists it or a finder turned it up. */
function resourceKey(r) {
    return `${r.kind}\u0000${r.id}`;
}


/***/ }),

/***/ 3995:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.DiagnosticsError = void 0;
exports.errorDiag = errorDiag;
exports.warningDiag = warningDiag;
exports.hasErrors = hasErrors;
function errorDiag(summary, detail, subject, context) {
    return { severity: 'error', summary, detail, subject, context };
}
function warningDiag(summary, detail, subject, context) {
    return { severity: 'warning', summary, detail, subject, context };
}
function hasErrors(diags) {
    return diags.some((d) => d.severity === 'error');
}
/** Thrown only to carry diagnostics across an API boundary that cannot return them (e.g. callbacks). */
class DiagnosticsError extends Error {
    diagnostics;
    constructor(diagnostics) {
        super(diagnostics.map((d) => d.summary + (d.detail ? `: ${d.detail}` : '')).join('; '));
        this.diagnostics = diagnostics;
        this.name = 'DiagnosticsError';
    }
}
exports.DiagnosticsError = DiagnosticsError;


/***/ }),

/***/ 1616:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


/**
 * Display width used for alignment: hclwrite counts grapheme clusters, so `é` written as `e` plus a
 * combining accent is one column and `\r\n` is one column.
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.graphemeCount = void 0;
exports.isSimpleText = isSimpleText;
// Printable ASCII plus tab and `\n`: one UTF-16 unit is one grapheme cluster.
const SIMPLE_TEXT = /^[\t\n\x20-\x7e]*$/;
/** True when every character of `text` is one column (so its width is its length). */
function isSimpleText(text) {
    return SIMPLE_TEXT.test(text);
}
var graphemes_1 = __nccwpck_require__(2373);
Object.defineProperty(exports, "graphemeCount", ({ enumerable: true, get: function () { return graphemes_1.graphemeCount; } }));


/***/ }),

/***/ 5400:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.formatHCL = formatHCL;
exports.formatHCLChecked = formatHCLChecked;
const diagnostics_1 = __nccwpck_require__(3995);
const parser_1 = __nccwpck_require__(3664);
const scanner_1 = __nccwpck_require__(5349);
const layout_1 = __nccwpck_require__(6173);
/**
 * `kiln fmt`'s formatter: byte-for-byte what `packer fmt` (hclwrite.Format) produces.
 *
 * Like hclwrite it works from the token stream and ignores syntax errors, so it can format partial
 * or broken input without throwing; `formatHCLChecked` is the `packer fmt` behaviour of refusing
 * files that do not parse.
 */
/**
 * Formats HCL native syntax source. Never throws on bad input. The scanner skips one leading byte
 * order mark, so it is dropped (as hclwrite drops it); a second one is an invalid token, kept.
 */
function formatHCL(src, filename = '<stdin>') {
    return formatTokens(src, (0, scanner_1.scanTokens)(src, filename));
}
function formatTokens(text, scanned) {
    // Usually the scanner's tokens can be laid out as they are; only tabs and `::` need rework.
    const eofAt = scanned.length - 1;
    if (!needsRework(scanned, eofAt)) {
        const blanks = trailingBlankBytes(text, eofAt > 0 ? scanned[eofAt - 1] : undefined, scanned[eofAt]);
        return (0, layout_1.layoutTokens)(scanned.slice(0, eofAt), blanks, text);
    }
    const toks = [];
    let eof;
    let last;
    for (const tok of scanned) {
        if (tok.type === 'EOF') {
            eof = tok;
            break;
        }
        // Tabs between tokens are whitespace to hclwrite (which replaces them with computed spaces).
        if (tok.type === 'Tabs')
            continue;
        const prev = toks[toks.length - 1];
        if (tok.type === 'Colon' && prev?.type === 'Colon' && last?.range.end.byte === tok.range.start.byte) {
            // hclsyntax scans `::` as one token; rebuild it so spacing treats it as a namespace separator.
            toks[toks.length - 1] = { type: 'DoubleColon', text: '::' };
        }
        else {
            toks.push(tok);
        }
        last = tok;
    }
    return (0, layout_1.layoutTokens)(toks, trailingBlankBytes(text, last, eof), text);
}
function needsRework(scanned, eofAt) {
    for (let i = 0; i < eofAt; i++) {
        const type = scanned[i].type;
        if (type === 'Tabs' || (type === 'Colon' && i > 0 && scanned[i - 1].type === 'Colon'))
            return true;
    }
    return false;
}
/**
 * How many blank bytes (spaces and tabs, one byte each) lie between the last token and the end of
 * the file. hclwrite keeps exactly these, because the end-of-file token is never reformatted.
 */
function trailingBlankBytes(text, last, eof) {
    const lastEnd = last ? last.range.end.byte : 0;
    const fileEnd = eof ? eof.range.start.byte : Buffer.byteLength(text, 'utf8');
    return Math.max(0, fileEnd - lastEnd);
}
/**
 * Formats only syntactically valid input, as `packer fmt` does: the source is parsed first and any
 * error diagnostics are returned instead of output.
 */
function formatHCLChecked(src, filename = '<stdin>') {
    // One scan serves both the syntax check and the layout. A second byte order mark is an invalid
    // character, as in hclsyntax (the scanner skips only one).
    const tokens = (0, scanner_1.scanTokens)(src, filename);
    const { diagnostics } = (0, parser_1.parseConfigTokens)(tokens);
    if ((0, diagnostics_1.hasErrors)(diagnostics))
        return { diagnostics };
    return { output: formatTokens(src, tokens), diagnostics };
}


/***/ }),

/***/ 6173:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.layoutTokens = layoutTokens;
const columns_1 = __nccwpck_require__(1616);
const spacing_1 = __nccwpck_require__(7462);
function leadEnd(line) {
    if (line.assignAt >= 0)
        return line.assignAt;
    if (line.commentAt >= 0)
        return line.commentAt;
    return line.end;
}
function assignEnd(line) {
    return line.commentAt >= 0 ? line.commentAt : line.end;
}
/** `#` and `//` comments swallow the newline that ends them, so they end a line too. */
function endsLine(tok) {
    return tok.type === 'Newline' || (tok.type === 'Comment' && tok.text.endsWith('\n'));
}
function makeLine(toks, depth, start, end) {
    let commentAt = -1;
    if (end - start > 1 && toks[end - 1].type === 'Comment')
        commentAt = end - 1;
    const limit = commentAt >= 0 ? commentAt : end;
    let assignAt = -1;
    for (let i = start + 1; i < limit; i++) {
        if (toks[i].type !== 'Equal')
            continue;
        // Only a complete expression after `=` forms an alignable cell; an opening bracket left
        // unclosed means the value continues on later lines.
        let net = 0;
        for (let j = i; j < limit; j++)
            net += depth[j];
        if (net === 0)
            assignAt = i;
        break;
    }
    return { start, end, assignAt, commentAt };
}
function splitLines(toks, depth) {
    const lines = [];
    let start = 0;
    for (let i = 0; i < toks.length; i++) {
        if (endsLine(toks[i])) {
            lines.push(makeLine(toks, depth, start, i + 1));
            start = i + 1;
        }
    }
    lines.push(makeLine(toks, depth, start, toks.length));
    return lines;
}
/**
 * Indentation follows the net bracket count of each line, remembered on a stack so that lines
 * closing several levels at once (or unbalanced input) dedent by whole remembered steps.
 */
function indentLines(toks, depth, lines, spaces) {
    const stack = [];
    for (const line of lines) {
        const lEnd = leadEnd(line);
        if (lEnd === line.start)
            continue;
        if (toks[line.start].type === 'Newline') {
            spaces[line.start] = 0;
            continue;
        }
        let net = 0;
        for (let i = line.start; i < lEnd; i++) {
            net += depth[i];
            // Brackets inside a heredoc's template do not shape the surrounding layout.
            if (toks[i].type === 'OHeredoc')
                break;
        }
        if (line.assignAt >= 0) {
            const aEnd = assignEnd(line);
            for (let i = line.assignAt; i < aEnd; i++)
                net += depth[i];
        }
        if (net > 0) {
            spaces[line.start] = 2 * stack.length;
            stack.push(net);
            continue;
        }
        let closed = -net;
        while (closed > 0 && stack.length > 0) {
            const top = stack[stack.length - 1];
            if (closed >= top) {
                closed -= top;
                stack.pop();
            }
            else {
                stack[stack.length - 1] = top - closed;
                closed = 0;
            }
        }
        spaces[line.start] = 2 * stack.length;
    }
}
function spaceRun(toks, from, to, spaces) {
    for (let i = from; i < to - 1; i++) {
        const before = i > from ? toks[i - 1] : spacing_1.NIL_TOKEN;
        spaces[i + 1] = (0, spacing_1.spaceAfter)(toks[i], before, toks[i + 1]) ? 1 : 0;
    }
}
function spaceLines(toks, lines, spaces) {
    for (const line of lines) {
        spaceRun(toks, line.start, leadEnd(line), spaces);
        if (line.assignAt >= 0) {
            spaces[line.assignAt] = 1;
            spaceRun(toks, line.assignAt, assignEnd(line), spaces);
        }
    }
}
function columns(toks, spaces, from, to, simple) {
    let n = 0;
    for (let i = from; i < to; i++) {
        const text = toks[i].text;
        n += spaces[i] + (simple ? text.length : (0, columns_1.graphemeCount)(text));
    }
    return n;
}
/**
 * Aligns a cell across runs of consecutive lines that all have it: `cellAt` gives the cell's first
 * token (or -1), `width` the columns taken before it.
 */
function alignCells(lines, spaces, cellAt, width) {
    let i = 0;
    while (i < lines.length) {
        if (cellAt(lines[i]) < 0) {
            i++;
            continue;
        }
        let j = i;
        let widest = 0;
        const widths = [];
        while (j < lines.length && cellAt(lines[j]) >= 0) {
            const w = width(lines[j]);
            widths.push(w);
            if (w > widest)
                widest = w;
            j++;
        }
        for (let k = i; k < j; k++)
            spaces[cellAt(lines[k])] = widest - widths[k - i] + 1;
        i = j;
    }
}
/** `simple`: every token's text is plain ASCII, so its width is its length. */
function alignLines(toks, lines, spaces, simple) {
    // The `=` cells move first because their position feeds into the comment column.
    alignCells(lines, spaces, (l) => l.assignAt, (l) => columns(toks, spaces, l.start, l.assignAt, simple));
    alignCells(lines, spaces, (l) => l.commentAt, (l) => columns(toks, spaces, l.start, l.commentAt, simple));
}
/**
 * Lays out a token stream as hclwrite.Format would. `eofSpaces` is the number of spaces and tabs the
 * source had after its last token: hclwrite never touches the end-of-file token, so a file that ends
 * without a newline keeps its trailing blanks.
 */
function layoutTokens(toks, eofSpaces, original = '') {
    // Each token's bracket change, computed once: several passes need it.
    const depth = new Int8Array(toks.length);
    for (let i = 0; i < toks.length; i++)
        depth[i] = (0, spacing_1.bracketChange)(toks[i].type);
    const lines = splitLines(toks, depth);
    const spaces = new Int32Array(toks.length);
    indentLines(toks, depth, lines, spaces);
    spaceLines(toks, lines, spaces);
    // The tokens' texts are pieces of the source, so a plain ASCII source means plain ASCII tokens.
    alignLines(toks, lines, spaces, original.length > 0 && (0, columns_1.isSimpleText)(original));
    return render(toks, spaces, eofSpaces, original);
}
/**
 * Joins the tokens with their computed spaces. Most files given to `fmt` are already formatted, so
 * the output is first compared with `original` as it is produced; while they agree nothing is
 * built, and when they agree to the end `original` itself is the result.
 */
function render(toks, spaces, eofSpaces, original) {
    let at = 0;
    let i = 0;
    for (; i < toks.length; i++) {
        const n = spaces[i];
        if (!blanksAt(original, at, n))
            break;
        const text = toks[i].text;
        if (!original.startsWith(text, at + n))
            break;
        at += n + text.length;
    }
    if (i === toks.length && at + eofSpaces === original.length && blanksAt(original, at, eofSpaces)) {
        return original;
    }
    const pieces = [original.slice(0, at)];
    for (; i < toks.length; i++) {
        if (spaces[i] > 0)
            pieces.push(blanks(spaces[i]));
        pieces.push(toks[i].text);
    }
    pieces.push(blanks(eofSpaces));
    return pieces.join('');
}
/** Whether `s` has `n` spaces starting at index `at`. */
function blanksAt(s, at, n) {
    if (at + n > s.length)
        return false;
    for (let k = at; k < at + n; k++)
        if (s.charCodeAt(k) !== 0x20)
            return false;
    return true;
}
const BLANKS = [];
function blanks(n) {
    if (n >= 64)
        return ' '.repeat(n);
    return (BLANKS[n] ??= ' '.repeat(n));
}


/***/ }),

/***/ 7462:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.NIL_TOKEN = void 0;
exports.bracketChange = bracketChange;
exports.spaceAfter = spaceAfter;
exports.NIL_TOKEN = { type: 'Nil', text: '' };
/**
 * +1 for tokens that open a nesting level, -1 for those that close one. Template introducers count
 * as openers because their closing `}` (TemplateSeqEnd) counts as a closer.
 */
function bracketChange(type) {
    switch (type) {
        case 'OBrace':
        case 'OBrack':
        case 'OParen':
        case 'TemplateControl':
        case 'TemplateInterp':
            return 1;
        case 'CBrace':
        case 'CBrack':
        case 'CParen':
        case 'TemplateSeqEnd':
            return -1;
        default:
            return 0;
    }
}
/**
 * Token types after which a `-` is a negation rather than a subtraction: anything that cannot end
 * an operand. The formatter only sees tokens, so this is the same guess hclwrite makes.
 */
const NEGATION_CONTEXT = new Set([
    'Nil',
    'OParen',
    'OBrace',
    'OBrack',
    'Equal',
    'Colon',
    'Comma',
    'Question',
    'Plus',
    'Star',
    'Slash',
    'Percent',
    'Minus',
    'EqualOp',
    'NotEqual',
    'GreaterThan',
    'GreaterThanEq',
    'LessThan',
    'LessThanEq',
    'And',
    'Or',
    'Bang',
]);
function isTemplateText(type) {
    return type === 'QuotedLit' || type === 'StringLit';
}
/**
 * Whether `subject` should be followed by one space (true) or none (false) when `after` comes next
 * on the same line. `before` is the token preceding `subject`, or NIL_TOKEN at the start of a line.
 * The order of the checks matters: earlier rules win, exactly as in hclwrite.
 */
function spaceAfter(subject, before, after) {
    const s = subject.type;
    const a = after.type;
    if (a === 'Newline' || a === 'Nil')
        return false;
    // Function calls keep the name against the parenthesis.
    if (s === 'Ident' && a === 'OParen')
        return false;
    // Namespaced function names stay in one piece.
    if ((s === 'Ident' && a === 'DoubleColon') || (s === 'DoubleColon' && a === 'Ident'))
        return false;
    // Attribute access.
    if (s === 'Dot' || a === 'Dot')
        return false;
    if (a === 'Comma' || a === 'Ellipsis')
        return false;
    if (s === 'Comma')
        return true;
    // Template literal text is never padded: the spaces would become part of the string.
    if (isTemplateText(s) || s === 'OQuote' || s === 'OHeredoc')
        return false;
    if (isTemplateText(a) || a === 'CQuote' || a === 'CHeredoc')
        return false;
    // `[for x in [a, b]: x]`: `in` is a keyword here, not a variable being indexed.
    if (s === 'Ident' && subject.text === 'in' && before.type === 'Ident')
        return true;
    // Indexing: `foo[0]`, `list()[0]`, `x.y[0]`.
    if (a === 'OBrack' && (s === 'Ident' || s === 'NumberLit' || bracketChange(s) < 0))
        return false;
    // Logical not binds tightly. (Packer 1.6.6's older hclwrite wrote `! x`; current hclwrite writes `!x`.)
    if (s === 'Bang')
        return false;
    if (s === 'Minus')
        return !NEGATION_CONTEXT.has(before.type);
    // Braces are padded inside (`{ a = 1 }`) except when empty (`{}`).
    if (s === 'OBrace' || a === 'CBrace')
        return !(s === 'OBrace' && a === 'CBrace');
    // `${ {a = 1} }`: keep an object constructor visibly apart from the template delimiters.
    if ((s === 'TemplateInterp' || s === 'TemplateControl') && a === 'OBrace')
        return true;
    if (s === 'CBrace' && a === 'TemplateSeqEnd')
        return true;
    // Adjacent template sequences: `${a}${b}`, `%{if x}${y}`.
    if (s === 'TemplateSeqEnd' && (a === 'TemplateInterp' || a === 'TemplateControl'))
        return false;
    if (bracketChange(s) > 0)
        return false;
    if (bracketChange(a) < 0)
        return false;
    return true;
}


/***/ }),

/***/ 3857:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.initialPos = void 0;
exports.makeRange = makeRange;
exports.rangeBetween = rangeBetween;
exports.rangeStartOf = rangeStartOf;
exports.rangeEndOf = rangeEndOf;
exports.rangeContains = rangeContains;
exports.formatRange = formatRange;
exports.initialPos = { line: 1, column: 1, byte: 0 };
function makeRange(filename, start, end) {
    return { filename, start, end };
}
/** The smallest range covering both a and b (which must be in the same file). */
function rangeBetween(a, b) {
    const start = a.start.byte <= b.start.byte ? a.start : b.start;
    const end = a.end.byte >= b.end.byte ? a.end : b.end;
    return { filename: a.filename, start, end };
}
/** An empty range at the start of r, for "missing item" diagnostics. */
function rangeStartOf(r) {
    return { filename: r.filename, start: r.start, end: r.start };
}
/** An empty range at the end of r. */
function rangeEndOf(r) {
    return { filename: r.filename, start: r.end, end: r.end };
}
function rangeContains(outer, inner) {
    return (outer.filename === inner.filename &&
        outer.start.byte <= inner.start.byte &&
        inner.end.byte <= outer.end.byte);
}
function formatRange(r) {
    return `${r.filename}:${r.start.line},${r.start.column}-${r.end.line === r.start.line ? '' : `${r.end.line},`}${r.end.column}`;
}


/***/ }),

/***/ 3767:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.renderDiagnostics = renderDiagnostics;
exports.renderDiagnostic = renderDiagnostic;
exports.wrapText = wrapText;
exports.diagnosticsToJSON = diagnosticsToJSON;
const BOLD = '\x1b[1m';
const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const UNDERLINE = '\x1b[4m';
const RESET = '\x1b[0m';
function renderDiagnostics(diags, files, opts = {}) {
    return diags.map((d) => renderDiagnostic(d, files, opts)).join('');
}
function renderDiagnostic(diag, files, opts = {}) {
    const width = opts.width ?? 80;
    const color = opts.color ?? false;
    const label = diag.severity === 'error' ? 'Error' : 'Warning';
    let out = color
        ? `${diag.severity === 'error' ? RED : YELLOW}${BOLD}${label}${RESET}${BOLD}: ${diag.summary}${RESET}\n\n`
        : `${label}: ${diag.summary}\n\n`;
    if (diag.subject)
        out += renderSnippet(diag.subject, diag.context, files.get(diag.subject.filename), color);
    if (diag.detail)
        out += `${width > 0 ? wrapText(diag.detail, width) : diag.detail}\n\n`;
    return out;
}
function renderSnippet(subject, context, file, color) {
    if (!file)
        return `  on ${subject.filename} line ${subject.start.line}:\n  (source code not available)\n\n`;
    const where = file.contextAt?.(subject.start.byte);
    let out = `  on ${subject.filename} line ${subject.start.line}${where ? `, in ${where}` : ''}:\n`;
    const snipStart = context && context.start.byte < subject.start.byte ? context.start : subject.start;
    const snipEnd = context && context.end.byte > subject.end.byte ? context.end : subject.end;
    const lines = linesOverlapping(file.src, snipStart.byte, snipEnd.byte);
    for (const line of lines) {
        const prefix = `${String(line.number).padStart(4)}: `;
        // Highlight the part of this line that lies inside the subject range. An empty subject (a
        // "missing item" position) gets a single caret where the item was expected.
        const empty = subject.start.byte === subject.end.byte;
        const hStart = Math.max(subject.start.byte, line.startByte);
        const hEnd = Math.min(subject.end.byte, line.endByte);
        const onLine = empty
            ? hStart === subject.start.byte && subject.start.byte <= line.endByte
            : hEnd > hStart;
        if (!onLine) {
            out += `${prefix}${line.text}\n`;
            continue;
        }
        const before = sliceBytes(line.text, 0, hStart - line.startByte);
        const highlighted = sliceBytes(line.text, hStart - line.startByte, hEnd - line.startByte);
        const after = sliceBytes(line.text, hEnd - line.startByte, line.endByte - line.startByte);
        if (color) {
            out += `${prefix}${before}${UNDERLINE}${highlighted}${RESET}${after}\n`;
        }
        else {
            out += `${prefix}${before}${highlighted}${after}\n`;
            const pad = ' '.repeat(prefix.length) + before.replace(/[^\t]/gu, ' ');
            out += `${pad}${'^'.repeat(Math.max(1, [...highlighted].length))}\n`;
        }
    }
    return `${out}\n`;
}
const lineIndexes = new Map();
function lineIndexOf(src) {
    const known = lineIndexes.get(src);
    if (known)
        return known;
    const bytes = [];
    const chars = [];
    let byte = 0;
    let i = 0;
    for (;;) {
        bytes.push(byte);
        chars.push(i);
        const j = src.indexOf('\n', i);
        if (j < 0)
            break;
        byte += Buffer.byteLength(src.slice(i, j + 1), 'utf8');
        i = j + 1;
    }
    // One entry: the sources of one run's diagnostics (a few files), not every string ever rendered.
    if (lineIndexes.size >= 16)
        lineIndexes.clear();
    const index = { bytes, chars };
    lineIndexes.set(src, index);
    return index;
}
function linesOverlapping(src, startByte, endByte) {
    const { bytes, chars } = lineIndexOf(src);
    // The last line starting at or before startByte: lines before it cannot overlap.
    let lo = 0;
    let hi = bytes.length - 1;
    while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (bytes[mid] <= startByte)
            lo = mid;
        else
            hi = mid - 1;
    }
    const result = [];
    for (let k = Math.max(0, lo - 1); k < bytes.length; k++) {
        const byte = bytes[k];
        if (byte > endByte)
            break;
        const from = chars[k];
        const next = k + 1 < chars.length ? chars[k + 1] : src.length + 1;
        let text = src.slice(from, next - 1);
        if (k + 1 >= chars.length)
            text = src.slice(from);
        if (text.endsWith('\r'))
            text = text.slice(0, -1);
        const lineEnd = byte + Buffer.byteLength(text, 'utf8');
        const fullLen = (k + 1 < bytes.length ? bytes[k + 1] : lineEnd) - byte;
        const overlaps = startByte === endByte
            ? startByte >= byte && startByte <= lineEnd
            : startByte < byte + fullLen && endByte > byte;
        if (overlaps)
            result.push({ number: k + 1, text, startByte: byte, endByte: lineEnd });
    }
    return result;
}
/** Slices a string by UTF-8 byte offsets, clamped to the string. */
function sliceBytes(text, from, to) {
    const buf = Buffer.from(text, 'utf8');
    const a = Math.max(0, Math.min(from, buf.length));
    const b = Math.max(a, Math.min(to, buf.length));
    return buf.subarray(a, b).toString('utf8');
}
/**
 * mitchellh/go-wordwrap's WrapString, which hcl's text writer applies to a whole detail: greedy at
 * white space, existing line breaks kept, and spaces kept as written unless a break replaces them
 * (so an indented example block stays indented). Lengths count code points, as Go ranges runes.
 */
function wrapText(text, width) {
    let out = '';
    let current = 0;
    let word = '';
    let wordLen = 0;
    let spaces = '';
    let spacesLen = 0;
    const flush = () => {
        current += spacesLen + wordLen;
        out += spaces + word;
        spaces = '';
        spacesLen = 0;
        word = '';
        wordLen = 0;
    };
    for (const ch of text) {
        if (ch === '\n') {
            if (wordLen === 0) {
                if (current + spacesLen <= width)
                    out += spaces;
                spaces = '';
                spacesLen = 0;
            }
            else {
                flush();
            }
            out += ch;
            current = 0;
        }
        else if (/\s/u.test(ch) && ch !== '\u00a0') {
            if (spacesLen === 0 || wordLen > 0)
                flush();
            spaces += ch;
            spacesLen++;
        }
        else {
            word += ch;
            wordLen++;
            if (current + spacesLen + wordLen > width && wordLen < width) {
                out += '\n';
                current = 0;
                spaces = '';
                spacesLen = 0;
            }
        }
    }
    if (wordLen === 0) {
        if (current + spacesLen <= width)
            out += spaces;
    }
    else {
        out += spaces + word;
    }
    return out;
}
/**
 * The structured form (for `-machine-readable`, JSON output and GitHub annotations). `range` is the
 * subject, or the context when a diagnostic has only that (e.g. "Unset variable", which Packer ties
 * to the declaration without underlining it): tools placing annotations need a position either way.
 */
function diagnosticsToJSON(diags) {
    return diags.map((d) => {
        const r = d.subject ?? d.context;
        return {
            severity: d.severity,
            summary: d.summary,
            detail: d.detail,
            ...(r ? { range: { filename: r.filename, start: { ...r.start }, end: { ...r.end } } } : {}),
        };
    });
}


/***/ }),

/***/ 6748:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.utf8SequenceLength = utf8SequenceLength;
exports.firstInvalidUTF8 = firstInvalidUTF8;
exports.decodeNativeSource = decodeNativeSource;
exports.decodeJSONSource = decodeJSONSource;
const buffer_1 = __nccwpck_require__(181);
/**
 * Turning a configuration file's bytes into text. Node's own decoding silently replaces invalid
 * UTF-8 with U+FFFD, which would hide from the native-syntax scanner the bytes hclsyntax reports
 * as "Invalid character encoding"; so bytes are checked before they become a JavaScript string.
 */
/**
 * Length of the well-formed UTF-8 sequence starting at `b[i]`, or 0 when none starts there (a
 * stray continuation byte, an invalid lead byte, a truncated sequence, an overlong form, an encoded
 * UTF-16 surrogate or a code point past U+10FFFF) — the sequences Go's utf8.DecodeRune refuses.
 */
function utf8SequenceLength(b, i) {
    const c = b[i];
    if (c < 0x80)
        return 1;
    let need;
    let min;
    if (c >= 0xc2 && c <= 0xdf)
        [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef)
        [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4)
        [need, min] = [3, 0x10000];
    else
        return 0;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
        const cc = b[i + k];
        if (cc === undefined || (cc & 0xc0) !== 0x80)
            return 0;
        cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    return need + 1;
}
/** Byte offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
function firstInvalidUTF8(b) {
    if ((0, buffer_1.isUtf8)(b))
        return -1;
    let i = 0;
    while (i < b.length) {
        const n = utf8SequenceLength(b, i);
        if (n === 0)
            return i;
        i += n;
    }
    return -1;
}
/**
 * Decodes UTF-8, passing each byte that is not part of a well-formed sequence to `stray` for the
 * text that stands for it (one byte at a time, as Go's decoder steps over invalid input).
 */
function decodeWith(bytes, stray) {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if ((0, buffer_1.isUtf8)(buf))
        return buf.toString('utf8');
    let out = '';
    let runStart = 0;
    let i = 0;
    while (i < buf.length) {
        const n = utf8SequenceLength(buf, i);
        if (n > 0) {
            i += n;
            continue;
        }
        out += buf.toString('utf8', runStart, i) + stray(buf[i]);
        i++;
        runStart = i;
    }
    return out + buf.toString('utf8', runStart, i);
}
/**
 * Decodes a native-syntax (.pkr.hcl, .pkrvars.hcl) file. An invalid byte becomes a lone low
 * surrogate (U+DC80–U+DCFF, as Python's "surrogateescape"), which the scanner reports as a
 * BadUTF8 token wherever hclsyntax would — in names, string literals, heredocs and templates —
 * and accepts inside comments, where hclsyntax accepts any byte.
 */
function decodeNativeSource(bytes) {
    return decodeWith(bytes, (b) => String.fromCharCode(0xdc00 | b));
}
/**
 * Decodes a JSON (.pkr.json, legacy JSON, JSON variable file) file. Packer reads their strings
 * with Go's encoding/json, which replaces each invalid byte with U+FFFD rather than failing.
 */
function decodeJSONSource(bytes) {
    return decodeWith(bytes, () => '\ufffd');
}


/***/ }),

/***/ 9563:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.markLexicallyClean = markLexicallyClean;
exports.checkInvalidTokens = checkInvalidTokens;
const diagnostics_1 = __nccwpck_require__(3995);
/**
 * Token lists the scanner produced without any token this module reports, so that parsing them
 * need not walk every token again. Weak, so a list is forgotten with its tokens.
 */
const clean = new WeakSet();
/** Called by the scanner for a token list with no Invalid, BadUTF8 or QuotedNewline token. */
function markLexicallyClean(tokens) {
    clean.add(tokens);
}
/**
 * Lexical diagnostics reported before parsing, with hclsyntax's wording: characters that HCL never
 * accepts (with hints for likely intentions), bad encoding and newlines inside quoted strings.
 * Some kinds are reported only once (or every other occurrence, for paired quotes) to limit noise.
 */
function checkInvalidTokens(tokens) {
    const diags = [];
    if (clean.has(tokens))
        return diags;
    let toldBitwise = 0;
    let toldBacktick = 0;
    let toldApostrophe = 0;
    let toldSemicolon = 0;
    let toldBadUTF8 = 0;
    for (const tok of tokens) {
        switch (tok.type) {
            case 'BadUTF8':
                if (toldBadUTF8++ < 1) {
                    diags.push((0, diagnostics_1.errorDiag)('Invalid character encoding', 'All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.', tok.range));
                }
                break;
            case 'QuotedNewline':
                diags.push((0, diagnostics_1.errorDiag)('Invalid multi-line string', 'Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the "heredoc" multi-line template syntax.', tok.range));
                break;
            case 'Invalid':
                switch (tok.text) {
                    case '&':
                    case '|':
                    case '^':
                    case '~':
                        if (toldBitwise < 4) {
                            const hint = tok.text === '&'
                                ? ' Did you mean boolean AND ("&&")?'
                                : tok.text === '|'
                                    ? ' Did you mean boolean OR ("||")?'
                                    : tok.text === '~'
                                        ? ' Did you mean boolean NOT ("!")?'
                                        : '';
                            diags.push((0, diagnostics_1.errorDiag)('Unsupported operator', `Bitwise operators are not supported.${hint}`, tok.range));
                            toldBitwise++;
                        }
                        break;
                    case '`':
                        if (toldBacktick % 2 === 0) {
                            diags.push((0, diagnostics_1.errorDiag)('Invalid character', 'The "`" character is not valid. To create a multi-line string, use the "heredoc" syntax, like "<<EOT".', tok.range));
                        }
                        if (toldBacktick <= 2)
                            toldBacktick++;
                        break;
                    case "'":
                        if (toldApostrophe % 2 === 0) {
                            diags.push((0, diagnostics_1.errorDiag)('Invalid character', 'Single quotes are not valid. Use double quotes (") to enclose strings.', tok.range));
                        }
                        if (toldApostrophe <= 2)
                            toldApostrophe++;
                        break;
                    case ';':
                        if (toldSemicolon++ < 1) {
                            diags.push((0, diagnostics_1.errorDiag)('Invalid character', 'The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.', tok.range));
                        }
                        break;
                    case '\u201c':
                    case '\u201d':
                        diags.push((0, diagnostics_1.errorDiag)('Invalid character', '"Curly quotes" are not valid here. These can sometimes be inadvertently introduced when sharing code via documents or discussion forums. It might help to replace the character with a "straight quote".', tok.range));
                        break;
                    default:
                        diags.push((0, diagnostics_1.errorDiag)('Invalid character', 'This character is not used within the language.', tok.range));
                }
                break;
            default:
                break;
        }
    }
    return diags;
}


/***/ }),

/***/ 3312:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.parseTupleCons = parseTupleCons;
exports.parseObjectCons = parseObjectCons;
const diagnostics_1 = __nccwpck_require__(3995);
const pos_1 = __nccwpck_require__(3857);
const parser_expression_1 = __nccwpck_require__(8567);
const peeker_1 = __nccwpck_require__(3979);
/** Tuple and object constructors, and the `for` expressions that can appear in their place. */
function parseTupleCons(p) {
    const open = p.read();
    p.pushIncludeNewlines(false);
    try {
        if ((0, parser_expression_1.isKeyword)(p.peek(), 'for'))
            return finishParsingForExpr(p, open);
        const exprs = [];
        let close;
        for (;;) {
            if (p.peekType() === 'CBrack') {
                close = p.read();
                break;
            }
            const mark = p.errorMark();
            const expr = (0, parser_expression_1.parseExpression)(p);
            exprs.push(expr);
            if (p.recovery && p.errorsSince(mark)) {
                close = (0, peeker_1.recover)(p, 'CBrack');
                break;
            }
            const next = p.peek();
            if (next.type === 'CBrack') {
                close = p.read();
                break;
            }
            if (next.type !== 'Comma') {
                if (!p.recovery) {
                    if (next.type === 'EOF') {
                        p.report((0, diagnostics_1.errorDiag)('Unterminated tuple constructor expression', 'There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.', open.range));
                    }
                    else {
                        p.report((0, diagnostics_1.errorDiag)('Missing item separator', 'Expected a comma to mark the beginning of the next item.', next.range, (0, pos_1.rangeBetween)(open.range, next.range)));
                    }
                }
                close = (0, peeker_1.recover)(p, 'CBrack');
                break;
            }
            p.read();
        }
        return { kind: 'TupleCons', exprs, range: (0, pos_1.rangeBetween)(open.range, close.range), openRange: open.range };
    }
    finally {
        p.popIncludeNewlines();
    }
}
function parseObjectCons(p) {
    const open = p.read();
    p.pushIncludeNewlines(false);
    const isFor = (0, parser_expression_1.isKeyword)(p.peek(), 'for');
    p.popIncludeNewlines();
    if (isFor)
        return finishParsingForExpr(p, open);
    p.pushIncludeNewlines(true);
    try {
        const items = [];
        let close;
        for (;;) {
            let next = p.peek();
            if (next.type === 'Newline') {
                p.read();
                continue;
            }
            if (next.type === 'CBrace') {
                close = p.read();
                break;
            }
            const forceNonLiteral = next.type === 'OParen';
            const keyMark = p.errorMark();
            const keyExpr = (0, parser_expression_1.parseExpression)(p);
            if (p.recovery && p.errorsSince(keyMark)) {
                close = (0, peeker_1.recover)(p, 'CBrace');
                break;
            }
            const key = {
                kind: 'ObjectConsKey',
                wrapped: keyExpr,
                forceNonLiteral,
                range: keyExpr.range,
            };
            next = p.peek();
            if (next.type !== 'Equal' && next.type !== 'Colon') {
                if (!p.recovery)
                    p.report(missingValueDiag(open, next));
                close = (0, peeker_1.recover)(p, 'CBrace');
                break;
            }
            p.read();
            const valueMark = p.errorMark();
            const value = (0, parser_expression_1.parseExpression)(p);
            if (p.recovery && p.errorsSince(valueMark)) {
                if (value.kind === 'Invalid')
                    items.push({ key, value });
                close = (0, peeker_1.recover)(p, 'CBrace');
                break;
            }
            items.push({ key, value });
            next = p.peek();
            if (next.type === 'CBrace') {
                close = p.read();
                break;
            }
            if (next.type !== 'Comma' && next.type !== 'Newline') {
                if (!p.recovery) {
                    if (next.type === 'EOF') {
                        p.report(unterminatedObjectDiag(open));
                    }
                    else {
                        p.report((0, diagnostics_1.errorDiag)('Missing attribute separator', 'Expected a newline or comma to mark the beginning of the next attribute.', next.range, (0, pos_1.rangeBetween)(open.range, next.range)));
                    }
                }
                close = (0, peeker_1.recover)(p, 'CBrace');
                break;
            }
            p.read();
        }
        return { kind: 'ObjectCons', items, range: (0, pos_1.rangeBetween)(open.range, close.range), openRange: open.range };
    }
    finally {
        p.popIncludeNewlines();
    }
}
function unterminatedObjectDiag(open) {
    return (0, diagnostics_1.errorDiag)('Unterminated object constructor expression', 'There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.', open.range);
}
function missingValueDiag(open, next) {
    const context = (0, pos_1.rangeBetween)(open.range, next.range);
    switch (next.type) {
        case 'Newline':
        case 'Comma':
            return (0, diagnostics_1.errorDiag)('Missing attribute value', 'Expected an attribute value, introduced by an equals sign ("=").', next.range, context);
        case 'Ident':
            return (0, diagnostics_1.errorDiag)('Missing key/value separator', 'Expected an equals sign ("=") to mark the beginning of the attribute value. If you intended to given an attribute name containing periods or spaces, write the name in quotes to create a string literal.', next.range, context);
        case 'EOF':
            return unterminatedObjectDiag(open);
        default:
            return (0, diagnostics_1.errorDiag)('Missing key/value separator', 'Expected an equals sign ("=") to mark the beginning of the attribute value.', next.range, context);
    }
}
function finishParsingForExpr(p, open) {
    p.pushIncludeNewlines(false);
    try {
        return forExprBody(p, open);
    }
    finally {
        p.popIncludeNewlines();
    }
}
function forExprBody(p, open) {
    p.read(); // "for"
    const makeObj = open.type === 'OBrace';
    const closeType = makeObj ? 'CBrace' : 'CBrack';
    const fail = (detail) => {
        const at = p.peek();
        if (!p.recovery) {
            p.report((0, diagnostics_1.errorDiag)("Invalid 'for' expression", detail, at.range, (0, pos_1.rangeBetween)(open.range, at.range)));
        }
        return bail();
    };
    const bail = () => {
        const close = (0, peeker_1.recover)(p, closeType);
        return (0, parser_expression_1.invalidExpr)((0, pos_1.rangeBetween)(open.range, close.range));
    };
    if (p.peekType() !== 'Ident')
        return fail("For expression requires variable name after 'for'.");
    let valueVar = p.read().text;
    let keyVar;
    if (p.peekType() === 'Comma') {
        keyVar = valueVar;
        p.read();
        if (p.peekType() !== 'Ident')
            return fail('For expression requires value variable name after comma.');
        valueVar = p.read().text;
    }
    if (!(0, parser_expression_1.isKeyword)(p.peek(), 'in'))
        return fail("For expression requires the 'in' keyword after its name declarations.");
    p.read();
    const collMark = p.errorMark();
    const collection = (0, parser_expression_1.parseExpression)(p);
    if (p.recovery && p.errorsSince(collMark))
        return bail();
    if (p.peekType() !== 'Colon')
        return fail('For expression requires a colon after the collection expression.');
    p.read();
    let keyExpr;
    const valueMark = p.errorMark();
    let valueExpr = (0, parser_expression_1.parseExpression)(p);
    if (p.peekType() === 'FatArrow') {
        p.read();
        keyExpr = valueExpr;
        valueExpr = (0, parser_expression_1.parseExpression)(p);
    }
    if (p.recovery && p.errorsSince(valueMark))
        return bail();
    let ellipsis;
    if (p.peekType() === 'Ellipsis')
        ellipsis = p.read();
    let condition;
    if ((0, parser_expression_1.isKeyword)(p.peek(), 'if')) {
        p.read();
        const condMark = p.errorMark();
        condition = (0, parser_expression_1.parseExpression)(p);
        if (p.recovery && p.errorsSince(condMark))
            return bail();
    }
    let close;
    if (p.peekType() === closeType) {
        close = p.read();
    }
    else {
        const at = p.peek();
        if (!p.recovery) {
            p.report((0, diagnostics_1.errorDiag)("Invalid 'for' expression", "Extra characters after the end of the 'for' expression.", at.range, (0, pos_1.rangeBetween)(open.range, at.range)));
        }
        close = (0, peeker_1.recover)(p, closeType);
    }
    const whole = (0, pos_1.rangeBetween)(open.range, close.range);
    if (!makeObj) {
        if (keyExpr !== undefined) {
            p.report((0, diagnostics_1.errorDiag)("Invalid 'for' expression", 'Key expression is not valid when building a tuple.', keyExpr.range, whole));
        }
        if (ellipsis !== undefined) {
            p.report((0, diagnostics_1.errorDiag)("Invalid 'for' expression", 'Grouping ellipsis (...) cannot be used when building a tuple.', ellipsis.range, whole));
        }
    }
    else if (keyExpr === undefined) {
        p.report((0, diagnostics_1.errorDiag)("Invalid 'for' expression", 'Key expression is required when building an object.', valueExpr.range, whole));
    }
    return {
        kind: 'For',
        keyVar,
        valueVar,
        collection,
        keyExpr,
        valueExpr,
        condition,
        group: ellipsis !== undefined,
        range: whole,
        openRange: open.range,
        closeRange: close.range,
    };
}


/***/ }),

/***/ 8567:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.invalidExpr = invalidExpr;
exports.isKeyword = isKeyword;
exports.parseExpression = parseExpression;
exports.parseExpressionWithTraversals = parseExpressionWithTraversals;
exports.parseExpressionTraversals = parseExpressionTraversals;
const diagnostics_1 = __nccwpck_require__(3995);
const pos_1 = __nccwpck_require__(3857);
const parser_collections_1 = __nccwpck_require__(3312);
const parser_template_1 = __nccwpck_require__(7295);
const peeker_1 = __nccwpck_require__(3979);
const string_literal_1 = __nccwpck_require__(7684);
/**
 * Recursive-descent parsing of HCL expressions, following hclsyntax's grammar and diagnostics.
 * Each function returns the expression (an InvalidExpr placeholder where parsing failed) and reports
 * diagnostics to the peeker's sink; `p.recovery` tells callers to stop and resynchronise.
 */
/** Binary operators with their precedence level (higher binds tighter), as in the HCL specification. */
const binaryOps = new Map([
    ['Or', { op: '||', level: 0 }],
    ['And', { op: '&&', level: 1 }],
    ['EqualOp', { op: '==', level: 2 }],
    ['NotEqual', { op: '!=', level: 2 }],
    ['GreaterThan', { op: '>', level: 3 }],
    ['GreaterThanEq', { op: '>=', level: 3 }],
    ['LessThan', { op: '<', level: 3 }],
    ['LessThanEq', { op: '<=', level: 3 }],
    ['Plus', { op: '+', level: 4 }],
    ['Minus', { op: '-', level: 4 }],
    ['Star', { op: '*', level: 5 }],
    ['Slash', { op: '/', level: 5 }],
    ['Percent', { op: '%', level: 5 }],
]);
function invalidExpr(range) {
    return { kind: 'Invalid', range };
}
function isKeyword(tok, kw) {
    return tok.type === 'Ident' && tok.text === kw;
}
function parseExpression(p) {
    return parseTernaryConditional(p);
}
function parseTernaryConditional(p) {
    const startRange = p.nextRange();
    const condMark = p.errorMark();
    const cond = parseBinaryOps(p, 0);
    if (p.recovery && p.errorsSince(condMark))
        return cond;
    if (p.peekType() !== 'Question')
        return cond;
    p.read();
    const trueMark = p.errorMark();
    const trueResult = parseExpression(p);
    if (p.recovery && p.errorsSince(trueMark))
        return cond;
    const colon = p.peek();
    if (colon.type !== 'Colon') {
        p.report((0, diagnostics_1.errorDiag)('Missing false expression in conditional', 'The conditional operator (...?...:...) requires a false expression, delimited by a colon.', colon.range, (0, pos_1.rangeBetween)(startRange, colon.range)));
        return cond;
    }
    p.read();
    const falseMark = p.errorMark();
    const falseResult = parseExpression(p);
    if (p.recovery && p.errorsSince(falseMark))
        return cond;
    return {
        kind: 'Conditional',
        condition: cond,
        trueResult,
        falseResult,
        range: (0, pos_1.rangeBetween)(startRange, falseResult.range),
    };
}
/**
 * Precedence climbing over the levels in `binaryOps`: equivalent to one recursive-descent function
 * per level (all operators are left-associative) but without allocating per level per term.
 */
function parseBinaryOps(p, minLevel) {
    const mark = p.errorMark();
    let lhs = parseExpressionWithTraversals(p);
    if (p.recovery && p.errorsSince(mark))
        return lhs;
    for (;;) {
        const next = p.peek();
        const binOp = binaryOps.get(next.type);
        if (binOp === undefined || binOp.level < minLevel)
            break;
        p.read();
        const rhsMark = p.errorMark();
        const rhs = parseBinaryOps(p, binOp.level + 1);
        lhs = {
            kind: 'BinaryOp',
            op: binOp.op,
            lhs,
            rhs,
            range: (0, pos_1.rangeBetween)(lhs.range, rhs.range),
            opRange: next.range,
        };
        if (p.recovery && p.errorsSince(rhsMark))
            return lhs;
    }
    return lhs;
}
function parseExpressionWithTraversals(p) {
    return parseExpressionTraversals(p, parseExpressionTerm(p));
}
/**
 * Traversal arrays made here, which no other node shares: the node a step is appended to is always
 * replaced by the one returned, so its array can grow in place. Copying it at every step made a
 * chain of n steps (`x.a.a.a…`) take time quadratic in n.
 */
const growable = new WeakSet();
function extended(traversal, step) {
    if (growable.has(traversal)) {
        traversal.push(step);
        return traversal;
    }
    const copy = [...traversal, step];
    growable.add(copy);
    return copy;
}
/** Appends a traversal step, extending an existing traversal where possible. */
function makeRelativeTraversal(expr, step, rng) {
    if (expr.kind === 'ScopeTraversal') {
        return {
            kind: 'ScopeTraversal',
            traversal: extended(expr.traversal, step),
            range: (0, pos_1.rangeBetween)(expr.range, rng),
        };
    }
    if (expr.kind === 'RelativeTraversal') {
        return {
            kind: 'RelativeTraversal',
            source: expr.source,
            traversal: extended(expr.traversal, step),
            range: (0, pos_1.rangeBetween)(expr.range, rng),
        };
    }
    return { kind: 'RelativeTraversal', source: expr, traversal: [step], range: (0, pos_1.rangeBetween)(expr.range, rng) };
}
const NUMBER_TEXT = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;
/**
 * The literal value of a number token, or undefined (after reporting it) when the text is not a
 * well-formed decimal number.
 */
function numberLiteral(p, tok) {
    if (!NUMBER_TEXT.test(tok.text)) {
        p.report((0, diagnostics_1.errorDiag)('Invalid number literal', 'Failed to recognize the value of this number literal.', tok.range));
        return undefined;
    }
    return { type: 'number', value: tok.text };
}
/** A placeholder key for a malformed index; the diagnostic already reported marks the tree as broken. */
const PLACEHOLDER_INDEX = { type: 'number', value: '0' };
function legacyIndexDiag(numTok, splat) {
    const [first, second] = numTok.text.split('.', 2);
    const how = splat
        ? 'the proper index syntax with a full splat expression [*] instead'
        : 'the proper index syntax instead';
    return (0, diagnostics_1.errorDiag)('Invalid legacy index syntax', `When using the legacy index syntax, chaining two indexes together is not permitted. Use ${how}, like [${first}][${second}].`, numTok.range);
}
function parseExpressionTraversals(p, from) {
    // `from` stays in use below (splats, error ranges): its own array must not grow.
    if (from.kind === 'ScopeTraversal' || from.kind === 'RelativeTraversal')
        growable.delete(from.traversal);
    let ret = from;
    for (;;) {
        const next = p.peek();
        if (next.type === 'Dot') {
            const dot = p.read();
            const attrTok = p.peek();
            if (attrTok.type === 'Ident') {
                p.read();
                const rng = (0, pos_1.rangeBetween)(dot.range, attrTok.range);
                ret = makeRelativeTraversal(ret, { kind: 'attr', name: attrTok.text, range: rng }, rng);
            }
            else if (attrTok.type === 'NumberLit') {
                p.read();
                const rng = (0, pos_1.rangeBetween)(dot.range, attrTok.range);
                if (attrTok.text.includes('.')) {
                    p.report(legacyIndexDiag(attrTok, false));
                    // The value is unknowable; the step gets a placeholder key.
                    ret = makeRelativeTraversal(ret, { kind: 'index', key: PLACEHOLDER_INDEX, range: rng }, rng);
                }
                else {
                    const key = numberLiteral(p, attrTok) ?? PLACEHOLDER_INDEX;
                    ret = makeRelativeTraversal(ret, { kind: 'index', key, range: rng }, rng);
                }
            }
            else if (attrTok.type === 'Star') {
                ret = finishLegacySplat(p, from, ret, dot);
            }
            else {
                p.report((0, diagnostics_1.errorDiag)('Invalid attribute name', 'An attribute name is required after a dot.', attrTok.range));
                ret = invalidExpr((0, pos_1.rangeBetween)(from.range, dot.range));
                p.recovery = true;
            }
        }
        else if (next.type === 'OBrack') {
            ret = finishBracketTraversal(p, from, ret);
        }
        else {
            break;
        }
    }
    return ret;
}
/** `.*` followed by attribute (or legacy numeric index) steps only. */
function finishLegacySplat(p, from, source, dot) {
    const marker = p.read();
    const trav = [];
    const firstRange = p.nextRange();
    let lastRange = marker.range;
    while (p.peekType() === 'Dot') {
        const stepDot = p.read();
        const tok = p.peek();
        if (tok.type === 'NumberLit') {
            p.read();
            const rng = (0, pos_1.rangeBetween)(stepDot.range, tok.range);
            if (tok.text.includes('.')) {
                p.report(legacyIndexDiag(tok, true));
                trav.push({ kind: 'index', key: PLACEHOLDER_INDEX, range: rng });
            }
            else {
                const key = numberLiteral(p, tok) ?? PLACEHOLDER_INDEX;
                trav.push({ kind: 'index', key, range: rng });
            }
            lastRange = tok.range;
            continue;
        }
        if (tok.type !== 'Ident') {
            if (!p.recovery) {
                if (tok.type === 'Star') {
                    p.report((0, diagnostics_1.errorDiag)('Nested splat expression not allowed', 'A splat expression (*) cannot be used inside another attribute-only splat expression.', tok.range));
                }
                else {
                    p.report((0, diagnostics_1.errorDiag)('Invalid attribute name', 'An attribute name is required after a dot.', tok.range));
                }
            }
            p.recovery = true;
            break;
        }
        p.read();
        trav.push({ kind: 'attr', name: tok.text, range: (0, pos_1.rangeBetween)(stepDot.range, tok.range) });
        lastRange = tok.range;
    }
    const item = { kind: 'AnonSymbol', range: (0, pos_1.rangeBetween)(dot.range, marker.range) };
    const each = trav.length === 0
        ? item
        : {
            kind: 'RelativeTraversal',
            source: item,
            traversal: trav,
            range: (0, pos_1.rangeBetween)(firstRange, lastRange),
        };
    return {
        kind: 'Splat',
        source,
        each,
        item,
        legacy: true,
        range: (0, pos_1.rangeBetween)(from.range, lastRange),
        markerRange: (0, pos_1.rangeBetween)(dot.range, marker.range),
    };
}
/** `[*]` (full splat) or `[key]` (index: a traversal step when the key is a literal). */
function finishBracketTraversal(p, from, source) {
    const open = p.read();
    if (p.peekType() === 'Star') {
        p.read();
        let close = p.read();
        if (close.type !== 'CBrack' && !p.recovery) {
            p.report((0, diagnostics_1.errorDiag)('Missing close bracket on splat index', 'The star for a full splat operator must be immediately followed by a closing bracket ("]").', close.range));
            close = (0, peeker_1.recover)(p, 'CBrack');
        }
        const item = { kind: 'AnonSymbol', range: (0, pos_1.rangeBetween)(open.range, close.range) };
        const each = parseExpressionTraversals(p, item);
        return {
            kind: 'Splat',
            source,
            each,
            item,
            legacy: false,
            range: (0, pos_1.rangeBetween)(from.range, each.range),
            markerRange: (0, pos_1.rangeBetween)(open.range, close.range),
        };
    }
    p.pushIncludeNewlines(false);
    const keyMark = p.errorMark();
    const key = parseExpression(p);
    let close;
    if (p.recovery && p.errorsSince(keyMark)) {
        close = (0, peeker_1.recover)(p, 'CBrack');
    }
    else {
        close = p.read();
        if (close.type !== 'CBrack' && !p.recovery) {
            p.report((0, diagnostics_1.errorDiag)('Missing close bracket on index', 'The index operator must end with a closing bracket ("]").', close.range));
            close = (0, peeker_1.recover)(p, 'CBrack');
        }
    }
    p.popIncludeNewlines();
    const rng = (0, pos_1.rangeBetween)(open.range, close.range);
    const literal = literalKey(key);
    if (literal !== undefined) {
        return makeRelativeTraversal(source, { kind: 'index', key: literal, range: rng }, rng);
    }
    return { kind: 'Index', collection: source, key, range: (0, pos_1.rangeBetween)(from.range, rng), bracketRange: rng };
}
/** A constant index key: a literal, or a quoted string with no interpolations. */
function literalKey(key) {
    if (key.kind === 'LiteralValue')
        return key.value;
    if (key.kind === 'Template' && key.parts.length === 1 && key.parts[0].kind === 'LiteralValue') {
        return key.parts[0].value;
    }
    return undefined;
}
function parseExpressionTerm(p) {
    const start = p.peek();
    switch (start.type) {
        case 'OParen': {
            const oParen = p.read();
            p.pushIncludeNewlines(false);
            const mark = p.errorMark();
            const expr = parseExpression(p);
            if (p.errorsSince(mark)) {
                (0, peeker_1.recover)(p, 'CParen');
                p.popIncludeNewlines();
                return expr;
            }
            const close = p.peek();
            if (close.type !== 'CParen') {
                p.report((0, diagnostics_1.errorDiag)('Unbalanced parentheses', 'Expected a closing parenthesis to terminate the expression.', close.range, (0, pos_1.rangeBetween)(start.range, close.range)));
                p.recovery = true;
            }
            const cParen = p.read();
            p.popIncludeNewlines();
            return { kind: 'Parentheses', expr, range: (0, pos_1.rangeBetween)(oParen.range, cParen.range) };
        }
        case 'NumberLit': {
            const tok = p.read();
            const value = numberLiteral(p, tok);
            if (value === undefined)
                return { kind: 'Invalid', range: tok.range };
            return { kind: 'LiteralValue', value, range: tok.range };
        }
        case 'Ident': {
            const tok = p.read();
            if (p.peekType() === 'OParen')
                return finishParsingFunctionCall(p, tok);
            switch (tok.text) {
                case 'true':
                    return { kind: 'LiteralValue', value: { type: 'bool', value: true }, range: tok.range };
                case 'false':
                    return { kind: 'LiteralValue', value: { type: 'bool', value: false }, range: tok.range };
                case 'null':
                    return { kind: 'LiteralValue', value: { type: 'null' }, range: tok.range };
                default:
                    return {
                        kind: 'ScopeTraversal',
                        traversal: [{ kind: 'root', name: tok.text, range: tok.range }],
                        range: tok.range,
                    };
            }
        }
        case 'OQuote':
        case 'OHeredoc': {
            const open = p.read();
            if (open.type === 'OQuote') {
                const simple = parseSimpleQuoted(p, open);
                if (simple !== undefined)
                    return simple;
            }
            const closer = open.type === 'OQuote' ? 'CQuote' : 'CHeredoc';
            const inner = (0, parser_template_1.parseTemplateInner)(p, closer, open.text.startsWith('<<-'));
            const range = (0, pos_1.rangeBetween)(open.range, p.prevRange());
            if (inner.passthru) {
                return { kind: 'TemplateWrap', wrapped: inner.parts[0], range };
            }
            return { kind: 'Template', parts: inner.parts, heredoc: open.type === 'OHeredoc', range };
        }
        case 'Minus':
        case 'Bang': {
            const tok = p.read();
            const operand = parseExpressionWithTraversals(p);
            return {
                kind: 'UnaryOp',
                op: tok.type === 'Minus' ? '-' : '!',
                operand,
                range: (0, pos_1.rangeBetween)(tok.range, operand.range),
                opRange: tok.range,
            };
        }
        case 'OBrack':
            return (0, parser_collections_1.parseTupleCons)(p);
        case 'OBrace':
            return (0, parser_collections_1.parseObjectCons)(p);
        default: {
            if (!p.recovery) {
                if (start.type === 'EOF') {
                    p.report((0, diagnostics_1.errorDiag)('Missing expression', 'Expected the start of an expression, but found the end of the file.', start.range));
                }
                else {
                    p.report((0, diagnostics_1.errorDiag)('Invalid expression', 'Expected the start of an expression, but found an invalid expression token.', start.range));
                }
            }
            p.recovery = true;
            return invalidExpr(start.range);
        }
    }
}
/**
 * The commonest template by far, a quoted string of plain text (`"abc"` or `""`), without the
 * general template machinery: the same tree parseTemplateInner would build, with fewer
 * intermediate objects. Returns undefined, reading nothing, for anything else.
 */
function parseSimpleQuoted(p, open) {
    const lit = p.peek();
    let value;
    let litRange;
    if (lit.type === 'CQuote') {
        value = '';
        litRange = { filename: lit.range.filename, start: lit.range.start, end: lit.range.start };
    }
    else if (lit.type === 'QuotedLit' && p.peekSecond().type === 'CQuote') {
        p.read();
        value = (0, string_literal_1.unescapeLiteral)(lit, p.diags);
        litRange = lit.range;
    }
    else {
        return undefined;
    }
    const close = p.read();
    const part = { kind: 'LiteralValue', value: { type: 'string', value }, range: litRange };
    return { kind: 'Template', parts: [part], heredoc: false, range: (0, pos_1.rangeBetween)(open.range, close.range) };
}
function finishParsingFunctionCall(p, name) {
    const openTok = p.read();
    const args = [];
    let expandFinal = false;
    let closeTok;
    p.pushIncludeNewlines(false);
    for (;;) {
        if (p.peekType() === 'CParen') {
            closeTok = p.read();
            break;
        }
        const argMark = p.errorMark();
        const arg = parseExpression(p);
        args.push(arg);
        if (p.recovery && p.errorsSince(argMark)) {
            closeTok = (0, peeker_1.recover)(p, 'CParen');
            break;
        }
        const sep = p.read();
        if (sep.type === 'CParen') {
            closeTok = sep;
            break;
        }
        if (sep.type === 'Ellipsis') {
            expandFinal = true;
            if (p.peekType() !== 'CParen') {
                if (!p.recovery) {
                    p.report((0, diagnostics_1.errorDiag)('Missing closing parenthesis', 'An expanded function argument (with ...) must be immediately followed by closing parentheses.', sep.range, (0, pos_1.rangeBetween)(name.range, sep.range)));
                }
                closeTok = (0, peeker_1.recover)(p, 'CParen');
            }
            else {
                closeTok = p.read();
            }
            break;
        }
        if (sep.type !== 'Comma') {
            if (sep.type === 'EOF') {
                p.report((0, diagnostics_1.errorDiag)('Unterminated function call', 'There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in this file.', (0, pos_1.rangeBetween)(name.range, openTok.range)));
            }
            else {
                p.report((0, diagnostics_1.errorDiag)('Missing argument separator', 'A comma is required to separate each function argument from the next.', sep.range, (0, pos_1.rangeBetween)(name.range, sep.range)));
            }
            closeTok = (0, peeker_1.recover)(p, 'CParen');
            break;
        }
        if (p.peekType() === 'CParen') {
            closeTok = p.read();
            break;
        }
    }
    p.popIncludeNewlines();
    const closeRange = closeTok.range;
    return {
        kind: 'FunctionCall',
        name: name.text,
        args,
        expandFinal,
        range: (0, pos_1.rangeBetween)(name.range, closeRange),
        nameRange: name.range,
        openParenRange: openTok.range,
        closeParenRange: closeRange,
    };
}


/***/ }),

/***/ 7295:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.parseTemplateInner = parseTemplateInner;
const diagnostics_1 = __nccwpck_require__(3995);
const pos_1 = __nccwpck_require__(3857);
const parser_expression_1 = __nccwpck_require__(8567);
const peeker_1 = __nccwpck_require__(3979);
const string_literal_1 = __nccwpck_require__(7684);
/** Parses a template's parts up to the `end` token; diagnostics go to the peeker's sink. */
function parseTemplateInner(p, end, flushHeredoc) {
    const { parts, range } = parseTemplateParts(p, end);
    if (flushHeredoc)
        flushHeredocParts(parts);
    meldLiterals(parts);
    const tp = new TemplateNester(parts);
    const exprs = tp.parseRoot(p.diags);
    const passthru = parts.length === 2 && parts[0].kind === 'interp';
    return { parts: exprs, passthru, range };
}
function trimLeftSpace(s) {
    return s.replace(/^\s+/u, '');
}
function trimRightSpace(s) {
    return s.replace(/\s+$/u, '');
}
function parseTemplateParts(p, end) {
    const parts = [];
    const diags = p.diags;
    const startRange = p.nextRange();
    let endRange;
    let ltrimNext = false;
    let nextCanTrimPrev = false;
    const trimPrev = (opener) => {
        const prev = parts[parts.length - 1];
        if (opener.length === 3 && prev !== undefined && prev.kind === 'lit') {
            prev.value = trimRightSpace(prev.value);
        }
    };
    for (;;) {
        const next = p.read();
        if (next.type === end) {
            endRange = next.range;
            break;
        }
        const ltrim = ltrimNext;
        ltrimNext = false;
        const canTrimPrev = nextCanTrimPrev;
        nextCanTrimPrev = false;
        if (next.type === 'StringLit' || next.type === 'QuotedLit') {
            const value = (0, string_literal_1.unescapeLiteral)(next, diags);
            parts.push({ kind: 'lit', value: ltrim ? trimLeftSpace(value) : value, range: next.range });
            nextCanTrimPrev = true;
            continue;
        }
        if (next.type === 'TemplateInterp') {
            if (canTrimPrev)
                trimPrev(next.text);
            p.pushIncludeNewlines(false);
            const expr = (0, parser_expression_1.parseExpression)(p);
            const close = p.peek();
            if (close.type !== 'TemplateSeqEnd') {
                if (!p.recovery)
                    diags.push(interpCloseDiag(close.type, close.range, startRange, end));
                (0, peeker_1.recover)(p, 'TemplateSeqEnd');
            }
            else {
                p.read();
                if (close.text === '~}')
                    ltrimNext = true;
            }
            p.popIncludeNewlines();
            parts.push({ kind: 'interp', expr, range: (0, pos_1.rangeBetween)(next.range, close.range) });
            continue;
        }
        if (next.type === 'TemplateControl') {
            if (canTrimPrev)
                trimPrev(next.text);
            p.pushIncludeNewlines(false);
            const ok = parseDirective(p, next.range, parts, diags);
            if (ok) {
                const close = p.peek();
                if (close.type !== 'TemplateSeqEnd') {
                    if (!p.recovery) {
                        diags.push((0, diagnostics_1.errorDiag)(`Extra characters in ${ok} marker`, 'Expected a closing brace to end the sequence, but found extra characters.', close.range, (0, pos_1.rangeBetween)(startRange, close.range)));
                    }
                    (0, peeker_1.recover)(p, 'TemplateSeqEnd');
                }
                else {
                    p.read();
                    if (close.text === '~}')
                        ltrimNext = true;
                }
            }
            else {
                (0, peeker_1.recover)(p, 'TemplateSeqEnd');
            }
            p.popIncludeNewlines();
            continue;
        }
        if (!p.recovery) {
            diags.push((0, diagnostics_1.errorDiag)('Unterminated template string', 'No closing marker was found for the string.', next.range, (0, pos_1.rangeBetween)(startRange, next.range)));
        }
        // The bad token may itself be the closer (e.g. EOF); only search further if it is not.
        const final = next.type === 'EOF' ? next : (0, peeker_1.recover)(p, end);
        endRange = final.range;
        break;
    }
    if (parts.length === 0) {
        parts.push({
            kind: 'lit',
            value: '',
            range: { filename: startRange.filename, start: startRange.start, end: startRange.start },
        });
    }
    parts.push({ kind: 'end', range: endRange });
    return { parts, range: (0, pos_1.rangeBetween)(startRange, endRange) };
}
function interpCloseDiag(type, at, startRange, end) {
    if (type === 'EOF') {
        return (0, diagnostics_1.errorDiag)('Unclosed template interpolation sequence', 'There is no closing brace for this interpolation sequence before the end of the file. This might be caused by incorrect nesting inside the given expression.', startRange);
    }
    if (type === 'Colon') {
        return (0, diagnostics_1.errorDiag)('Extra characters after interpolation expression', 'Template interpolation doesn\'t expect a colon at this location. Did you intend this to be a literal sequence to be processed as part of another language? If so, you can escape it by starting with "$${" instead of just "${".', at, (0, pos_1.rangeBetween)(startRange, at));
    }
    if ((type === 'CQuote' || type === 'OQuote') && end === 'CQuote') {
        return (0, diagnostics_1.errorDiag)('Unclosed template interpolation sequence', 'There is no closing brace for this interpolation sequence before the end of the quoted template. This might be caused by incorrect nesting inside the given expression.', startRange);
    }
    return (0, diagnostics_1.errorDiag)('Extra characters after interpolation expression', 'Expected a closing brace to end the interpolation expression, but found extra characters.\n\nThis can happen when you include interpolation syntax for another language, such as shell scripting, but forget to escape the interpolation start token. If this is an embedded sequence for another language, escape it by starting with "$${" instead of just "${".', at, (0, pos_1.rangeBetween)(startRange, at));
}
const directiveKeywords = ['if', 'for', 'else', 'endif', 'endfor'];
/**
 * Parses the inside of a `%{ ... }` directive up to (not including) its closing brace, pushing a
 * part. Returns the keyword on success, or undefined when the caller must recover.
 */
function parseDirective(p, openRange, parts, diags) {
    const kw = p.peek();
    if (kw.type !== 'Ident') {
        if (!p.recovery) {
            diags.push((0, diagnostics_1.errorDiag)('Invalid template directive', 'A template directive keyword ("if", "for", etc) is expected at the beginning of a %{ sequence.', kw.range, (0, pos_1.rangeBetween)(openRange, kw.range)));
        }
        return undefined;
    }
    p.read();
    const upToNext = () => (0, pos_1.rangeBetween)(openRange, p.nextRange());
    switch (kw.text) {
        case 'if': {
            const condition = (0, parser_expression_1.parseExpression)(p);
            parts.push({ kind: 'if', condition, range: upToNext() });
            return kw.text;
        }
        case 'else':
        case 'endif':
        case 'endfor':
            parts.push({ kind: 'endctrl', which: kw.text, range: upToNext() });
            return kw.text;
        case 'for': {
            const fail = (detail) => {
                if (!p.recovery)
                    diags.push((0, diagnostics_1.errorDiag)("Invalid 'for' directive", detail, p.nextRange()));
                return undefined;
            };
            if (p.peekType() !== 'Ident')
                return fail("For directive requires variable name after 'for'.");
            let valueVar = p.read().text;
            let keyVar;
            if (p.peekType() === 'Comma') {
                keyVar = valueVar;
                p.read();
                if (p.peekType() !== 'Ident')
                    return fail('For directive requires value variable name after comma.');
                valueVar = p.read().text;
            }
            const inTok = p.peek();
            if (inTok.type !== 'Ident' || inTok.text !== 'in')
                return fail("For directive requires 'in' keyword after names.");
            p.read();
            const collection = (0, parser_expression_1.parseExpression)(p);
            parts.push({ kind: 'for', keyVar, valueVar, collection, range: upToNext() });
            return kw.text;
        }
        default: {
            if (!p.recovery) {
                const suggestion = suggest(kw.text, directiveKeywords);
                diags.push((0, diagnostics_1.errorDiag)('Invalid template control keyword', `${JSON.stringify(kw.text)} is not a valid template control keyword.${suggestion ? ` Did you mean ${JSON.stringify(suggestion)}?` : ''}`, kw.range, (0, pos_1.rangeBetween)(openRange, kw.range)));
            }
            return undefined;
        }
    }
}
/** The closest candidate within edit distance 2, as HCL's name suggestions do. */
function suggest(given, candidates) {
    for (const c of candidates) {
        if (levenshtein(given, c) < 3)
            return c;
    }
    return undefined;
}
function levenshtein(a, b) {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = tmp;
        }
    }
    return row[b.length];
}
/**
 * `<<-` heredocs: removes the indentation common to every line that has content. Lines that are
 * blank are ignored; a line starting with an interpolation has no indentation.
 */
function flushHeredocParts(parts) {
    let minSpaces = Number.MAX_SAFE_INTEGER;
    let newline = true;
    const adjust = [];
    for (const part of parts) {
        if (newline) {
            newline = false;
            let spaces = 0;
            if (part.kind === 'lit') {
                const trimmed = trimLeftSpace(part.value);
                if (trimmed.length === 0 && part.value.endsWith('\n')) {
                    spaces = Number.MAX_SAFE_INTEGER;
                }
                else {
                    spaces = Array.from(part.value.slice(0, part.value.length - trimmed.length)).length;
                    adjust.push(part);
                }
            }
            else if (part.kind === 'end') {
                break;
            }
            if (spaces < minSpaces)
                minSpaces = spaces;
        }
        if (part.kind === 'lit' && part.value.endsWith('\n'))
            newline = true;
    }
    if (minSpaces === Number.MAX_SAFE_INTEGER)
        return;
    for (const lit of adjust) {
        const chars = Array.from(lit.value);
        const removed = chars.slice(0, minSpaces).join('');
        lit.value = lit.value.slice(removed.length);
        const start = lit.range.start;
        lit.range = {
            filename: lit.range.filename,
            start: {
                line: start.line,
                column: start.column + minSpaces,
                byte: start.byte + Buffer.byteLength(removed),
            },
            end: lit.range.end,
        };
    }
}
function meldLiterals(parts) {
    let w = 0;
    for (let r = 0; r < parts.length; r++) {
        const cur = parts[r];
        const prev = w > 0 ? parts[w - 1] : undefined;
        if (prev !== undefined && prev.kind === 'lit' && cur.kind === 'lit') {
            prev.value += cur.value;
            prev.range = { filename: prev.range.filename, start: prev.range.start, end: cur.range.end };
            continue;
        }
        parts[w++] = cur;
    }
    parts.length = w;
}
/** Second pass: nests if/for directives into expressions. */
class TemplateNester {
    parts;
    pos = 0;
    constructor(parts) {
        this.parts = parts;
    }
    peek() {
        return this.parts[this.pos];
    }
    read() {
        const part = this.parts[this.pos];
        if (part.kind !== 'end')
            this.pos++;
        return part;
    }
    parseRoot(diags) {
        const exprs = [];
        while (this.peek().kind !== 'end')
            exprs.push(this.parseExpr(diags));
        return exprs;
    }
    parseExpr(diags) {
        const part = this.peek();
        switch (part.kind) {
            case 'lit':
                this.read();
                return { kind: 'LiteralValue', value: { type: 'string', value: part.value }, range: part.range };
            case 'interp':
                this.read();
                return part.expr;
            case 'if':
                return this.parseIf(part, diags);
            case 'for':
                return this.parseFor(part, diags);
            case 'endctrl':
                this.read();
                diags.push((0, diagnostics_1.errorDiag)(`Unexpected ${part.which} directive`, 'The control directives within this template are unbalanced.', part.range));
                return (0, parser_expression_1.invalidExpr)(part.range);
            case 'end':
                this.read();
                diags.push((0, diagnostics_1.errorDiag)('Unexpected end of template', 'The control directives within this template are unbalanced.', part.range));
                return (0, parser_expression_1.invalidExpr)(part.range);
        }
    }
    parseIf(openIf, diags) {
        this.read();
        const ifExprs = [];
        let elseExprs;
        let current = ifExprs;
        let endifRange;
        for (;;) {
            const next = this.peek();
            if (next.kind === 'end') {
                diags.push((0, diagnostics_1.errorDiag)('Unexpected end of template', `The if directive at ${(0, pos_1.formatRange)(openIf.range)} is missing its corresponding endif directive.`, next.range));
                return (0, parser_expression_1.invalidExpr)(next.range);
            }
            if (next.kind === 'endctrl') {
                this.read();
                if (next.which === 'else' && elseExprs === undefined) {
                    elseExprs = [];
                    current = elseExprs;
                    continue;
                }
                if (next.which === 'endif') {
                    endifRange = next.range;
                    break;
                }
                if (next.which === 'else') {
                    diags.push((0, diagnostics_1.errorDiag)('Unexpected else directive', `Already in the else clause for the if started at ${(0, pos_1.formatRange)(openIf.range)}.`, next.range));
                }
                else {
                    diags.push((0, diagnostics_1.errorDiag)(`Unexpected ${next.which} directive`, `Expecting an endif directive for the if started at ${(0, pos_1.formatRange)(openIf.range)}.`, next.range));
                }
                return (0, parser_expression_1.invalidExpr)(next.range);
            }
            current.push(this.parseExpr(diags));
        }
        const trueTemplate = wrapParts(ifExprs, emptyAt(openIf.range.filename, openIf.range.end));
        const falseTemplate = elseExprs === undefined
            ? undefined
            : wrapParts(elseExprs, emptyAt(endifRange.filename, endifRange.start));
        return {
            kind: 'TemplateIf',
            condition: openIf.condition,
            trueTemplate,
            falseTemplate,
            range: (0, pos_1.rangeBetween)(openIf.range, endifRange),
        };
    }
    parseFor(openFor, diags) {
        this.read();
        const content = [];
        let endforRange;
        for (;;) {
            const next = this.peek();
            if (next.kind === 'end') {
                diags.push((0, diagnostics_1.errorDiag)('Unexpected end of template', `The for directive at ${(0, pos_1.formatRange)(openFor.range)} is missing its corresponding endfor directive.`, next.range));
                return (0, parser_expression_1.invalidExpr)(next.range);
            }
            if (next.kind === 'endctrl') {
                this.read();
                if (next.which === 'endfor') {
                    endforRange = next.range;
                    break;
                }
                if (next.which === 'else') {
                    diags.push((0, diagnostics_1.errorDiag)('Unexpected else directive', 'An else clause is not expected for a for directive.', next.range));
                }
                else {
                    diags.push((0, diagnostics_1.errorDiag)(`Unexpected ${next.which} directive`, `Expecting an endfor directive corresponding to the for directive at ${(0, pos_1.formatRange)(openFor.range)}.`, next.range));
                }
                return (0, parser_expression_1.invalidExpr)(next.range);
            }
            content.push(this.parseExpr(diags));
        }
        return {
            kind: 'TemplateFor',
            keyVar: openFor.keyVar,
            valueVar: openFor.valueVar,
            collection: openFor.collection,
            body: wrapParts(content, emptyAt(openFor.range.filename, openFor.range.end)),
            range: (0, pos_1.rangeBetween)(openFor.range, endforRange),
        };
    }
}
function emptyAt(filename, at) {
    return {
        kind: 'LiteralValue',
        value: { type: 'string', value: '' },
        range: { filename, start: at, end: at },
    };
}
function wrapParts(exprs, empty) {
    const parts = exprs.length === 0 ? [empty] : exprs;
    return {
        kind: 'Template',
        parts,
        heredoc: false,
        range: (0, pos_1.rangeBetween)(parts[0].range, parts[parts.length - 1].range),
    };
}


/***/ }),

/***/ 3695:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.parseTraversal = parseTraversal;
exports.parseQuotedStringLiteral = parseQuotedStringLiteral;
const diagnostics_1 = __nccwpck_require__(3995);
const pos_1 = __nccwpck_require__(3857);
const peeker_1 = __nccwpck_require__(3979);
const string_literal_1 = __nccwpck_require__(7684);
/**
 * Absolute traversals (`var.a.b[0]["k"]`) parsed on their own, as used for `-var` names and
 * similar references, plus quoted string literals that may not contain template sequences.
 */
function parseTraversal(p) {
    const ret = [];
    const diags = [];
    const varTok = p.read();
    if (varTok.type !== 'Ident') {
        diags.push((0, diagnostics_1.errorDiag)('Variable name required', 'Must begin with a variable name.', varTok.range));
        return [ret, diags];
    }
    ret.push({ kind: 'root', name: varTok.text, range: varTok.range });
    for (;;) {
        const next = p.peek();
        if (next.type === 'EOF')
            return [ret, diags];
        if (next.type === 'Dot') {
            const dot = p.read();
            const nameTok = p.read();
            if (nameTok.type !== 'Ident') {
                diags.push((0, diagnostics_1.errorDiag)('Attribute name required', nameTok.type === 'Star'
                    ? 'Splat expressions (.*) may not be used here.'
                    : 'Dot must be followed by attribute name.', nameTok.range, (0, pos_1.rangeBetween)(varTok.range, nameTok.range)));
                return [ret, diags];
            }
            ret.push({ kind: 'attr', name: nameTok.text, range: (0, pos_1.rangeBetween)(dot.range, nameTok.range) });
            continue;
        }
        if (next.type === 'OBrack') {
            const open = p.read();
            const keyTok = p.peek();
            if (keyTok.type === 'NumberLit' || keyTok.type === 'OQuote') {
                let step;
                if (keyTok.type === 'NumberLit') {
                    p.read();
                    if (!/^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(keyTok.text)) {
                        diags.push((0, diagnostics_1.errorDiag)('Invalid number literal', 'Failed to recognize the value of this number literal.', keyTok.range));
                    }
                    const valid = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(keyTok.text);
                    step = {
                        kind: 'index',
                        key: { type: 'number', value: valid ? keyTok.text : '0' },
                        range: open.range,
                    };
                }
                else {
                    const [str] = parseQuotedStringLiteral(p, diags);
                    step = { kind: 'index', key: { type: 'string', value: str }, range: open.range };
                }
                const close = p.read();
                if (close.type !== 'CBrack') {
                    diags.push((0, diagnostics_1.errorDiag)('Unclosed index brackets', 'Index key must be followed by a closing bracket.', close.range, (0, pos_1.rangeBetween)(open.range, close.range)));
                }
                ret.push({ ...step, range: (0, pos_1.rangeBetween)(open.range, close.range) });
                if ((0, diagnostics_1.hasErrors)(diags))
                    return [ret, diags];
                continue;
            }
            diags.push(keyTok.type === 'Star'
                ? (0, diagnostics_1.errorDiag)('Attribute name required', 'Splat expressions ([*]) may not be used here.', keyTok.range, (0, pos_1.rangeBetween)(varTok.range, keyTok.range))
                : (0, diagnostics_1.errorDiag)('Index value required', 'Index brackets must contain either a literal number or a literal string.', keyTok.range, (0, pos_1.rangeBetween)(varTok.range, keyTok.range)));
            return [ret, diags];
        }
        diags.push((0, diagnostics_1.errorDiag)('Invalid character', 'Expected an attribute access or an index operator.', next.range, (0, pos_1.rangeBetween)(varTok.range, next.range)));
        return [ret, diags];
    }
}
/**
 * A block label or traversal key: a quoted string with no template sequences. Problems are
 * appended to `diags`.
 */
function parseQuotedStringLiteral(p, diags) {
    const oQuote = p.read();
    if (oQuote.type !== 'OQuote') {
        diags.push((0, diagnostics_1.errorDiag)('Invalid string literal', 'A quoted string is required here.', oQuote.range));
        return ['', oQuote.range];
    }
    let value = '';
    let endRange;
    for (;;) {
        const tok = p.read();
        if (tok.type === 'CQuote') {
            endRange = tok.range;
            break;
        }
        if (tok.type === 'QuotedLit') {
            value += (0, string_literal_1.unescapeLiteral)(tok, diags);
            continue;
        }
        if (tok.type === 'TemplateControl' || tok.type === 'TemplateInterp') {
            const which = tok.type === 'TemplateControl' ? '%' : '$';
            diags.push((0, diagnostics_1.errorDiag)('Invalid string literal', `Template sequences are not allowed in this string. To include a literal ${JSON.stringify(which)}, double it (as "${which}${which}") to escape it.`, tok.range, (0, pos_1.rangeBetween)(oQuote.range, tok.range)));
            value += `${which}{ ... }`;
            (0, peeker_1.recover)(p, 'TemplateSeqEnd');
            continue;
        }
        if (tok.type === 'EOF') {
            diags.push((0, diagnostics_1.errorDiag)('Unterminated string literal', 'Unable to find the closing quote mark before the end of the file.', tok.range, (0, pos_1.rangeBetween)(oQuote.range, tok.range)));
            endRange = tok.range;
            break;
        }
        diags.push((0, diagnostics_1.errorDiag)('Invalid string literal', 'This item is not valid in a string literal.', tok.range, (0, pos_1.rangeBetween)(oQuote.range, tok.range)));
        (0, peeker_1.recover)(p, 'CQuote');
        endRange = tok.range;
        break;
    }
    return [value, (0, pos_1.rangeBetween)(oQuote.range, endRange)];
}


/***/ }),

/***/ 3664:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.parseConfig = parseConfig;
exports.parseConfigTokens = parseConfigTokens;
exports.parseExpression = parseExpression;
exports.parseTemplate = parseTemplate;
exports.parseTraversalAbs = parseTraversalAbs;
const diagnostics_1 = __nccwpck_require__(3995);
const pos_1 = __nccwpck_require__(3857);
const invalid_tokens_1 = __nccwpck_require__(9563);
const parser_expression_1 = __nccwpck_require__(8567);
const parser_template_1 = __nccwpck_require__(7295);
const parser_traversal_1 = __nccwpck_require__(3695);
const peeker_1 = __nccwpck_require__(3979);
const scanner_1 = __nccwpck_require__(5349);
const stack_depth_1 = __nccwpck_require__(4843);
/**
 * Entry points of the HCL native syntax parser. Every function returns a (possibly partial) result
 * together with diagnostics and never throws on bad input: after an error the parser skips to the
 * end of the construct, inserts an InvalidExpr placeholder and carries on.
 *
 * Unlike hclsyntax, which suppresses every error after the first recovery for the rest of the file,
 * the recovery flag is cleared at each body item, so one parse reports each broken item.
 */
function parseConfig(src, filename, start = pos_1.initialPos) {
    return parseConfigTokens((0, scanner_1.scanTokens)(src, filename, start));
}
/**
 * Parses an already scanned file (from scanTokens). The formatter uses this so that checking a
 * file's syntax and formatting it share one scan.
 */
function parseConfigTokens(tokens) {
    const p = new peeker_1.Peeker(tokens, true, (0, invalid_tokens_1.checkInvalidTokens)(tokens));
    const body = guardDepth(p, () => parseBody(p, 'EOF'), emptyBody);
    return { body, diagnostics: p.diags };
}
function parseExpression(src, filename, start = pos_1.initialPos) {
    const tokens = (0, scanner_1.scanTokens)(src, filename, start);
    // A standalone expression may span lines freely, as if it were parenthesised.
    const p = new peeker_1.Peeker(tokens, false, (0, invalid_tokens_1.checkInvalidTokens)(tokens));
    const expr = guardDepth(p, () => (0, parser_expression_1.parseExpression)(p), invalidExpr);
    const next = p.peek();
    if (next.type !== 'EOF' && !p.recovery) {
        p.report((0, diagnostics_1.errorDiag)('Extra characters after expression', 'An expression was successfully parsed, but extra characters were found after it.', next.range));
    }
    return { expr, diagnostics: p.diags };
}
/** Parses a bare template (no quotes or heredoc markers), as used by HCL JSON and `templatefile`. */
function parseTemplate(src, filename, start = pos_1.initialPos) {
    const tokens = (0, scanner_1.scanTemplateTokens)(src, filename, start);
    const p = new peeker_1.Peeker(tokens, false, (0, invalid_tokens_1.checkInvalidTokens)(tokens));
    const inner = guardDepth(p, () => (0, parser_template_1.parseTemplateInner)(p, 'EOF', false), (range) => ({ parts: [invalidExpr(range)], passthru: true, range }));
    const expr = inner.passthru
        ? { kind: 'TemplateWrap', wrapped: inner.parts[0], range: inner.range }
        : { kind: 'Template', parts: inner.parts, heredoc: false, range: inner.range };
    return { expr, diagnostics: p.diags };
}
/** Parses an absolute traversal such as `var.foo[0]["bar"]` (no splats, literal keys only). */
function parseTraversalAbs(src, filename, start = pos_1.initialPos) {
    const tokens = (0, scanner_1.scanTokens)(src, filename, start);
    const diagnostics = (0, invalid_tokens_1.checkInvalidTokens)(tokens);
    const p = new peeker_1.Peeker(tokens, false);
    const [traversal, travDiags] = (0, parser_traversal_1.parseTraversal)(p);
    diagnostics.push(...travDiags);
    return { traversal, diagnostics };
}
/**
 * Runs a parse; when the input is nested too deeply for the stack, reports that at the token the
 * parser had reached and returns `fallback` for the whole parse (src/text/stack-depth.ts).
 */
function guardDepth(p, parse, fallback) {
    try {
        return p.withDepthGuard(parse);
    }
    catch (e) {
        if (!(0, stack_depth_1.isStackOverflow)(e))
            throw e;
        const at = p.peek().range;
        p.report((0, diagnostics_1.errorDiag)(stack_depth_1.TOO_DEEP_SUMMARY, stack_depth_1.TOO_DEEP_DETAIL, at));
        p.recovery = true;
        p.skipToEnd();
        return fallback(at);
    }
}
function emptyBody(range) {
    return { kind: 'Body', items: [], attributes: [], blocks: [], range, endRange: range };
}
function invalidExpr(range) {
    return { kind: 'Invalid', range };
}
const argumentOrBlockRequired = 'Argument or block definition required';
function emptyRangeAt(r) {
    return { filename: r.filename, start: r.end, end: r.end };
}
function parseBody(p, end) {
    const diags = p.diags;
    const items = [];
    const attrs = new Map();
    const startRange = p.prevRange();
    let endRange;
    for (;;) {
        // Each item is a fresh start: errors in earlier items must not hide errors in this one.
        p.recovery = false;
        const next = p.peek();
        if (next.type === end) {
            endRange = next.range;
            p.read();
            break;
        }
        if (next.type === 'Newline') {
            p.read();
            continue;
        }
        if (next.type === 'Ident') {
            const item = parseBodyItem(p);
            if (item === undefined)
                continue;
            if (item.kind === 'Block')
                items.push(item);
            if (item.kind === 'Attribute') {
                const existing = attrs.get(item.name);
                if (existing !== undefined) {
                    diags.push((0, diagnostics_1.errorDiag)('Attribute redefined', `The argument ${JSON.stringify(item.name)} was already set at ${(0, pos_1.formatRange)(existing.nameRange)}. Each argument may be set only once.`, item.nameRange));
                }
                else {
                    // As in hclsyntax, a redefined argument is dropped: the first definition wins.
                    attrs.set(item.name, item);
                    items.push(item);
                }
            }
            continue;
        }
        const bad = p.read();
        if (bad.type === 'OQuote') {
            diags.push((0, diagnostics_1.errorDiag)('Invalid argument name', 'Argument names must not be quoted.', bad.range));
        }
        else if (bad.type === 'EOF') {
            if (end === 'CBrace') {
                diags.push((0, diagnostics_1.errorDiag)('Unclosed configuration block', 'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.', startRange));
            }
            else {
                diags.push((0, diagnostics_1.errorDiag)('Unclosed configuration body', 'Found end of file before the end of this configuration body.', startRange));
            }
            endRange = bad.range;
            break;
        }
        else {
            diags.push((0, diagnostics_1.errorDiag)(argumentOrBlockRequired, 'An argument or block definition is required here.', bad.range));
        }
        // Unlike hclsyntax (which abandons the rest of the body), skip just this line and go on.
        skipBodyLine(p, bad, end);
    }
    const attributes = items.filter((i) => i.kind === 'Attribute');
    const blocks = items.filter((i) => i.kind === 'Block');
    return {
        kind: 'Body',
        items,
        attributes,
        blocks,
        range: (0, pos_1.rangeBetween)(startRange, endRange),
        endRange: emptyRangeAt(endRange),
    };
}
/**
 * Skips the rest of a broken body line, leaving the body's own closing brace (at nesting depth
 * zero) unread so the enclosing block still ends where it should.
 */
function skipBodyLine(p, bad, end) {
    p.recovery = true;
    let depth = isOpener(bad.type) ? 1 : 0;
    for (;;) {
        const tok = p.peek();
        if (tok.type === 'EOF')
            return;
        if (depth === 0 && tok.type === end)
            return;
        p.read();
        if (isOpener(tok.type))
            depth++;
        else if (isCloser(tok.type))
            depth = Math.max(0, depth - 1);
        else if (tok.type === 'Newline' && depth === 0)
            return;
    }
}
function isOpener(t) {
    return (t === 'OBrace' ||
        t === 'OBrack' ||
        t === 'OParen' ||
        t === 'OQuote' ||
        t === 'OHeredoc' ||
        t === 'TemplateInterp' ||
        t === 'TemplateControl');
}
function isCloser(t) {
    return (t === 'CBrace' ||
        t === 'CBrack' ||
        t === 'CParen' ||
        t === 'CQuote' ||
        t === 'CHeredoc' ||
        t === 'TemplateSeqEnd');
}
function parseBodyItem(p) {
    const ident = p.read();
    const next = p.peek();
    switch (next.type) {
        case 'Equal':
            return finishParsingBodyAttribute(p, ident, false);
        case 'OQuote':
        case 'OBrace':
        case 'Ident':
            return finishParsingBodyBlock(p, ident);
        default:
            (0, peeker_1.recoverAfterBodyItem)(p);
            p.report((0, diagnostics_1.errorDiag)(argumentOrBlockRequired, 'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.', ident.range));
            return undefined;
    }
}
function finishParsingBodyAttribute(p, ident, singleLine) {
    const eq = p.read();
    const mark = p.errorMark();
    const expr = (0, parser_expression_1.parseExpression)(p);
    let endRange = p.prevRange();
    if (p.recovery && p.errorsSince(mark)) {
        (0, peeker_1.recoverAfterBodyItem)(p);
    }
    else if (!singleLine) {
        const end = p.peek();
        if (end.type !== 'Newline' && end.type !== 'EOF') {
            if (!p.recovery) {
                const comma = end.type === 'Comma';
                p.report((0, diagnostics_1.errorDiag)(comma ? 'Unexpected comma after argument' : 'Missing newline after argument', (comma ? 'Argument definitions must be separated by newlines, not commas. ' : '') +
                    'An argument definition must end with a newline.', end.range, (0, pos_1.rangeBetween)(ident.range, end.range)));
            }
            endRange = p.prevRange();
            (0, peeker_1.recoverAfterBodyItem)(p);
        }
        else {
            endRange = p.prevRange();
            p.read();
        }
    }
    return {
        kind: 'Attribute',
        name: ident.text,
        expr,
        range: (0, pos_1.rangeBetween)(ident.range, endRange),
        nameRange: ident.range,
        equalsRange: eq.range,
    };
}
function finishParsingBodyBlock(p, ident) {
    const diags = p.diags;
    const labels = [];
    const labelRanges = [];
    let oBrace;
    while (oBrace === undefined) {
        const tok = p.peek();
        if (tok.type === 'OBrace') {
            oBrace = p.read();
        }
        else if (tok.type === 'OQuote') {
            const [label, labelRange] = (0, parser_traversal_1.parseQuotedStringLiteral)(p, diags);
            labels.push(label);
            labelRanges.push(labelRange);
        }
        else if (tok.type === 'Ident') {
            p.read();
            labels.push(tok.text);
            labelRanges.push(tok.range);
        }
        else {
            const context = (0, pos_1.rangeBetween)(ident.range, tok.range);
            if (tok.type === 'Equal') {
                diags.push((0, diagnostics_1.errorDiag)('Invalid block definition', 'The equals sign "=" indicates an argument definition, and must not be used when defining a block.', tok.range, context));
            }
            else if (tok.type === 'Newline') {
                diags.push((0, diagnostics_1.errorDiag)('Invalid block definition', 'A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.', tok.range, context));
            }
            else if (!p.recovery) {
                diags.push((0, diagnostics_1.errorDiag)('Invalid block definition', 'Either a quoted string block label or an opening brace ("{") is expected here.', tok.range, context));
            }
            (0, peeker_1.recoverAfterBodyItem)(p);
            const emptyBody = {
                kind: 'Body',
                items: [],
                attributes: [],
                blocks: [],
                range: ident.range,
                endRange: ident.range,
            };
            return {
                kind: 'Block',
                type: ident.text,
                labels,
                body: emptyBody,
                range: ident.range,
                typeRange: ident.range,
                labelRanges,
                openBraceRange: ident.range,
                closeBraceRange: ident.range,
            };
        }
    }
    let body;
    const next = p.peekType();
    if (next === 'Newline' || next === 'EOF' || next === 'CBrace') {
        body = parseBody(p, 'CBrace');
    }
    else {
        body = parseSingleAttrBody(p);
        finishSingleLineBlock(p, ident, oBrace);
    }
    const cBraceRange = p.prevRange();
    const eol = p.peek();
    if (eol.type === 'Newline' || eol.type === 'EOF') {
        p.read();
    }
    else {
        if (!p.recovery) {
            diags.push((0, diagnostics_1.errorDiag)('Missing newline after block definition', 'A block definition must end with a newline.', eol.range, (0, pos_1.rangeBetween)(ident.range, eol.range)));
        }
        (0, peeker_1.recoverAfterBodyItem)(p);
    }
    if (body === undefined) {
        body = {
            kind: 'Body',
            items: [],
            attributes: [],
            blocks: [],
            range: (0, pos_1.rangeBetween)(oBrace.range, cBraceRange),
            endRange: cBraceRange,
        };
    }
    return {
        kind: 'Block',
        type: ident.text,
        labels,
        body,
        range: (0, pos_1.rangeBetween)(ident.range, cBraceRange),
        typeRange: ident.range,
        labelRanges,
        openBraceRange: oBrace.range,
        closeBraceRange: cBraceRange,
    };
}
/** After `a { b = 1`: the single-line block must close right here. */
function finishSingleLineBlock(p, ident, oBrace) {
    const diags = p.diags;
    const next = p.peek();
    switch (next.type) {
        case 'CBrace':
            p.read();
            break;
        case 'Comma':
            diags.push((0, diagnostics_1.errorDiag)('Invalid single-argument block definition', 'Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.', next.range));
            (0, peeker_1.recover)(p, 'CBrace');
            break;
        case 'Newline':
            diags.push((0, diagnostics_1.errorDiag)('Invalid single-argument block definition', "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.", next.range));
            (0, peeker_1.recover)(p, 'CBrace');
            break;
        default:
            if (!p.recovery) {
                if (next.type === 'EOF') {
                    diags.push((0, diagnostics_1.errorDiag)('Unclosed configuration block', 'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.', oBrace.range, (0, pos_1.rangeBetween)(ident.range, oBrace.range)));
                }
                else {
                    diags.push((0, diagnostics_1.errorDiag)('Invalid single-argument block definition', 'A single-line block definition must end with a closing brace immediately after its single argument definition.', next.range));
                }
            }
            (0, peeker_1.recover)(p, 'CBrace');
    }
}
function parseSingleAttrBody(p) {
    const ident = p.read();
    if (ident.type !== 'Ident') {
        (0, peeker_1.recoverAfterBodyItem)(p);
        p.report((0, diagnostics_1.errorDiag)(argumentOrBlockRequired, 'An argument or block definition is required here.', ident.range));
        return undefined;
    }
    const next = p.peek();
    if (next.type === 'Equal') {
        const attr = finishParsingBodyAttribute(p, ident, true);
        return {
            kind: 'Body',
            items: [attr],
            attributes: [attr],
            blocks: [],
            range: attr.range,
            endRange: emptyRangeAt(attr.range),
        };
    }
    (0, peeker_1.recoverAfterBodyItem)(p);
    if (next.type === 'OQuote' || next.type === 'OBrace' || next.type === 'Ident') {
        p.report((0, diagnostics_1.errorDiag)('Argument definition required', `A single-line block definition can contain only a single argument. If you meant to define argument ${JSON.stringify(ident.text)}, use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.`, (0, pos_1.rangeBetween)(ident.range, next.range)));
        return undefined;
    }
    p.report((0, diagnostics_1.errorDiag)(argumentOrBlockRequired, 'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.', ident.range));
    return undefined;
}


/***/ }),

/***/ 3979:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.Peeker = void 0;
exports.oppositeBracket = oppositeBracket;
exports.recover = recover;
exports.recoverAfterBodyItem = recoverAfterBodyItem;
/**
 * The parser's view of the token stream: comments and tabs are skipped, and newlines are either
 * significant (in bodies and object constructors) or skipped (inside brackets and parentheses),
 * according to a stack the parser pushes and pops as it enters and leaves such contexts.
 *
 * It also carries the parser's "recovery" flag: once an error has left the cursor somewhere odd,
 * follow-on errors are suppressed until the parser reaches a synchronisation point (the next body
 * item), so each mistake is reported once.
 */
class Peeker {
    tokens;
    next = 0;
    newlineStack = [];
    recovery = false;
    prev;
    /**
     * Every diagnostic of the parse, in the order found. One shared sink (rather than a list returned
     * beside each node) saves an array per parse level; callers that need to know whether a
     * sub-parse failed compare `errorMark()` before and after it.
     */
    diags;
    constructor(tokens, includeNewlines, diags = []) {
        this.tokens = tokens;
        this.newlineStack.push(includeNewlines);
        this.prev = rangeStart(tokens[0].range);
        this.diags = diags;
    }
    report(diag) {
        this.diags.push(diag);
    }
    /** A mark to pass to `errorsSince`; every diagnostic the parser reports is an error. */
    errorMark() {
        return this.diags.length;
    }
    /** True when an error was reported after `mark` was taken. */
    errorsSince(mark) {
        return this.diags.length > mark;
    }
    includingNewlines() {
        return this.newlineStack[this.newlineStack.length - 1];
    }
    // The next significant token is cached: the parser peeks far more often than it reads.
    cacheFrom = -1;
    cacheNl = false;
    cacheTok;
    cacheAfter = 0;
    /** Finds the next significant token at or after `this.next` (and the index after it). */
    scan() {
        const nl = this.includingNewlines();
        if (this.cacheFrom === this.next && this.cacheNl === nl)
            return;
        const toks = this.tokens;
        this.cacheFrom = this.next;
        this.cacheNl = nl;
        for (let i = this.next; i < toks.length; i++) {
            const tok = toks[i];
            switch (tok.type) {
                case 'Comment':
                    // Line comments swallow their newline, which still ends a body item.
                    if (nl && tok.text.endsWith('\n')) {
                        this.cacheTok = { type: 'Newline', text: '\n', range: tok.range };
                        this.cacheAfter = i + 1;
                        return;
                    }
                    continue;
                case 'Tabs':
                    continue;
                case 'Newline':
                    if (!nl)
                        continue;
                    break;
                default:
                    break;
            }
            this.cacheTok = tok;
            this.cacheAfter = i + 1;
            return;
        }
        this.cacheTok = toks[toks.length - 1];
        this.cacheAfter = toks.length;
    }
    /**
     * Runs `parse`; if it throws (the stack ran out on deeply nested input), the newline mode is
     * restored to what it was, so the caller can still peek at the token the parse had reached.
     */
    withDepthGuard(parse) {
        const depth = this.newlineStack.length;
        try {
            return parse();
        }
        catch (e) {
            this.newlineStack.length = depth;
            this.cacheFrom = -1;
            throw e;
        }
    }
    /** Moves the cursor to the end of the input (after a parse that cannot go on). */
    skipToEnd() {
        this.next = this.tokens.length - 1;
        this.cacheFrom = -1;
    }
    peek() {
        this.scan();
        return this.cacheTok;
    }
    read() {
        this.scan();
        const tok = this.cacheTok;
        this.next = this.cacheAfter;
        this.prev = tok.range;
        return tok;
    }
    /** The significant token after the next one, leaving the cursor where it is. */
    peekSecond() {
        const next = this.next;
        const prev = this.prev;
        this.read();
        const tok = this.peek();
        this.next = next;
        this.prev = prev;
        return tok;
    }
    peekType() {
        return this.peek().type;
    }
    /** The range of the most recently read token. */
    prevRange() {
        return this.prev;
    }
    nextRange() {
        return this.peek().range;
    }
    pushIncludeNewlines(include) {
        this.newlineStack.push(include);
    }
    popIncludeNewlines() {
        this.newlineStack.pop();
    }
    /** True when every significant token has been consumed (only EOF remains). */
    atEOF() {
        return this.peek().type === 'EOF';
    }
}
exports.Peeker = Peeker;
function rangeStart(r) {
    return { filename: r.filename, start: r.start, end: r.start };
}
/** The bracket that closes (or opens) `type`, for recovery. */
function oppositeBracket(type) {
    switch (type) {
        case 'OBrace':
            return 'CBrace';
        case 'OBrack':
            return 'CBrack';
        case 'OParen':
            return 'CParen';
        case 'OQuote':
            return 'CQuote';
        case 'OHeredoc':
            return 'CHeredoc';
        case 'CBrace':
            return 'OBrace';
        case 'CBrack':
            return 'OBrack';
        case 'CParen':
            return 'OParen';
        case 'CQuote':
            return 'OQuote';
        case 'CHeredoc':
            return 'OHeredoc';
        case 'TemplateControl':
        case 'TemplateInterp':
            return 'TemplateSeqEnd';
        case 'TemplateSeqEnd':
            return 'TemplateInterp';
        default:
            return undefined;
    }
}
/**
 * Skips forward to the token that closes the current bracket `end` (counting nested pairs),
 * returning it (or EOF), with the cursor just after it.
 */
function recover(p, end) {
    const start = oppositeBracket(end);
    p.recovery = true;
    let nest = 0;
    for (;;) {
        const tok = p.read();
        let type = tok.type;
        if (end === 'TemplateSeqEnd' && type === 'TemplateControl')
            type = 'TemplateInterp';
        if (type === start) {
            nest++;
        }
        else if (type === end) {
            if (nest < 1)
                return tok;
            nest--;
        }
        else if (type === 'EOF') {
            return tok;
        }
    }
}
/** Skips to the newline ending the current body item, minding nested brackets and strings. */
function recoverAfterBodyItem(p) {
    p.recovery = true;
    const open = [];
    for (;;) {
        const tok = p.read();
        switch (tok.type) {
            case 'Newline':
                if (open.length === 0)
                    return;
                break;
            case 'EOF':
                return;
            case 'OBrace':
            case 'OBrack':
            case 'OParen':
            case 'OQuote':
            case 'OHeredoc':
            case 'TemplateInterp':
            case 'TemplateControl':
                open.push(tok.type);
                break;
            case 'CBrace':
            case 'CBrack':
            case 'CParen':
            case 'CQuote':
            case 'CHeredoc': {
                const opener = oppositeBracket(tok.type);
                while (open.length > 0 && open[open.length - 1] !== opener)
                    open.pop();
                open.pop();
                break;
            }
            case 'TemplateSeqEnd':
                while (open.length > 0 &&
                    open[open.length - 1] !== 'TemplateInterp' &&
                    open[open.length - 1] !== 'TemplateControl') {
                    open.pop();
                }
                open.pop();
                break;
            default:
                break;
        }
    }
}


/***/ }),

/***/ 5349:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.scanTokens = scanTokens;
exports.scanTemplateTokens = scanTemplateTokens;
const pos_1 = __nccwpck_require__(3857);
const invalid_tokens_1 = __nccwpck_require__(9563);
const CH_TAB = 0x09;
const CH_LF = 0x0a;
const CH_CR = 0x0d;
const CH_SPACE = 0x20;
const CH_QUOTE = 0x22;
const CH_HASH = 0x23;
const CH_DOLLAR = 0x24;
const CH_PERCENT = 0x25;
const CH_STAR = 0x2a;
const CH_DOT = 0x2e;
const CH_SLASH = 0x2f;
const CH_BACKSLASH = 0x5c;
const CH_LBRACE = 0x7b;
const CH_RBRACE = 0x7d;
const CH_TILDE = 0x7e;
const idStart = /^\p{ID_Start}$/u;
const idContinue = /^\p{ID_Continue}$/u;
const NON_ASCII = /[\u0080-\uffff]/;
/** Index of the next newline at or after `from`, or the string's length when there is none. */
function indexOrEnd(src, from) {
    const at = src.indexOf('\n', from);
    return at < 0 ? src.length : at;
}
function isDigit(c) {
    return c >= 0x30 && c <= 0x39;
}
function isIdentStart(cp) {
    if (cp < 0x80) {
        return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || cp === 0x5f;
    }
    return idStart.test(String.fromCodePoint(cp));
}
function isIdentContinue(cp) {
    if (cp < 0x80) {
        return ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || isDigit(cp) || cp === 0x5f || cp === 0x2d);
    }
    return idContinue.test(String.fromCodePoint(cp));
}
function isSurrogate(c) {
    return c >= 0xd800 && c <= 0xdfff;
}
class Scanner {
    src;
    filename;
    i = 0;
    byte;
    line;
    col;
    tokens = [];
    modes = [];
    braces = 0;
    /** True when the source is pure ASCII (then byte offsets equal string indexes). */
    ascii;
    nextNewline = -1;
    /** Brace depths at which a `}` closes a template sequence rather than an object/block. */
    retBraces = [];
    /** Set when a token that checkInvalidTokens reports (Invalid, BadUTF8, QuotedNewline) is emitted. */
    lexicalErrors = false;
    constructor(src, filename, start, rootMode) {
        this.src = src;
        this.filename = filename;
        this.byte = start.byte;
        this.line = start.line;
        this.col = start.column;
        this.modes.push(rootMode);
        this.ascii = !NON_ASCII.test(src);
        // hclsyntax ignores a UTF-8 byte order mark, only counting its bytes.
        if (src.charCodeAt(0) === 0xfeff) {
            this.i = 1;
            this.byte += 3;
        }
    }
    run() {
        const n = this.src.length;
        while (this.i < n) {
            const mode = this.modes[this.modes.length - 1];
            switch (mode.kind) {
                case 'main':
                    this.scanMain();
                    break;
                case 'quoted':
                    this.scanQuoted();
                    break;
                case 'heredoc':
                    this.scanHeredoc(mode);
                    break;
                case 'bare':
                    this.scanBare();
                    break;
            }
        }
        const end = this.pos();
        this.tokens.push({ type: 'EOF', text: '', range: { filename: this.filename, start: end, end } });
        if (!this.lexicalErrors)
            (0, invalid_tokens_1.markLexicallyClean)(this.tokens);
        return this.tokens;
    }
    pos() {
        return { line: this.line, column: this.col, byte: this.byte };
    }
    code(at) {
        return at < this.src.length ? this.src.charCodeAt(at) : -1;
    }
    /** The code point at index `at`, or the lone surrogate's code unit. */
    codePoint(at) {
        const cp = this.src.codePointAt(at);
        return cp === undefined ? -1 : cp;
    }
    /** Advances the cursor to index `to`, updating byte offset, line and column. */
    advanceTo(to) {
        if (this.ascii) {
            this.advanceAsciiTo(to);
            return;
        }
        const src = this.src;
        let i = this.i;
        while (i < to) {
            const c = src.charCodeAt(i);
            if (c < 0x80) {
                this.byte += 1;
                if (c === CH_LF) {
                    this.line++;
                    this.col = 1;
                }
                else {
                    this.col++;
                }
                i++;
            }
            else if (c < 0x800) {
                this.byte += 2;
                this.col++;
                i++;
            }
            else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
                const d = src.charCodeAt(i + 1);
                if (d >= 0xdc00 && d <= 0xdfff) {
                    this.byte += 4;
                    this.col++;
                    i += 2;
                }
                else {
                    // A lone surrogate: counted as three bytes, as WTF-8 (and U+FFFD) would encode it.
                    this.byte += 3;
                    this.col++;
                    i++;
                }
            }
            else {
                this.byte += 3;
                this.col++;
                i++;
            }
        }
        this.i = i;
    }
    /**
     * The common all-ASCII case: bytes equal characters, so positions follow from newline offsets
     * alone. `nextNewline` caches the next newline at or after the cursor so each is found once.
     */
    advanceAsciiTo(to) {
        const src = this.src;
        let nl = this.nextNewline;
        if (nl < this.i)
            nl = this.nextNewline = indexOrEnd(src, this.i);
        this.byte += to - this.i;
        if (nl >= to) {
            this.col += to - this.i;
        }
        else {
            let last = nl;
            while (nl < to) {
                this.line++;
                last = nl;
                nl = indexOrEnd(src, nl + 1);
            }
            this.nextNewline = nl;
            this.col = to - last;
        }
        this.i = to;
    }
    /** The end position of the last token, reused as the next token's start when they touch. */
    lastEnd;
    emit(type, to) {
        const from = this.i;
        const last = this.lastEnd;
        const start = last !== undefined && last.byte === this.byte ? last : this.pos();
        this.advanceTo(to);
        const end = this.pos();
        this.lastEnd = end;
        this.tokens.push({
            type,
            text: this.src.slice(from, to),
            range: { filename: this.filename, start, end },
        });
    }
    /** Index just past the code point (or lone surrogate) at `at`. */
    nextIndex(at) {
        const c = this.src.charCodeAt(at);
        if (c >= 0xd800 && c <= 0xdbff) {
            const d = this.code(at + 1);
            if (d >= 0xdc00 && d <= 0xdfff) {
                return at + 2;
            }
        }
        return at + 1;
    }
    /** Emits the code point at the cursor as Invalid (or BadUTF8 for a lone surrogate). */
    emitStray() {
        const c = this.src.charCodeAt(this.i);
        const next = this.nextIndex(this.i);
        this.lexicalErrors = true;
        this.emit(isSurrogate(c) && next === this.i + 1 ? 'BadUTF8' : 'Invalid', next);
    }
    /**
     * A carriage return not followed by a line feed inside a heredoc or bare template matches none
     * of hclsyntax's scanner patterns, so its scanner stops there and hands back everything that is
     * left as one token: Invalid (reported, and the template is unterminated), or for a top-level
     * bare template, literal text.
     */
    emitRestAfterLoneCR(type) {
        if (type === 'Invalid')
            this.lexicalErrors = true;
        this.emit(type, this.src.length);
    }
    openTemplateSeq(type) {
        const len = this.code(this.i + 2) === CH_TILDE ? 3 : 2;
        this.emit(type, this.i + len);
        this.braces++;
        this.retBraces.push(this.braces);
        const top = this.modes[this.modes.length - 1];
        if (top.kind === 'heredoc') {
            top.startOfLine = false;
        }
        this.modes.push({ kind: 'main' });
    }
    /** A `}` or `~}` in main mode: closes a template sequence if its depth matches. */
    closeBrace(len) {
        const depth = this.retBraces.length;
        if (depth > 0 && this.retBraces[depth - 1] === this.braces) {
            this.emit('TemplateSeqEnd', this.i + len);
            this.braces--;
            this.retBraces.pop();
            this.modes.pop();
            return;
        }
        // A stray `~}` is still a TemplateSeqEnd so that the parser can complain about it precisely.
        this.emit(len === 2 ? 'TemplateSeqEnd' : 'CBrace', this.i + len);
        this.braces--;
    }
    scanMain() {
        const src = this.src;
        const i = this.i;
        const c = src.charCodeAt(i);
        if (c === CH_SPACE) {
            let j = i + 1;
            while (src.charCodeAt(j) === CH_SPACE)
                j++;
            this.advanceTo(j);
            return;
        }
        if (c === CH_TAB) {
            let j = i + 1;
            while (src.charCodeAt(j) === CH_TAB)
                j++;
            this.emit('Tabs', j);
            return;
        }
        if (c === CH_LF) {
            this.emit('Newline', i + 1);
            return;
        }
        if (c === CH_CR && this.code(i + 1) === CH_LF) {
            this.emit('Newline', i + 2);
            return;
        }
        if (isDigit(c)) {
            this.emit('NumberLit', this.numberEnd(i));
            return;
        }
        if (c === CH_HASH || (c === CH_SLASH && this.code(i + 1) === CH_SLASH)) {
            this.emit('Comment', this.lineCommentEnd(i));
            return;
        }
        if (c === CH_SLASH && this.code(i + 1) === CH_STAR) {
            const close = src.indexOf('*/', i + 2);
            if (close >= 0) {
                this.emit('Comment', close + 2);
                return;
            }
            // An unterminated block comment is not a comment at all: just a slash.
            this.emit('Slash', i + 1);
            return;
        }
        if (c === CH_QUOTE) {
            this.emit('OQuote', i + 1);
            this.modes.push({ kind: 'quoted' });
            return;
        }
        if (c === CH_LBRACE) {
            this.emit('OBrace', i + 1);
            this.braces++;
            return;
        }
        if (c === CH_RBRACE) {
            this.closeBrace(1);
            return;
        }
        if (c === CH_TILDE && this.code(i + 1) === CH_RBRACE) {
            this.closeBrace(2);
            return;
        }
        if (c < 0x80) {
            const type = this.operatorAt(i, c);
            if (type !== undefined) {
                return;
            }
        }
        if (isIdentStart(this.codePoint(i))) {
            this.emit('Ident', this.identEnd(this.nextIndex(i)));
            return;
        }
        this.emitStray();
    }
    /**
     * Emits the operator or punctuation token at `i` (an ASCII character `c`), returning its type, or
     * undefined when `c` starts no such token.
     */
    operatorAt(i, c) {
        const d = this.code(i + 1);
        let type;
        let len = 1;
        switch (c) {
            case 0x5b:
                type = 'OBrack';
                break;
            case 0x5d:
                type = 'CBrack';
                break;
            case 0x28:
                type = 'OParen';
                break;
            case 0x29:
                type = 'CParen';
                break;
            case 0x2c:
                type = 'Comma';
                break;
            case 0x2a:
                type = 'Star';
                break;
            case 0x2f:
                type = 'Slash';
                break;
            case 0x25:
                type = 'Percent';
                break;
            case 0x2b:
                type = 'Plus';
                break;
            case 0x2d:
                type = 'Minus';
                break;
            case 0x3f:
                type = 'Question';
                break;
            case 0x3a:
                type = 'Colon';
                break;
            case 0x2e:
                if (d === CH_DOT && this.code(i + 2) === CH_DOT) {
                    type = 'Ellipsis';
                    len = 3;
                }
                else {
                    type = 'Dot';
                }
                break;
            case 0x3d: // =
                if (d === 0x3d) {
                    type = 'EqualOp';
                    len = 2;
                }
                else if (d === 0x3e) {
                    type = 'FatArrow';
                    len = 2;
                }
                else {
                    type = 'Equal';
                }
                break;
            case 0x21: // !
                if (d === 0x3d) {
                    type = 'NotEqual';
                    len = 2;
                }
                else {
                    type = 'Bang';
                }
                break;
            case 0x3c: // <
                if (d === 0x3c && this.tryHeredoc(i))
                    return 'OHeredoc';
                if (d === 0x3d) {
                    type = 'LessThanEq';
                    len = 2;
                }
                else {
                    type = 'LessThan';
                }
                break;
            case 0x3e: // >
                if (d === 0x3d) {
                    type = 'GreaterThanEq';
                    len = 2;
                }
                else {
                    type = 'GreaterThan';
                }
                break;
            case 0x26: // &
                if (d === 0x26) {
                    type = 'And';
                    len = 2;
                }
                break;
            case 0x7c: // |
                if (d === 0x7c) {
                    type = 'Or';
                    len = 2;
                }
                break;
        }
        if (type !== undefined) {
            this.emit(type, i + len);
        }
        return type;
    }
    identEnd(j) {
        const src = this.src;
        const n = src.length;
        while (j < n) {
            const c = src.charCodeAt(j);
            if (c < 0x80) {
                if (!isIdentContinue(c))
                    break;
                j++;
            }
            else {
                if (!isIdentContinue(this.codePoint(j)))
                    break;
                j = this.nextIndex(j);
            }
        }
        return j;
    }
    /**
     * End of a number literal starting at a digit: digits, dots and exponents, but never ending with
     * a dot (so `1..2` and `a.0.b` scan sensibly), the longest such match.
     */
    numberEnd(i) {
        const src = this.src;
        let j = i + 1;
        let good = j;
        for (;;) {
            const c = src.charCodeAt(j);
            if (isDigit(c)) {
                j++;
                good = j;
            }
            else if (c === CH_DOT) {
                j++;
            }
            else if (c === 0x65 || c === 0x45) {
                let k = j + 1;
                const s = src.charCodeAt(k);
                if (s === 0x2b || s === 0x2d)
                    k++;
                if (!isDigit(src.charCodeAt(k)))
                    break;
                j = k + 1;
                good = j;
            }
            else {
                break;
            }
        }
        return good;
    }
    /** Line comments include their terminating newline (`\n` or `\r\n`), as in hclsyntax. */
    lineCommentEnd(i) {
        const nl = this.src.indexOf('\n', i);
        return nl < 0 ? this.src.length : nl + 1;
    }
    /** `<<EOT` or `<<-EOT` followed by a newline opens a heredoc; anything else is two `<`. */
    tryHeredoc(i) {
        const src = this.src;
        let j = i + 2;
        if (src.charCodeAt(j) === 0x2d)
            j++;
        const identStart = j;
        if (j >= src.length || !isIdentStart(this.codePoint(j)))
            return false;
        j = this.identEnd(this.nextIndex(j));
        const marker = src.slice(identStart, j);
        if (src.charCodeAt(j) === CH_CR && src.charCodeAt(j + 1) === CH_LF) {
            j += 2;
        }
        else if (src.charCodeAt(j) === CH_LF) {
            j += 1;
        }
        else {
            return false;
        }
        this.emit('OHeredoc', j);
        this.modes.push({ kind: 'heredoc', marker, startOfLine: true });
        return true;
    }
    /**
     * Where a run of template literal text starting at `i` ends: before `${`/`%{` (but `$${` and
     * `%%{` are escapes and stay literal), or before any character in `stops`.
     */
    literalEnd(i, quoted) {
        const src = this.src;
        const n = src.length;
        let j = i;
        while (j < n) {
            const c = src.charCodeAt(j);
            if (c === CH_LF || c === CH_CR)
                return j;
            if (c === CH_DOLLAR || c === CH_PERCENT) {
                const d = src.charCodeAt(j + 1);
                if (d === CH_LBRACE)
                    return j;
                if (d === c && src.charCodeAt(j + 2) === CH_LBRACE) {
                    // `$${` / `%%{`, optionally `$${~`: literal text; the parser turns it into `${`.
                    j += src.charCodeAt(j + 3) === CH_TILDE ? 4 : 3;
                    continue;
                }
                j++;
                continue;
            }
            if (quoted) {
                if (c === CH_QUOTE)
                    return j;
                if (c === CH_BACKSLASH) {
                    const d = src.charCodeAt(j + 1);
                    if (j + 1 >= n || d === CH_LF || d === CH_CR)
                        return j;
                    j = this.nextIndex(j + 1);
                    continue;
                }
            }
            if (isSurrogate(c)) {
                const next = this.nextIndex(j);
                if (next === j + 1)
                    return j;
                j = next;
                continue;
            }
            j++;
        }
        return j;
    }
    scanQuoted() {
        const src = this.src;
        const i = this.i;
        const c = src.charCodeAt(i);
        if (c === CH_DOLLAR && this.code(i + 1) === CH_LBRACE) {
            this.openTemplateSeq('TemplateInterp');
            return;
        }
        if (c === CH_PERCENT && this.code(i + 1) === CH_LBRACE) {
            this.openTemplateSeq('TemplateControl');
            return;
        }
        if (c === CH_QUOTE) {
            this.emit('CQuote', i + 1);
            this.modes.pop();
            return;
        }
        if (c === CH_LF || c === CH_CR) {
            let j = i + 1;
            while (src.charCodeAt(j) === CH_LF || src.charCodeAt(j) === CH_CR)
                j++;
            this.lexicalErrors = true;
            this.emit('QuotedNewline', j);
            return;
        }
        const end = this.literalEnd(i, true);
        if (end > i) {
            this.emit('QuotedLit', end);
            return;
        }
        this.emitStray();
    }
    scanHeredoc(mode) {
        const src = this.src;
        const i = this.i;
        const c = src.charCodeAt(i);
        if (c === CH_DOLLAR && this.code(i + 1) === CH_LBRACE) {
            this.openTemplateSeq('TemplateInterp');
            return;
        }
        if (c === CH_PERCENT && this.code(i + 1) === CH_LBRACE) {
            this.openTemplateSeq('TemplateControl');
            return;
        }
        const end = this.literalEnd(i, false);
        if (src.charCodeAt(end) === CH_CR && src.charCodeAt(end + 1) !== CH_LF) {
            if (end > i) {
                mode.startOfLine = false;
                this.emit('StringLit', end);
            }
            else {
                this.emitRestAfterLoneCR('Invalid');
            }
            return;
        }
        let lineEnd = -1;
        if (src.charCodeAt(end) === CH_LF)
            lineEnd = end + 1;
        else if (src.charCodeAt(end) === CH_CR && src.charCodeAt(end + 1) === CH_LF)
            lineEnd = end + 2;
        if (lineEnd < 0) {
            if (end > i) {
                mode.startOfLine = false;
                this.emit('StringLit', end);
            }
            else {
                this.emitStray();
            }
            return;
        }
        if (mode.startOfLine && src.slice(i, end).trim() === mode.marker) {
            // The closing marker and its newline are separate tokens so the newline can still end the
            // attribute that the heredoc is the value of.
            this.emit('CHeredoc', end);
            this.emit('Newline', lineEnd);
            this.modes.pop();
            return;
        }
        mode.startOfLine = true;
        this.emit('StringLit', lineEnd);
    }
    scanBare() {
        const src = this.src;
        const i = this.i;
        const c = src.charCodeAt(i);
        if (c === CH_DOLLAR && this.code(i + 1) === CH_LBRACE) {
            this.openTemplateSeq('TemplateInterp');
            return;
        }
        if (c === CH_PERCENT && this.code(i + 1) === CH_LBRACE) {
            this.openTemplateSeq('TemplateControl');
            return;
        }
        let end = this.literalEnd(i, false);
        if (src.charCodeAt(end) === CH_CR && src.charCodeAt(end + 1) !== CH_LF) {
            // The root of a bare template: the rest of the input is literal text (see emitRestAfterLoneCR).
            if (end > i)
                this.emit('StringLit', end);
            else
                this.emitRestAfterLoneCR('StringLit');
            return;
        }
        if (src.charCodeAt(end) === CH_LF)
            end += 1;
        else if (src.charCodeAt(end) === CH_CR)
            end += 2;
        if (end > i) {
            this.emit('StringLit', end);
            return;
        }
        this.emitStray();
    }
}
/**
 * Scans HCL native syntax source into tokens, ending with an EOF token. Never fails: characters
 * that cannot start a token become `Invalid` (or `BadUTF8`) tokens for the parser to report.
 */
function scanTokens(src, filename, start = pos_1.initialPos) {
    return new Scanner(src, filename, start, { kind: 'main' }).run();
}
/** Scans a bare template (no surrounding quotes), as used for HCL JSON strings and `templatefile`. */
function scanTemplateTokens(src, filename, start = pos_1.initialPos) {
    return new Scanner(src, filename, start, { kind: 'bare' }).run();
}


/***/ }),

/***/ 7684:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.unescapeLiteral = unescapeLiteral;
exports.advancePos = advancePos;
exports.subRange = subRange;
const diagnostics_1 = __nccwpck_require__(3995);
const NEEDS_UNESCAPE = /[\\$%]/;
/**
 * Resolves the escapes in a literal token's text, appending any problems to `diags`. Quoted
 * literals understand backslash escapes; both quoted and heredoc/bare literals turn `$${` and `%%{`
 * into `${` and `%{`.
 */
function unescapeLiteral(tok, diags) {
    const quoted = tok.type === 'QuotedLit';
    const text = tok.text;
    // Most literals have nothing to resolve: return the token's own text rather than a copy.
    if (!NEEDS_UNESCAPE.test(text))
        return text;
    let out = '';
    let i = 0;
    let litStart = 0;
    const n = text.length;
    while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 0x24 || c === 0x25) {
            // `$${` -> `${`. Checked at each `$`, like hclsyntax's token scanner, so `$$${` reads as `$`
            // followed by the escape `$${` (giving `$${`), and a lone `$$` stays literal.
            if (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 0x7b) {
                out += text.slice(litStart, i) + text[i] + '{';
                i += 3;
                litStart = i;
            }
            else {
                i++;
            }
            continue;
        }
        if (c !== 0x5c || !quoted) {
            i++;
            continue;
        }
        out += text.slice(litStart, i);
        const escStart = i;
        const sel = text[i + 1];
        let value;
        let end = i + 2;
        let problem;
        switch (sel) {
            case undefined:
                end = i + 1;
                problem = 'Backslash must be followed by an escape sequence selector character.';
                value = '\\';
                break;
            case 'n':
                value = '\n';
                break;
            case 'r':
                value = '\r';
                break;
            case 't':
                value = '\t';
                break;
            case '"':
                value = '"';
                break;
            case '\\':
                value = '\\';
                break;
            case 'u':
            case 'U': {
                const want = sel === 'u' ? 4 : 8;
                let j = i + 2;
                while (j < n && j - (i + 2) < want && isHex(text.charCodeAt(j)))
                    j++;
                end = j;
                if (j - (i + 2) !== want) {
                    problem =
                        sel === 'u'
                            ? 'The \\u escape sequence must be followed by four hexadecimal digits.'
                            : 'The \\U escape sequence must be followed by eight hexadecimal digits.';
                    value = text.slice(i, j);
                    break;
                }
                const cp = parseInt(text.slice(i + 2, j), 16);
                if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                    problem = `Cannot encode character U+${cp.toString(16).padStart(4, '0')} in UTF-8.`;
                    value = text.slice(i, j);
                    break;
                }
                value = String.fromCodePoint(cp);
                break;
            }
            default: {
                const cp = text.codePointAt(i + 1) ?? 0;
                const sym = String.fromCodePoint(cp);
                end = i + 1 + sym.length;
                problem = `The symbol ${JSON.stringify(sym)} is not a valid escape sequence selector.`;
                value = sym;
                break;
            }
        }
        if (problem !== undefined) {
            diags.push((0, diagnostics_1.errorDiag)('Invalid escape sequence', problem, subRange(tok.range, text, escStart, end)));
        }
        out += value;
        i = end;
        litStart = i;
    }
    out += text.slice(litStart);
    return out;
}
function isHex(c) {
    return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}
/** Position reached after reading `text` from index `from` to `to`, starting at `start`. */
function advancePos(start, text, from, to) {
    let { line, column, byte } = start;
    for (let i = from; i < to; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x0a) {
            line++;
            column = 1;
            byte++;
            continue;
        }
        column++;
        if (c < 0x80)
            byte += 1;
        else if (c < 0x800)
            byte += 2;
        else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
            const d = text.charCodeAt(i + 1);
            if (d >= 0xdc00 && d <= 0xdfff) {
                byte += 4;
                i++;
            }
            else {
                byte += 3;
            }
        }
        else
            byte += 3;
    }
    return { line, column, byte };
}
/** The range of text[from, to) within a token whose text starts at r.start. */
function subRange(r, text, from, to) {
    const start = advancePos(r.start, text, 0, from);
    return { filename: r.filename, start, end: advancePos(start, text, from, to) };
}


/***/ }),

/***/ 7837:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.LAZY_BUNDLES = void 0;
exports.locateLazyBundle = locateLazyBundle;
exports.loadLazyBundle = loadLazyBundle;
exports.lazyBundleNodeArgs = lazyBundleNodeArgs;
const fs = __importStar(__nccwpck_require__(3024));
const path = __importStar(__nccwpck_require__(6760));
const code_cache_1 = __nccwpck_require__(3909);
/**
 * Heavy code that few runs need ships as a bundle of its own, dist/<name>/index.js, and is read
 * only when used. This table is the one place that says which: scripts/build.js makes one ncc
 * bundle per entry, and every Kiln bundle (dist/, dist/cli/, dist/cli/template/, dist/post/)
 * finds the others through locateLazyBundle(). A new SDK or bridge costs one line here and a
 * loadLazyBundle('<name>') where it is used.
 *
 * Keys are the bundle's directory under dist/; values the module that is its entry point, relative
 * to src/ and without extension.
 */
exports.LAZY_BUNDLES = {
    // `kiln build`, `console`, `validate`, `inspect` (evaluator, functions, component schemas and
    // runtimes): `kiln fmt` and `version` never compile them. The sweepers derived from the catalog
    // come from here too: `kiln sweep` and the action's post step read it only when there is
    // something to sweep.
    'cli/template': 'cli/template-commands',
    // The remote HCL functions' worker process, with the AWS SDK inside; started, never required.
    'remote-worker': 'eval/functions/support/remote-worker-main',
    // The AWS SDK's ECR clients, for registry logins (docker builder, docker-push).
    'aws-ecr': 'components/docker/ecr-token',
    // The AWS SDK's EC2, SSM and Secrets Manager clients: the amazon data sources (and builders).
    'aws-ec2': 'components/amazon/lazy',
    // ssh2: the SSH communicator and temporary key generation.
    ssh2: 'communicators/ssh/ssh2-library',
    // @actions/cache (with the Azure storage client): the action's plugin cache, issue 17.
    'actions-cache': 'action/actions-cache',
};
// In a bundle this module's code is inside dist/<bundle>/index.js; from sources it is this file.
const here = {
    dir: __dirname,
    bundled: !/^lazy-bundles\.[jt]s$/.test(path.basename(__filename)),
};
/** Finds `name` for the given layout; undefined when it is not there (a broken installation). */
function locateLazyBundle(name, layout = here) {
    if (layout.bundled) {
        // dist/index.js, dist/cli/index.js, dist/post/index.js and dist/cli/template/index.js are zero,
        // one and two levels below dist/: look there, nearest first.
        const ancestors = [layout.dir, path.dirname(layout.dir), path.dirname(path.dirname(layout.dir))];
        const file = ancestors.map((dir) => path.join(dir, name, 'index.js')).find((f) => fs.existsSync(f));
        return file === undefined ? undefined : { kind: 'bundle', file };
    }
    const entry = path.join(layout.dir, exports.LAZY_BUNDLES[name]);
    if (fs.existsSync(`${entry}.js`))
        return { kind: 'compiled', file: `${entry}.js` };
    const runner = path.resolve(layout.dir, '..', 'scripts', 'run-ts.js');
    if (fs.existsSync(`${entry}.ts`))
        return { kind: 'source', file: `${entry}.ts`, runner };
    return undefined;
}
function locateOrThrow(name) {
    const location = locateLazyBundle(name);
    if (location === undefined) {
        throw new Error(`Kiln is incompletely installed: the ${name}/index.js bundle is missing next to ${__dirname}`);
    }
    return location;
}
/**
 * `require` reached through eval, so that the bundler neither follows it nor inlines the module
 * into the bundle that asks for it. From sources under Jest it is Jest's require (transforming
 * TypeScript); from compiled sources, Node's.
 */
const runtimeRequire = eval('require');
const loaded = new Map();
/**
 * The module exported by bundle `name`, loaded on first use. Call with the module's type:
 * `loadLazyBundle<typeof import('./components/docker/ecr-token')>('aws-ecr')`. Bundles are
 * compiled through V8's code cache (code-cache.ts), so repeated CLI runs do not recompile them.
 */
function loadLazyBundle(name) {
    if (loaded.has(name))
        return loaded.get(name);
    const location = locateOrThrow(name);
    const exports = location.kind === 'bundle'
        ? (0, code_cache_1.requireWithCodeCache)(location.file, name.replace(/\//g, '-'))
        : runtimeRequire(location.file);
    loaded.set(name, exports);
    return exports;
}
/** Node's arguments that run bundle `name` as a program (`node <args>`): the remote worker. */
function lazyBundleNodeArgs(name, layout = here) {
    const location = locateLazyBundle(name, layout);
    if (location === undefined)
        return undefined;
    return location.kind === 'source' ? ['--require', location.runner, location.file] : [location.file];
}


/***/ }),

/***/ 37:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.NO_LEDGER_KINDS = void 0;
exports.sweepersOf = sweepersOf;
exports.runFindersOf = runFindersOf;
exports.ledgerKindTableOf = ledgerKindTableOf;
/** No sweepers, no finders: enough to sweep ledgers that list nothing (no loading needed). */
exports.NO_LEDGER_KINDS = { sweepers: new Map(), runFinders: [] };
/** Ledger kind → sweeper; one kind claimed twice is a bug (which sweeper would run?). */
function sweepersOf(owners) {
    const table = new Map();
    for (const owner of owners) {
        for (const [kind, sweeper] of Object.entries(owner.sweepers ?? {})) {
            if (table.has(kind))
                throw new Error(`ledger kind ${kind} has two sweepers`);
            table.set(kind, sweeper);
        }
    }
    return table;
}
function runFindersOf(owners) {
    return owners.flatMap((o) => o.runFinders ?? []);
}
function ledgerKindTableOf(owners) {
    return { sweepers: sweepersOf(owners), runFinders: runFindersOf(owners) };
}


/***/ }),

/***/ 4064:
/***/ ((__unused_webpack_module, exports) => {


/**
 * hashicorp/go-version (v1.9.0, what Packer links): the lenient version syntax Packer accepts for
 * `required_version`, `required_plugins` and plugin releases, its ordering, and its constraint
 * language (`>= 1.2, < 2.0`, `~> 1.4`). The quirks are kept on purpose, because a constraint that
 * Packer accepts or rejects must be decided the same way here:
 *
 * - a version is `v?N(.N)*` with an optional prerelease (`-beta.1`, or `rc1` right after the
 *   numbers) and `+metadata`; fewer than three numbers are padded with zeros;
 * - versions whose numbers differ only by trailing zeros compare equal (`1.2` = `1.2.0.0`), even
 *   when their prereleases differ;
 * - prerelease parts compare numerically when both parse as int64 (so `01` sorts below `1`), else
 *   as byte strings, and a numeric part sorts below a textual one;
 * - a version with a prerelease satisfies a constraint only when the constraint names a prerelease
 *   of the same numbers (`>= 2.1.0-a` admits `2.1.0-beta`, not `2.1.1-beta`).
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.parseVersion = parseVersion;
exports.formatVersion = formatVersion;
exports.compareVersions = compareVersions;
exports.parseConstraints = parseConstraints;
exports.formatConstraints = formatConstraints;
exports.constraintsCheck = constraintsCheck;
/*
 * go-version's VersionRegexpRaw. Go's RE2 picks submatches with the same leftmost-first preference
 * as a JavaScript backtracking engine, so the groups below capture what go-version's do:
 * 1 numbers, 4 a prerelease after "-" starting with a digit, 7 any other prerelease, 10 metadata.
 */
const VERSION_PATTERN = 'v?([0-9]+(\\.[0-9]+)*?)' +
    '(-([0-9]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)|(-?([A-Za-z\\-~]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)))?' +
    '(\\+([0-9A-Za-z\\-~]+(\\.[0-9A-Za-z\\-~]+)*))?' +
    '?';
const VERSION_RE = new RegExp(`^${VERSION_PATTERN}$`);
// RE2's \s is only these five characters, narrower than JavaScript's.
const SPACE = '[\\t\\n\\f\\r ]*';
const CONSTRAINT_RE = new RegExp(`^${SPACE}(<=|>=|!=|~>|<|>|=|)${SPACE}(${VERSION_PATTERN})${SPACE}$`);
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
/** strconv.ParseInt(s, 10, 64): an optional sign and decimal digits, within int64. */
function parseInt64(s) {
    if (!/^[+-]?[0-9]+$/.test(s))
        return null;
    const n = BigInt(s);
    return n > INT64_MAX || n < INT64_MIN ? null : n;
}
/** version.NewVersion. */
function parseVersion(s) {
    const m = VERSION_RE.exec(s);
    if (m === null)
        return { ok: false, message: `malformed version: ${s}` };
    const given = m[1].split('.');
    const segments = [];
    for (const text of given) {
        const n = parseInt64(text);
        if (n === null) {
            // Only overflow gets here: the pattern admits nothing but digits.
            return {
                ok: false,
                message: `error parsing version: strconv.ParseInt: parsing "${text}": value out of range`,
            };
        }
        segments.push(n);
    }
    while (segments.length < 3)
        segments.push(0n);
    return {
        ok: true,
        version: {
            segments,
            givenSegments: given.length,
            prerelease: m[7] || m[4] || '',
            metadata: m[10] ?? '',
            original: s,
        },
    };
}
/** Version.String(): the padded numbers, then `-prerelease` and `+metadata` when present. */
function formatVersion(v) {
    let out = v.segments.join('.');
    if (v.prerelease !== '')
        out += `-${v.prerelease}`;
    if (v.metadata !== '')
        out += `+${v.metadata}`;
    return out;
}
function sameSegments(a, b) {
    return a.segments.length === b.segments.length && a.segments.every((n, i) => n === b.segments[i]);
}
function comparePrereleasePart(self, other) {
    if (self === other)
        return 0;
    const selfInt = parseInt64(self);
    const otherInt = parseInt64(other);
    // A missing part sorts below a textual one and above a numeric one.
    if (self === '')
        return otherInt !== null ? -1 : 1;
    if (other === '')
        return selfInt !== null ? 1 : -1;
    if (selfInt !== null && otherInt === null)
        return -1;
    if (selfInt === null && otherInt !== null)
        return 1;
    if (selfInt === null && otherInt === null)
        return self > other ? 1 : -1;
    // Distinct texts with equal numbers ("01" and "1") fall through to -1 in go-version too.
    return selfInt > otherInt ? 1 : -1;
}
function comparePrereleases(self, other) {
    if (self === other)
        return 0;
    const selfParts = self.split('.');
    const otherParts = other.split('.');
    const longest = Math.max(selfParts.length, otherParts.length);
    for (let i = 0; i < longest; i++) {
        const c = comparePrereleasePart(selfParts[i] ?? '', otherParts[i] ?? '');
        if (c !== 0)
            return c;
    }
    return 0;
}
const allZero = (segments) => segments.every((n) => n === 0n);
/** Version.Compare: -1, 0 or 1. Metadata never matters. */
function compareVersions(a, b) {
    if (formatVersion(a) === formatVersion(b))
        return 0;
    if (sameSegments(a, b)) {
        if (a.prerelease === '' && b.prerelease === '')
            return 0;
        if (a.prerelease === '')
            return 1;
        if (b.prerelease === '')
            return -1;
        return comparePrereleases(a.prerelease, b.prerelease);
    }
    const longest = Math.max(a.segments.length, b.segments.length);
    for (let i = 0; i < longest; i++) {
        // When one side runs out of numbers, the other is greater unless the rest are all zeros.
        if (i >= a.segments.length)
            return allZero(b.segments.slice(i)) ? 0 : -1;
        if (i >= b.segments.length)
            return allZero(a.segments.slice(i)) ? 0 : 1;
        if (a.segments[i] < b.segments[i])
            return -1;
        if (a.segments[i] > b.segments[i])
            return 1;
    }
    return 0;
}
/** version.NewConstraint: comma-separated `<op> <version>`; a missing operator means `=`. */
function parseConstraints(s) {
    const constraints = [];
    for (const single of s.split(',')) {
        const m = CONSTRAINT_RE.exec(single);
        if (m === null)
            return { ok: false, message: `malformed constraint: ${single}` };
        const parsed = parseVersion(m[2]);
        if (!parsed.ok)
            return parsed;
        const operator = (m[1] === '' ? '=' : m[1]);
        constraints.push({ operator, version: parsed.version, original: single });
    }
    return { ok: true, constraints };
}
/** Constraints.String(): the constraints as written, joined by commas. */
function formatConstraints(constraints) {
    return constraints.map((c) => c.original).join(',');
}
/** Whether a prerelease version may be compared against the constraint at all. */
function prereleaseAdmitted(v, c) {
    const vPre = v.prerelease !== '';
    const cPre = c.prerelease !== '';
    if (vPre && cPre)
        return sameSegments(v, c);
    return !vPre;
}
function pessimistic(v, c) {
    // A constraint naming a prerelease admits only prereleases.
    if (!prereleaseAdmitted(v, c) || (c.prerelease !== '' && v.prerelease === ''))
        return false;
    if (compareVersions(v, c) < 0)
        return false;
    const padded = c.segments.length;
    if (padded > v.segments.length)
        return false;
    // All numbers the constraint gave but the last are pinned; the last one is a floor.
    for (let i = 0; i < c.givenSegments - 1; i++) {
        if (v.segments[i] !== c.segments[i])
            return false;
    }
    return c.segments[padded - 1] <= v.segments[padded - 1];
}
function constraintHolds(constraint, v) {
    const c = constraint.version;
    switch (constraint.operator) {
        case '=':
            return compareVersions(v, c) === 0;
        case '!=':
            return compareVersions(v, c) !== 0;
        case '>':
            return prereleaseAdmitted(v, c) && compareVersions(v, c) === 1;
        case '<':
            return prereleaseAdmitted(v, c) && compareVersions(v, c) === -1;
        case '>=':
            return prereleaseAdmitted(v, c) && compareVersions(v, c) >= 0;
        case '<=':
            return prereleaseAdmitted(v, c) && compareVersions(v, c) <= 0;
        case '~>':
            return pessimistic(v, c);
    }
}
/** Constraints.Check: true when the version satisfies every constraint. */
function constraintsCheck(constraints, version) {
    return constraints.every((c) => constraintHolds(c, version));
}


/***/ }),

/***/ 2373:
/***/ ((__unused_webpack_module, exports) => {


/**
 * User-perceived characters (extended grapheme clusters), which is what cty and hclwrite count as
 * characters. The segmenter loads ICU data, so it is created on first use rather than at start-up,
 * and ASCII-only text (every character its own cluster, CRLF aside) skips it.
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.graphemes = graphemes;
exports.graphemeCount = graphemeCount;
const SIMPLE_ASCII = /^[\t\n\x20-\x7e]*$/;
let segmenter;
function getSegmenter() {
    segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    return segmenter;
}
/** The string's grapheme clusters. */
function graphemes(s) {
    if (SIMPLE_ASCII.test(s))
        return s.split('');
    return Array.from(getSegmenter().segment(s), (seg) => seg.segment);
}
/** How many grapheme clusters the string has. */
function graphemeCount(s) {
    if (SIMPLE_ASCII.test(s))
        return s.length;
    let n = 0;
    for (const _ of getSegmenter().segment(s))
        n++;
    return n;
}


/***/ }),

/***/ 4843:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.TOO_DEEP_DETAIL = exports.TOO_DEEP_SUMMARY = void 0;
exports.isStackOverflow = isStackOverflow;
/**
 * Deeply nested input (10,000 parentheses, a 5,000-deep JSON array, 3,000 nested `{{if}}`) makes the
 * recursive parsers and the evaluator run out of JavaScript stack, which Go's growable stacks never
 * do. The entry points of each language catch that one error and turn it into a diagnostic at the
 * place they had reached, so deep input is a user error with a position, not a crash.
 */
function isStackOverflow(e) {
    return e instanceof RangeError && e.message.includes('Maximum call stack size exceeded');
}
exports.TOO_DEEP_SUMMARY = 'Nesting too deep';
exports.TOO_DEEP_DETAIL = 'This is nested more deeply than Kiln can process; reduce the nesting of brackets, blocks or templates here.';


/***/ }),

/***/ 311:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.PACKER_VERSION_ENV = exports.PACKER_COMPAT_VERSION = exports.KILN_VERSION = void 0;
exports.claimedPackerVersion = claimedPackerVersion;
const go_version_1 = __nccwpck_require__(4064);
/** Kiln's own version (kept in step with package.json by a test). */
exports.KILN_VERSION = '0.1.0';
/**
 * The HashiCorp Packer version Kiln is compatible with. `packer.version` in templates and
 * `required_version` constraints are checked against this.
 */
exports.PACKER_COMPAT_VERSION = '1.16.1';
/**
 * Names another Packer version for Kiln to claim, for templates that pin a version Kiln does not
 * claim yet (`required_version = ">= 1.17"`). Kiln then says so with a warning.
 */
exports.PACKER_VERSION_ENV = 'KILN_PACKER_VERSION';
function claimedPackerVersion(env) {
    const wanted = env[exports.PACKER_VERSION_ENV]?.trim();
    if (wanted === undefined || wanted === '' || wanted === exports.PACKER_COMPAT_VERSION) {
        return { version: exports.PACKER_COMPAT_VERSION };
    }
    const parsed = (0, go_version_1.parseVersion)(wanted);
    if (!parsed.ok) {
        return {
            version: exports.PACKER_COMPAT_VERSION,
            warning: {
                summary: `Ignoring ${exports.PACKER_VERSION_ENV}`,
                detail: `${JSON.stringify(wanted)} is not a version; Kiln claims Packer ${exports.PACKER_COMPAT_VERSION}.`,
            },
        };
    }
    const version = wanted.replace(/^v/, '');
    return {
        version,
        warning: {
            summary: `Kiln claims Packer version ${version} (${exports.PACKER_VERSION_ENV})`,
            detail: `Kiln is compatible with Packer ${exports.PACKER_COMPAT_VERSION}. Version constraints and ` +
                `packer.version now see ${version}, but features Packer added after ` +
                `${exports.PACKER_COMPAT_VERSION} are not available.`,
        },
    };
}


/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = require("buffer");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = require("child_process");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = require("fs");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = require("node:crypto");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = require("node:fs");

/***/ }),

/***/ 8995:
/***/ ((module) => {

module.exports = require("node:module");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = require("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = require("node:path");

/***/ }),

/***/ 481:
/***/ ((module) => {

module.exports = require("node:readline");

/***/ }),

/***/ 7066:
/***/ ((module) => {

module.exports = require("node:tty");

/***/ }),

/***/ 714:
/***/ ((module) => {

module.exports = require("node:vm");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = require("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = require("path");

/***/ })

/******/ 	});
/************************************************************************/
/******/ 	// The module cache
/******/ 	var __webpack_module_cache__ = {};
/******/ 	
/******/ 	// The require function
/******/ 	function __nccwpck_require__(moduleId) {
/******/ 		// Check if module is in cache
/******/ 		var cachedModule = __webpack_module_cache__[moduleId];
/******/ 		if (cachedModule !== undefined) {
/******/ 			return cachedModule.exports;
/******/ 		}
/******/ 		// Create a new module (and put it into the cache)
/******/ 		var module = __webpack_module_cache__[moduleId] = {
/******/ 			// no module.id needed
/******/ 			// no module.loaded needed
/******/ 			exports: {}
/******/ 		};
/******/ 	
/******/ 		// Execute the module function
/******/ 		var threw = true;
/******/ 		try {
/******/ 			__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 			threw = false;
/******/ 		} finally {
/******/ 			if(threw) delete __webpack_module_cache__[moduleId];
/******/ 		}
/******/ 	
/******/ 		// Return the exports of the module
/******/ 		return module.exports;
/******/ 	}
/******/ 	
/************************************************************************/
/******/ 	/* webpack/runtime/asset-relocator-loader */
/******/ 	if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = __dirname + "/";
/******/ 	
/************************************************************************/
var __webpack_exports__ = {};
// This entry need to be wrapped in an IIFE because it uses a non-standard name for the exports (exports).
(() => {
var exports = __webpack_exports__;

Object.defineProperty(exports, "__esModule", ({ value: true }));
const process_io_1 = __nccwpck_require__(4812);
const main_1 = __nccwpck_require__(2957);
const stack_depth_1 = __nccwpck_require__(4843);
(0, main_1.runCLI)(process.argv.slice(2), (0, process_io_1.processIO)())
    .then((code) => {
    process.exitCode = code;
    // After a second interrupt, abandoned cleanup must not keep the process alive; the short
    // delay lets what was written to stdout and stderr drain first.
    if ((0, process_io_1.interruptsReceived)() >= 2)
        setTimeout(() => process.exit(code), 200);
})
    .catch((err) => {
    // Input nested too deeply for a part that has no position to report it at (the languages'
    // entry points report it as a diagnostic): still the user's input, so no stack trace.
    if ((0, stack_depth_1.isStackOverflow)(err)) {
        process.stdout.write(`Error: ${stack_depth_1.TOO_DEEP_SUMMARY}\n\n${stack_depth_1.TOO_DEEP_DETAIL}\n`);
        process.exitCode = 1;
        return;
    }
    // Anything else that reaches here is a bug in Kiln, not a user mistake: say so loudly.
    process.stderr.write(`kiln: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
});

})();

module.exports = __webpack_exports__;
/******/ })()
;