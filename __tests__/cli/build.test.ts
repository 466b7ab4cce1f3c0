import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { BuildRenderer, cleanOutputLine, machineField, rfc3339 } from '../../src/cli/ui/render';
import { humanDuration } from '../../src/cli/ui/durations';
import { tempTemplate } from '../support/temp';
import { kiln } from '../support/kiln';

const TEMPLATE = `
variable "secret" {
  type      = string
  default   = "s3cr3t-value"
  sensitive = true
}
source "file" "motd" {
  content = "hello \${var.secret}\\n"
  target  = "out/motd.txt"
}
build {
  sources = ["source.file.motd"]
}
`;

describe('kiln build', () => {
  it('runs a file build and prints its artifact', async () => {
    const dir = tempTemplate({ 'a.pkr.hcl': TEMPLATE });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'out/motd.txt'), 'utf8')).toBe('hello s3cr3t-value\n');
    expect(r.out).toContain('==> file.motd: Writing content to out/motd.txt\n');
    expect(r.out).toMatch(/Build 'file\.motd' finished after [^\n]+\.\n/);
    expect(r.out).toContain(
      '==> Builds finished. The artifacts of successful builds are:\n--> file.motd: Stored file: out/motd.txt\n',
    );
    expect(r.out).not.toContain('s3cr3t-value');
  });

  it("fails with exit 1 and Packer's error summary when a component cannot run", async () => {
    const dir = tempTemplate({
      'site.yml': '- hosts: all\n',
      'a.pkr.hcl': TEMPLATE.replace(
        'build {',
        'build {\n  provisioner "ansible" {\n    playbook_file = "site.yml"\n  }',
      ),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("Build 'file.motd' errored after");
    expect(r.err).toContain(
      "==> Some builds didn't complete successfully and had errors:\n--> file.motd: Kiln cannot run the ansible provisioner yet.\n",
    );
  });

  it('rejects bad flags and invalid templates before building', async () => {
    const dir = tempTemplate({ 'a.pkr.hcl': TEMPLATE });
    const flag = await kiln(['build', '-on-error=explode', '.'], dir);
    expect(flag.code).toBe(1);
    expect(flag.err).toContain('invalid value "explode" for flag -on-error');
    const bad = tempTemplate({ 'a.pkr.hcl': TEMPLATE.replace('target  =', 'targt =') });
    const invalid = await kiln(['build', '.'], bad);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain('Error: Unsupported argument');
    expect(fs.existsSync(path.join(bad, 'out'))).toBe(false);
  });
});

describe('the docker builder without a Docker engine', () => {
  it('says that no engine is reachable and how to start one', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///nonexistent/kiln-test.sock';
    try {
      const dir = tempTemplate({
        'a.pkr.hcl':
          'source "docker" "x" {\n  image  = "busybox"\n  commit = true\n}\nbuild {\n  sources = ["docker.x"]\n}\n',
      });
      const r = await kiln(['build', '-color=false', '.'], dir);
      expect(r.code).toBe(1);
      expect(r.err).toContain('No Docker engine is reachable');
      expect(r.err).toContain('bash test-env/start.sh');
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});

describe("Packer's core provisioners sleep and breakpoint", () => {
  const template = (provisioners: string) =>
    'source "null" "n" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.n"]\n' +
    provisioners +
    '  provisioner "shell-local" {\n    inline = ["echo done"]\n  }\n}\n';

  it("sleep waits its duration, silently; a disabled breakpoint says so in Packer's words", async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': template(
        '  provisioner "breakpoint" {\n    disable = true\n    note    = "look"\n  }\n' +
          '  provisioner "breakpoint" {\n    disable = true\n  }\n' +
          '  provisioner "sleep" {\n    duration = "400ms"\n  }\n',
      ),
    });
    const t0 = Date.now();
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    expect(r.out).toContain(
      '==> null.n: Breakpoint provisioner with note "look" disabled; continuing...\n' +
        '==> null.n: Breakpoint provisioner disabled; continuing...\n' +
        '==> null.n: Running local shell script: ',
    );
    expect(r.out).toContain('    null.n: done\n');
  });

  it('an interrupt ends a sleep', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': template('  provisioner "sleep" {\n    duration = "1h"\n  }\n'),
    });
    const t0 = Date.now();
    const r = await kiln(['build', '-color=false', '.'], dir, {
      interrupt: (cancel) => setTimeout(cancel, 300),
    });
    expect(r.code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.out).toContain('Cleanly cancelled builds after being interrupted.');
  });
});

describe('cancelling local commands', () => {
  /** Alive and not a zombie (an orphan's zombie waits for a reaper that may never come here). */
  function alive(pid: number): boolean {
    try {
      return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  }

  it.each(['provisioner', 'post-processor'])(
    'stops what a shell-local %s script started, not only its shell',
    async (kind) => {
      const dir = tempTemplate({
        'a.pkr.hcl':
          'source "null" "n" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.n"]\n' +
          `  ${kind} "shell-local" {\n    inline = ["sleep 30 & echo $! > sleep.pid", "wait"]\n  }\n}\n`,
      });
      const pidFile = path.join(dir, 'sleep.pid');
      let sleepPid = 0;
      const t0 = Date.now();
      const r = await kiln(['build', '-color=false', '.'], dir, {
        interrupt: (cancel) => {
          const poll = setInterval(() => {
            const text = fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').trim() : '';
            if (text === '') return;
            clearInterval(poll);
            sleepPid = Number(text);
            cancel();
          }, 50);
        },
      });
      try {
        expect(sleepPid).toBeGreaterThan(0);
        expect(r.out).toContain('Cleanly cancelled builds after being interrupted.');
        // The build did not wait for the 30 s sleep, and the sleep is gone.
        expect(Date.now() - t0).toBeLessThan(10_000);
        expect(alive(sleepPid)).toBe(false);
      } finally {
        if (sleepPid > 0 && alive(sleepPid)) process.kill(sleepPid, 'SIGKILL');
      }
    },
  );
});

describe('build selection', () => {
  it('fails with "No builds to run" when -only matches none, as current Packer does', async () => {
    const dir = tempTemplate({ 'a.pkr.hcl': TEMPLATE });
    const r = await kiln(['build', '-color=false', '-only=nope', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("Warning: an 'only' option was passed, but not all matches were found");
    expect(r.err).toContain('Error: No builds to run');
    expect(r.err).toContain('A build command cannot run without at least one build to process.');
    expect(r.out).toBe('');
  });
});

describe('the manifest post-processor', () => {
  it("appends each build to Packer's manifest format", async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': TEMPLATE.replace(
        'build {\n  sources = ["source.file.motd"]',
        'source "file" "two" {\n  content = "22"\n  target  = "out/two.txt"\n}\nbuild {\n  sources = ["source.file.motd", "source.file.two"]\n  post-processor "manifest" {\n    output      = "out/{{.BuilderType}}-manifest.json"\n    strip_path  = true\n    custom_data = { team = "platform" }\n  }',
      ),
    });
    const first = await kiln(['build', '-color=false', '.'], dir);
    expect(first.code).toBe(0);
    const second = await kiln(['build', '-color=false', '-only=file.two', '.'], dir);
    expect(second.code).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'out/file-manifest.json'), 'utf8');
    const manifest = JSON.parse(text);
    expect(manifest.builds).toHaveLength(3);
    const runs = manifest.builds.map((b: { packer_run_uuid: string }) => b.packer_run_uuid);
    expect(runs[0]).toBe(runs[1]);
    expect(manifest.last_run_uuid).toBe(runs[2]);
    expect(runs[2]).not.toBe(runs[0]);
    const two = manifest.builds.find((b: { name: string }) => b.name === 'two');
    expect(Object.keys(two)).toEqual([
      'name',
      'builder_type',
      'build_time',
      'files',
      'artifact_id',
      'packer_run_uuid',
      'custom_data',
    ]);
    expect(two).toMatchObject({
      builder_type: 'file',
      files: [{ name: 'two.txt', size: 2 }],
      artifact_id: 'File',
      custom_data: { team: 'platform' },
    });

    // -force starts the manifest again for the new run; both of that run's builds are kept.
    const forced = await kiln(['build', '-color=false', '-force', '.'], dir);
    expect(forced.code).toBe(0);
    const after = JSON.parse(fs.readFileSync(path.join(dir, 'out/file-manifest.json'), 'utf8'));
    expect(after.builds.map((b: { name: string }) => b.name).sort()).toEqual(['motd', 'two']);
    expect(after.builds[0].packer_run_uuid).toBe(after.last_run_uuid);
    expect(after.last_run_uuid).not.toBe(runs[2]);
    expect(text.startsWith('{\n  "builds": [\n    {\n      "name": ')).toBe(true);
  });
});

describe('the checksum and artifice post-processors', () => {
  it('writes checksum files as sha256sum does, and swaps files in with artifice', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': TEMPLATE.replace(
        'build {\n  sources = ["source.file.motd"]',
        'build {\n  sources = ["source.file.motd"]\n  post-processors {\n    post-processor "checksum" {\n      checksum_types = ["sha256", "md5"]\n      output         = "sums/{{.BuildName}}.{{.ChecksumType}}"\n    }\n  }\n  post-processors {\n    post-processor "artifice" {\n      files = ["extra.txt"]\n    }\n  }',
      ),
      'extra.txt': 'extra\n',
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const sha = spawnSync('sha256sum', ['motd.txt'], {
      cwd: path.join(dir, 'out'),
      encoding: 'utf8',
    }).stdout;
    expect(fs.readFileSync(path.join(dir, 'sums/motd.sha256'), 'utf8')).toBe(sha.replace('  ', '\t'));
    expect(fs.readFileSync(path.join(dir, 'sums/motd.md5'), 'utf8')).toMatch(/^[0-9a-f]{32}\tmotd.txt\n$/);
    expect(r.out).toContain(
      '--> file.motd: Created artifact from files: out/motd.txt, sums/motd.sha256, sums/motd.md5\n',
    );
    expect(r.out).toContain('--> file.motd: Created artifact from files: extra.txt\n');
  });
});

describe('the compress post-processor', () => {
  it('writes a tar.gz of the artifact files under their base names', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': TEMPLATE.replace(
        'build {\n  sources = ["source.file.motd"]',
        'build {\n  sources = ["source.file.motd"]\n  post-processor "compress" {\n    output = "dist/{{.BuildName}}.tar.gz"\n  }',
      ),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const listing = spawnSync('tar', ['-tzvf', path.join(dir, 'dist/motd.tar.gz')], {
      encoding: 'utf8',
    }).stdout;
    expect(listing).toMatch(/ motd\.txt\n$/);
    expect(r.out).toContain('--> file.motd: compressed artifacts in: dist/motd.tar.gz\n');
    // Not kept: compress consumed the file the builder wrote.
    expect(fs.existsSync(path.join(dir, 'out/motd.txt'))).toBe(false);
  });

  const withCompress = (output: string) =>
    tempTemplate({
      'a.pkr.hcl': TEMPLATE.replace(
        'build {\n  sources = ["source.file.motd"]',
        `build {\n  sources = ["source.file.motd"]\n  post-processor "compress" {\n    output = "${output}"\n  }`,
      ),
    });

  it('writes zip archives with the entries named as the artifact names its files', async () => {
    const dir = withCompress('dist/motd.zip');
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.out).toContain('==> file.motd (compress): Zipping dist/motd.zip');
    const test = spawnSync('unzip', ['-t', path.join(dir, 'dist/motd.zip')], { encoding: 'utf8' });
    expect(test.stdout).toContain('testing: out/motd.txt');
    expect(test.status).toBe(0);
  });

  it('writes LZ4 frames, alone or around a tar archive', async () => {
    const single = withCompress('dist/motd.lz4');
    const r1 = await kiln(['build', '-color=false', '.'], single);
    expect(r1.err).toBe('');
    expect(r1.out).toContain('==> file.motd (compress): Archiving out/motd.txt with lz4');
    const plain = spawnSync('lz4', ['-d', '-c', path.join(single, 'dist/motd.lz4')], { encoding: 'utf8' });
    expect(plain.stdout).toBe('hello s3cr3t-value\n');

    const tarred = withCompress('dist/motd.tar.lz4');
    const r2 = await kiln(['build', '-color=false', '.'], tarred);
    expect(r2.err).toBe('');
    expect(r2.out).toContain('==> file.motd (compress): Tarring dist/motd.tar.lz4 with lz4');
    const listing = spawnSync('sh', ['-c', 'lz4 -d -c dist/motd.tar.lz4 | tar -t'], {
      cwd: tarred,
      encoding: 'utf8',
    });
    expect(listing.stdout).toBe('motd.txt\n');
  });

  it('refuses the compressions Kiln cannot write', async () => {
    const r = await kiln(['build', '-color=false', '.'], withCompress('x.tar.xz'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('The xz compression of the compress post-processor is not supported by Kiln');
  });
});

describe('the shell-local provisioner', () => {
  const template = (inline: string, extra = ''): string =>
    TEMPLATE.replace(
      'build {\n  sources = ["source.file.motd"]',
      `build {\n  sources = ["source.file.motd"]\n  provisioner "shell-local" {\n    inline = ${inline}\n    environment_vars = ["SECRET=\${var.secret}", "GREETING=it's a \\"test\\" $HOME"]\n${extra}  }`,
    );

  it('runs scripts locally with values in the environment, output streamed and masked', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': template(
        '["echo \\"$PACKER_BUILD_NAME/$PACKER_BUILDER_TYPE: $GREETING $SECRET\\"", "cat out/motd.txt"]',
      ),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // The file builder ran first; values arrive unexpanded by any shell.
    expect(r.out).toContain('    file.motd: motd/file: it\'s a "test" $HOME <sensitive>\n');
    expect(r.out).toContain('    file.motd: hello <sensitive>\n');
    expect(r.out).not.toContain('s3cr3t-value');
  });

  it('fails the build on an exit code that is not valid', async () => {
    const dir = tempTemplate({ 'a.pkr.hcl': template('["exit 3"]') });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Erroneous exit code 3 while executing script');
    const ok = tempTemplate({ 'a.pkr.hcl': template('["exit 3"]', '    valid_exit_codes = [0, 3]\n') });
    expect((await kiln(['build', '-color=false', '.'], ok)).code).toBe(0);
  });
});

describe('build output', () => {
  const at = new Date('2026-11-22T10:00:00Z');
  function render(opts: { color?: boolean; timestamps?: boolean; machineReadable?: boolean }) {
    let out = '';
    let err = '';
    const r = new BuildRenderer({
      color: opts.color ?? false,
      timestamps: opts.timestamps ?? false,
      machineReadable: opts.machineReadable ?? false,
      write: (t) => (out += t),
      writeError: (t) => (err += t),
      now: () => at,
    });
    const time = at.getTime();
    r.event({ type: 'run-start', runId: 'r', builds: ['docker.a', 'docker.b'], time });
    r.event({ type: 'build-start', build: 'docker.a', builderType: 'docker', ledger: '/tmp/l.jsonl', time });
    r.event({ type: 'ui', build: 'docker.a', level: 'say', text: 'Creating a temporary directory', time });
    r.event({ type: 'output', build: 'docker.a', stream: 'stdout', text: 'line one\nline t', time });
    r.event({ type: 'output', build: 'docker.a', stream: 'stdout', text: 'wo, with a comma\n', time });
    r.event({ type: 'build-end', build: 'docker.a', time, durationMs: 12_345, cancelled: false });
    const artifact = {
      builderId: 'packer.docker',
      id: 'sha256:abc',
      files: [],
      description: 'Imported Docker image: sha256:abc',
      state: {},
    };
    r.summary(
      {
        runId: 'r',
        cancelled: false,
        ledgers: [],
        results: [
          {
            name: 'docker.a',
            builderType: 'docker',
            sourceName: 'a',
            artifacts: [artifact],
            cancelled: false,
            durationMs: 12_345,
          },
        ],
      },
      13_000,
    );
    return { out, err };
  }

  it("prints Packer's layout", () => {
    expect(render({}).out).toBe(
      [
        '==> docker.a: Creating a temporary directory',
        '    docker.a: line one',
        '    docker.a: line two, with a comma',
        "Build 'docker.a' finished after 12 seconds 345 milliseconds.",
        '',
        '==> Wait completed after 13 seconds',
        '',
        '==> Builds finished. The artifacts of successful builds are:',
        '--> docker.a: Imported Docker image: sha256:abc',
        '',
      ].join('\n'),
    );
  });

  it("colours each build and prefixes timestamps on request, as Packer's UI stack does", () => {
    const { out, err } = render({ color: true, timestamps: true });
    const at3339 = rfc3339(at);
    expect(out).toBe(
      [
        // Packer's colour legend, before anything else and only in colour (none with -color=false).
        '\x1b[1;32mdocker.a: output will be in this color.\x1b[0m',
        '\x1b[1;36mdocker.b: output will be in this color.\x1b[0m',
        '',
        `\x1b[1;32m${at3339}: ==> docker.a: Creating a temporary directory\x1b[0m`,
        `\x1b[1;32m${at3339}:     docker.a: line one\x1b[0m`,
        `\x1b[1;32m${at3339}:     docker.a: line two, with a comma\x1b[0m`,
        `\x1b[1;32m${at3339}: Build 'docker.a' finished after 12 seconds 345 milliseconds.\x1b[0m`,
        '',
        // The run's own lines go through Packer's plain UI.
        '==> Wait completed after 13 seconds',
        '',
        '==> Builds finished. The artifacts of successful builds are:',
        '--> docker.a: Imported Docker image: sha256:abc',
        '',
      ].join('\n'),
    );
    expect(err).toBe('');
  });

  it("stamps times as Go's RFC 3339 in local time", () => {
    const t = new Date('2026-11-22T10:00:00.250Z');
    expect(rfc3339(t, 0)).toBe('2026-11-22T10:00:00Z');
    expect(rfc3339(t, 330)).toBe('2026-11-22T15:30:00+05:30');
    expect(rfc3339(t, -600)).toBe('2026-11-22T00:00:00-10:00');
    expect(rfc3339(t, -660)).toBe('2026-11-21T23:00:00-11:00');
  });

  it("writes machine-readable lines in Packer's order and escaping", () => {
    // The layout packer build -machine-readable (1.6.6) writes for the same events: UI lines with
    // an empty target and their human prefix, the build's end, the summary, then per artifact its
    // machine lines followed by the human line.
    expect(render({ machineReadable: true }).out).toBe(
      [
        '1795341600,,ui,say,==> docker.a: Creating a temporary directory',
        '1795341600,,ui,message,    docker.a: line one',
        '1795341600,,ui,message,    docker.a: line two%!(PACKER_COMMA) with a comma',
        "1795341600,,ui,say,Build 'docker.a' finished after 12 seconds 345 milliseconds.",
        '1795341600,,ui,say,\\n==> Wait completed after 13 seconds',
        '1795341600,,ui,say,\\n==> Builds finished. The artifacts of successful builds are:',
        '1795341600,docker.a,artifact-count,1',
        '1795341600,docker.a,artifact,0,builder-id,packer.docker',
        '1795341600,docker.a,artifact,0,id,sha256:abc',
        '1795341600,docker.a,artifact,0,string,Imported Docker image: sha256:abc',
        '1795341600,docker.a,artifact,0,files-count,0',
        '1795341600,docker.a,artifact,0,end',
        '1795341600,,ui,say,--> docker.a: Imported Docker image: sha256:abc',
        '',
      ].join('\n'),
    );
    expect(machineField('a,b\nc')).toBe('a%!(PACKER_COMMA)b\\nc');
    // MachineReadableUi escapes a carriage return on its own, so a CRLF is two escapes.
    expect(machineField('a\r\nb\rc')).toBe('a\\r\\nb\\rc');
  });

  it('writes failed builds as error-count and error lines, as Packer does', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': TEMPLATE.replace(
        'build {\n  sources = ["source.file.motd"]',
        'build {\n  sources = ["source.file.motd"]\n  provisioner "shell-local" {\n    inline = ["exit 3"]\n  }',
      ),
    });
    const r = await kiln(['build', '-machine-readable', '.'], dir);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n').map((l) => l.replace(/^\d+,/, ''));
    const i = lines.indexOf(',error-count,1');
    expect(i).toBeGreaterThan(0);
    expect(lines[i + 1]).toBe(",ui,error,\\n==> Some builds didn't complete successfully and had errors:");
    expect(lines[i + 2]).toMatch(/^file\.motd,error,Erroneous exit code 3 while executing script: /);
    expect(lines[i + 3]).toMatch(/^,ui,error,--> file\.motd: Erroneous exit code 3/);
    expect(lines[i + 4]).toBe(',ui,say,\\n==> Builds finished but no artifacts were created.');
    expect(lines.some((l) => l.startsWith(",ui,error,Build 'file.motd' errored after "))).toBe(true);
  });

  it("shows a command's standard error as errors and cleans each line as Packer's RemoteCmd does", () => {
    const outputs = (machineReadable: boolean) => {
      const out: string[] = [];
      const err: string[] = [];
      const r = new BuildRenderer({
        color: false,
        timestamps: false,
        machineReadable,
        write: (t) => out.push(t),
        writeError: (t) => err.push(t),
        now: () => at,
      });
      const time = at.getTime();
      const output = (stream: 'stdout' | 'stderr', text: string) =>
        r.event({ type: 'output', build: 'docker.a', stream, text, time });
      output('stdout', 'out\r\n');
      output('stderr', 'warn: x  \n');
      output('stdout', '10%\r50%\r100%\n\n');
      output('stderr', 'no newline');
      r.event({ type: 'build-end', build: 'docker.a', time, durationMs: 1, cancelled: false });
      return { out: out.join(''), err: err.join('') };
    };
    const human = outputs(false);
    expect(human.out).toBe(
      "    docker.a: out\n    docker.a: 100%\n    docker.a:\nBuild 'docker.a' finished after 1 millisecond.\n",
    );
    expect(human.err).toBe('==> docker.a: warn: x\n==> docker.a: no newline\n');
    expect(outputs(true).out.split('\n').slice(0, 5)).toEqual([
      '1795341600,,ui,message,    docker.a: out',
      '1795341600,,ui,error,==> docker.a: warn: x',
      '1795341600,,ui,message,    docker.a: 100%',
      '1795341600,,ui,message,    docker.a:',
      '1795341600,,ui,error,==> docker.a: no newline',
    ]);
    expect(cleanOutputLine('a\rb\r')).toBe('b');
    expect(cleanOutputLine(' x \t')).toBe(' x');
  });

  it("keeps the run's own lines machine-readable too: diagnostics, interrupts, debug", async () => {
    const bad = await kiln(
      ['build', '-machine-readable', '.'],
      tempTemplate({
        'a.pkr.hcl':
          'source "null" "n" {\n  communicator = "none"\n  nope = 1\n}\nbuild {\n  sources = ["source.null.n"]\n}\n',
      }),
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^\d+,,ui,error,Error: Unsupported argument\\n\\n {2}on a\.pkr\.hcl line 3/);
    expect(bad.err.trim().split('\n')).toHaveLength(1);

    const dir = tempTemplate({
      'a.pkr.hcl':
        'source "null" "n" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.n"]\n' +
        '  provisioner "sleep" {\n    duration = "1h"\n  }\n}\n',
    });
    const r = await kiln(['build', '-machine-readable', '-debug', '.'], dir, {
      interrupt: (cancel) => setTimeout(cancel, 300),
    });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^\d+,,ui,error,Cancelling build after receiving interrupt\n/);
    expect(r.out).toMatch(/^\d+,,ui,say,Debug mode enabled. Builds will not be parallelized.\n/);
    for (const line of (r.out + r.err).trim().split('\n')) expect(line).toMatch(/^\d+,[^,]*,[a-z-]+(,|$)/);
  });

  it('says durations as Packer does', () => {
    expect(humanDuration(0)).toBe('0 seconds');
    expect(humanDuration(1)).toBe('1 millisecond');
    expect(humanDuration(61_500)).toBe('1 minute 1 second');
    expect(humanDuration(3_600_000 * 2 + 5)).toBe('2 hours 5 milliseconds');
  });
});

describe("a post-processor's own lines", () => {
  const at = new Date('2026-11-22T10:00:00Z');
  const lines = (machineReadable: boolean): string => {
    let out = '';
    const r = new BuildRenderer({
      color: false,
      timestamps: false,
      machineReadable,
      write: (t) => (out += t),
      writeError: (t) => (out += t),
      now: () => at,
    });
    const time = at.getTime();
    const target = 'docker.a (docker-tag)';
    r.event({
      type: 'ui',
      build: 'docker.a',
      level: 'say',
      text: 'Running post-processor: docker-tag',
      time,
    });
    r.event({ type: 'ui', build: 'docker.a', target, level: 'say', text: 'Tagging image', time });
    r.event({ type: 'ui', build: 'docker.a', target, level: 'message', text: 'Repository: x:1', time });
    r.event({ type: 'output', build: 'docker.a', target, stream: 'stdout', text: 'pushed\n', time });
    return out;
  };

  it("are shown under Packer's TargetedUI target `<build> (<type>)`", () => {
    expect(lines(false)).toBe(
      '==> docker.a: Running post-processor: docker-tag\n' +
        '==> docker.a (docker-tag): Tagging image\n' +
        '    docker.a (docker-tag): Repository: x:1\n' +
        '    docker.a (docker-tag): pushed\n',
    );
    const machine = lines(true);
    expect(machine).toContain(',,ui,say,==> docker.a (docker-tag): Tagging image\n');
    expect(machine).toContain(',,ui,message,    docker.a (docker-tag): pushed\n');
  });
});
