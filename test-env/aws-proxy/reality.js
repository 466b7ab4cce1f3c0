'use strict';
/**
 * The "reality" half of the AWS emulator proxy: EC2 instances become Docker containers.
 *
 * moto answers every API call; this module acts after a successful answer (and rewrites the
 * addresses in it), so moto stays the source of truth for API semantics and this only adds machines:
 * - RunInstances: a container per instance from the image registered for the AMI, the key pair's
 *   public key appended to root's authorized_keys (as cloud-init does), sshd running, port 22
 *   published on the instance's own loopback address 127.x.y.z;
 * - DescribeInstances / RunInstances responses: that address as the instance's IPs and DNS names;
 * - CreateImage: `docker commit` of the instance's container, registered as the new AMI; CopyImage
 *   maps the copy to the same image;
 * - Stop/Start/Reboot/TerminateInstances act on the container (terminate removes it);
 * - Windows instances: an AMI registered with `winrm` settings starts a container running the
 *   WinRM test server (test-env/winrm-test-server, mounted from KILN_WINRM_TEST_SERVER) on the
 *   instance's address and WinRM port, as that user and password, instead of sshd; the AMIs
 *   CreateImage and CopyImage make from it are Windows ones too; GetPasswordData answers the
 *   password encrypted with the key pair's public key (RSA, PKCS#1 v1.5, base64), as EC2 does,
 *   after `emptyPasswordCalls` empty answers (a password not generated yet).
 */
const { execFile } = require('node:child_process');
const crypto = require('node:crypto');
const os = require('node:os');
const path = require('node:path');

const LABEL = 'kiln-awsemu';
const WINRM_SERVER_IN_CONTAINER = '/kiln-winrm-test-server';
const CREATED_REPO = 'kiln-awsemu/ami';

/** Runs the docker CLI (DOCKER_HOST from the environment); resolves with its trimmed stdout. */
function docker(args) {
  return new Promise((resolve, reject) => {
    execFile('docker', args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`docker ${args[0]}: ${(stderr || error.message).trim()}`));
      else resolve(stdout.trim());
    });
  });
}

/** The OpenSSH public key line of a private key as moto's CreateKeyPair returns it (RSA PEM or ed25519). */
function publicKeyOf(privateKey) {
  const { utils } = require('ssh2');
  const parsed = utils.parseKey(privateKey);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key instanceof Error) throw key;
  return `${key.type} ${key.getPublicSSH().toString('base64')}`;
}

/** Where the WinRM test server binary is (test-env/winrm-test-env.sh records it). */
function winrmServerBinary() {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return process.env.KILN_WINRM_TEST_SERVER || path.join(cache, 'kiln/winrm-test-server');
}

/** EC2's PasswordData: `password` encrypted for the OpenSSH public key line `key` (RSA only). */
function passwordDataFor(key, password) {
  const { utils } = require('ssh2');
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error) throw parsed;
  const pem = parsed.getPublicPEM();
  const padding = crypto.constants.RSA_PKCS1_PADDING;
  return crypto.publicEncrypt({ key: pem, padding }, Buffer.from(password, 'utf8')).toString('base64');
}

/** The text of every `<tag>` element in `xml` (no nesting inside it). */
function tagValues(xml, tag) {
  const re = new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g');
  return [...xml.matchAll(re)].map((m) => m[1]);
}

function unescapeXml(text) {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&');
}

/** Values of the numbered list parameter `name` (InstanceId.1, InstanceId.2, …). */
function listParam(params, name) {
  const out = [];
  for (const [k, v] of params)
    if (k.startsWith(`${name}.`) && /^\d+$/.test(k.slice(name.length + 1))) out.push(v);
  return out;
}

// Sshd in the foreground after what cloud-init would do: the key pair's public key for root.
const BOOT = [
  'mkdir -p /run/sshd /root/.ssh && chmod 700 /root/.ssh',
  'if [ -n "$KILN_AUTHORIZED_KEY" ]; then printf "%s\\n" "$KILN_AUTHORIZED_KEY" >>/root/.ssh/authorized_keys; chmod 600 /root/.ssh/authorized_keys; fi',
  'ssh-keygen -A >/dev/null',
  'exec /usr/sbin/sshd -D -e',
].join('; ');

/**
 * [start, end) of each instance in an EC2 response: the `<item>` children of every `<instancesSet>`
 * (found by depth, since an instance's fields nest further items in no fixed order).
 */
function instanceItems(xml) {
  const ranges = [];
  for (const set of xml.matchAll(/<instancesSet>/g)) {
    const re = /<(\/?)item>|<\/instancesSet>/g;
    re.lastIndex = set.index + set[0].length;
    let depth = 0;
    let start = 0;
    for (let m = re.exec(xml); m; m = re.exec(xml)) {
      if (m[0] === '</instancesSet>' && depth === 0) break;
      if (m[1] === '') {
        if (depth++ === 0) start = m.index;
      } else if (--depth === 0) {
        ranges.push([start, m.index + m[0].length]);
      }
    }
  }
  return ranges;
}

const ADDRESS_TAGS = [
  'privateIpAddress',
  'ipAddress',
  'publicIp',
  'dnsName',
  'privateDnsName',
  'publicDnsName',
];

class Reality {
  constructor({ defaultImage }) {
    this.defaultImage = defaultImage;
    this.proxyId = crypto.randomBytes(4).toString('hex');
    this.registered = new Map(); // AMI id -> docker image, through the admin API (kept on reset)
    this.created = new Map(); // AMI id -> docker image, from CreateImage / CopyImage
    // AMI id -> { user, password, port, tls, emptyPasswordCalls, image }: Windows AMIs (admin API,
    // kept on reset) and those made from them.
    this.winrmImages = new Map();
    this.keys = new Map(); // `${region}/${name}` -> OpenSSH public key line
    this.instances = new Map(); // instance id -> { container, ip, image }
    // Loopback addresses: 127.97.<random>.<n>, so two proxies on one machine rarely collide.
    this.net = Math.floor(Math.random() * 250);
    this.host = 1;
  }

  imageFor(ami) {
    return this.created.get(ami) || this.registered.get(ami) || this.defaultImage;
  }

  nextAddress() {
    this.host += 1;
    if (this.host > 254) {
      this.host = 2;
      this.net = (this.net + 1) % 256;
    }
    return `127.97.${this.net}.${this.host}`;
  }

  /** Acts on a successful moto answer; returns the body to send (possibly rewritten). */
  async after(action, region, params, body) {
    switch (action) {
      case 'CreateKeyPair': {
        const material = tagValues(body, 'keyMaterial')[0];
        if (material) this.keys.set(`${region}/${params.get('KeyName')}`, publicKeyOf(unescapeXml(material)));
        return body;
      }
      case 'ImportKeyPair': {
        const encoded = params.get('PublicKeyMaterial') || '';
        const text = Buffer.from(encoded, 'base64').toString('utf8').trim();
        const line = /^(ssh-|ecdsa-)/.test(text) ? text : encoded.trim();
        this.keys.set(`${region}/${params.get('KeyName')}`, line.split(/\s+/).slice(0, 2).join(' '));
        return body;
      }
      case 'DeleteKeyPair':
        this.keys.delete(`${region}/${params.get('KeyName')}`);
        return body;
      case 'RunInstances': {
        const ids = [...new Set(tagValues(body, 'instanceId'))];
        const ami = params.get('ImageId');
        const image = this.imageFor(ami);
        const key = this.keys.get(`${region}/${params.get('KeyName')}`) || '';
        const winrm = this.winrmImages.get(ami);
        for (const id of ids)
          await (winrm ? this.launchWindows(id, image, key, winrm) : this.launch(id, image, key));
        return this.rewrite(body);
      }
      case 'GetPasswordData': {
        const instance = this.instances.get(params.get('InstanceId'));
        if (!instance || !instance.winrm) return body;
        instance.passwordCalls += 1;
        const data =
          instance.passwordCalls > Number(instance.winrm.emptyPasswordCalls || 0)
            ? passwordDataFor(instance.key, instance.winrm.password)
            : '';
        const element = `<passwordData>${data}</passwordData>`;
        const re = /<passwordData\s*\/>|<passwordData>[^<]*<\/passwordData>/;
        return re.test(body)
          ? body.replace(re, element)
          : body.replace('</GetPasswordDataResponse>', `${element}</GetPasswordDataResponse>`);
      }
      case 'DescribeInstances':
        return this.rewrite(body);
      case 'CreateImage': {
        const ami = tagValues(body, 'imageId')[0];
        const instance = this.instances.get(params.get('InstanceId'));
        if (ami && instance) {
          const tag = `${CREATED_REPO}:${ami}`;
          await docker(['commit', instance.container, tag]);
          this.created.set(ami, tag);
          if (instance.winrm) this.winrmImages.set(ami, instance.winrm);
        } else if (ami) {
          // An instance the proxy did not start (e.g. from before a proxy restart): same base image.
          this.created.set(ami, this.defaultImage);
        }
        return body;
      }
      case 'CopyImage': {
        const ami = tagValues(body, 'imageId')[0];
        if (ami) this.created.set(ami, this.imageFor(params.get('SourceImageId')));
        const winrm = this.winrmImages.get(params.get('SourceImageId'));
        if (ami && winrm) this.winrmImages.set(ami, winrm);
        return body;
      }
      case 'StopInstances':
        await this.each(params, (i) => docker(['stop', '-t', '2', i.container]));
        return body;
      case 'StartInstances':
        await this.each(params, (i) => docker(['start', i.container]));
        return body;
      case 'RebootInstances':
        await this.each(params, (i) => docker(['restart', '-t', '2', i.container]));
        return body;
      case 'TerminateInstances':
        await this.each(params, async (i, id) => {
          await docker(['rm', '-f', i.container]);
          this.instances.delete(id);
        });
        return body;
      default:
        return body;
    }
  }

  async each(params, fn) {
    for (const id of listParam(params, 'InstanceId')) {
      const instance = this.instances.get(id);
      if (instance) await fn(instance, id);
    }
  }

  /** The name and labels every instance container carries (found by them for stop/terminate/cleanup). */
  identity(id) {
    return [
      '--name',
      `${LABEL}-${this.proxyId}-${id}`,
      '--label',
      `${LABEL}=${this.proxyId}`,
      '--label',
      `${LABEL}.instance=${id}`,
    ];
  }

  async launch(id, image, key) {
    const ip = this.nextAddress();
    const container = await docker([
      'run',
      '-d',
      ...this.identity(id),
      '--hostname',
      `ip-${ip.replace(/\./g, '-')}`,
      '-p',
      `${ip}:22:22`,
      '-e',
      `KILN_AUTHORIZED_KEY=${key}`,
      image,
      '/bin/sh',
      '-c',
      BOOT,
    ]);
    this.instances.set(id, { container, ip, image });
  }

  /** A Windows instance: the WinRM test server on the instance's address, as a container. */
  async launchWindows(id, image, key, winrm) {
    const ip = this.nextAddress();
    const port = Number(winrm.port || (winrm.tls ? 5986 : 5985));
    const container = await docker([
      'run',
      '-d',
      ...this.identity(id),
      '-p',
      `${ip}:${port}:${port}`,
      '-v',
      `${winrmServerBinary()}:${WINRM_SERVER_IN_CONTAINER}:ro`,
      image,
      WINRM_SERVER_IN_CONTAINER,
      '-listen',
      `0.0.0.0:${port}`,
      '-user',
      winrm.user || 'Administrator',
      '-password',
      winrm.password,
      ...(winrm.tls ? ['-tls'] : []),
    ]);
    this.instances.set(id, { container, ip, image, winrm, key, passwordCalls: 0 });
  }

  /** Replaces moto's addresses of the proxy's instances with their loopback address. */
  rewrite(body) {
    let out = '';
    let last = 0;
    for (const [from, to] of instanceItems(body)) {
      const item = body.slice(from, to);
      const instance = this.instances.get(tagValues(item, 'instanceId')[0]);
      if (!instance) continue;
      let rewritten = item;
      for (const tag of ADDRESS_TAGS) {
        rewritten = rewritten.replace(
          new RegExp(`<${tag}>[^<]+</${tag}>`, 'g'),
          `<${tag}>${instance.ip}</${tag}>`,
        );
      }
      out += body.slice(last, from) + rewritten;
      last = to;
    }
    return out + body.slice(last);
  }

  /** Removes the proxy's containers and the images CreateImage made; forgets moto-side state. */
  async clear() {
    const containers = await docker(['ps', '-aq', '--filter', `label=${LABEL}=${this.proxyId}`]).catch(
      () => '',
    );
    if (containers) await docker(['rm', '-f', ...containers.split('\n')]).catch(() => undefined);
    const images = [...new Set([...this.created.values()].filter((t) => t.startsWith(`${CREATED_REPO}:`)))];
    if (images.length > 0) await docker(['rmi', '-f', ...images]).catch(() => undefined);
    this.created.clear();
    for (const ami of [...this.winrmImages.keys()])
      if (!this.registered.has(ami)) this.winrmImages.delete(ami);
    this.keys.clear();
    this.instances.clear();
  }

  describe() {
    return {
      defaultImage: this.defaultImage,
      images: Object.fromEntries([...this.registered, ...this.created]),
      instances: Object.fromEntries(this.instances),
    };
  }
}

module.exports = { Reality, publicKeyOf, tagValues, LABEL };
