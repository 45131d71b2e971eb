import { parseDocument, type YAMLMap } from 'yaml';
import { describe, expect, it } from 'vitest';
import { discoverFile } from '../../src/discover/discover-file.js';
import { readStringList } from '../../src/discover/pod-templates.js';
import { buildDeployment, type DeploymentOptions } from '../../src/deploy/build-deployment.js';
import { configArg } from '../../src/deploy/command-line.js';
import { formatVersion, parseStatedVersion } from '../../src/deploy/image-version.js';
import type { Deployment } from '../../src/deploy/types.js';
import { parseDiscoveredConfigs } from '../../src/model/parse-configs.js';

function deploy(files: Record<string, string>, options: DeploymentOptions = { fluentBitVersion: undefined }): { d: Deployment; config: (path: string, name: string) => NonNullable<ReturnType<typeof discoverFile>['configs'][number]> } {
  const discoveries = Object.entries(files).map(([path, text]) => discoverFile({ path, text }));
  const d = buildDeployment(discoveries, parseDiscoveredConfigs(discoveries), options);
  const config = (path: string, name: string) => {
    const c = discoveries.find((x) => x.path === path)?.configs.find((x) => x.name === name);
    if (!c) throw new Error(`no config ${name} in ${path}`);
    return c;
  };
  return { d, config };
}

const line = (yaml: string) => {
  const root = parseDocument(yaml).contents as YAMLMap;
  return configArg(readStringList(root, 'command'), readStringList(root, 'args'));
};

describe('the -c file of a container line', () => {
  it.each([
    ['{}', undefined, 'default'],
    ['args: ["-c", "/etc/fb/main.conf"]', '/etc/fb/main.conf', 'args'],
    ['args: ["--config=/etc/fb/main.yaml"]', '/etc/fb/main.yaml', 'args'],
    ['args: ["-c/etc/a.conf", "-c", "/etc/b.conf"]', '/etc/b.conf', 'args'],
    ['command: ["/fluent-bit/bin/fluent-bit", "--config", "/x.conf"]', '/x.conf', 'command'],
    ['command: ["/fluent-bit/bin/fluent-bit"]', undefined, 'none'],
    ['args: ["--workdir=/fluent-bit/etc"]', undefined, 'none'],
    ['command: ["/bin/sh", "-c", "sleep 1 && exec /fluent-bit/bin/fluent-bit -c /cfg/fb.conf -v"]', '/cfg/fb.conf', 'command'],
    ['command: ["sh", "-c"]\nargs: ["fluent-bit --config=/a.conf"]', '/a.conf', 'args'],
    // A directory named like the binary before the command that runs it; a binary named fluentbit (cnvrg's image).
    ['command: ["/bin/sh", "-c", "mkdir -p /var/log/fluent-bit; exec /fluent-bit/bin/fluent-bit -c /cfg/fb.conf"]', '/cfg/fb.conf', 'command'],
    ['command: ["/bin/bash", "-c", "/opt/app-root/fluentbit -c /opt/etc/fb.conf & inotifywait /opt/etc/fb.conf"]', '/opt/etc/fb.conf', 'command'],
    // Scripts read as sh reads them (src/source/sh-words.ts): a newline ends a command, `#` starts a comment,
    // `\` escapes, redirections are not arguments.
    ['command: ["sh", "-c", "fluent-bit -c /a.conf\\necho -c /b.conf"]', '/a.conf', 'command'],
    ['command: ["sh", "-c", "# fluent-bit -c /old.conf\\nexec fluent-bit \\\\\\n  -c /new.conf"]', '/new.conf', 'command'],
    ['command: ["sh", "-c", "exec fluent-bit -c /etc/my\\\\ dir/fb.conf >/dev/null 2>&1"]', '/etc/my dir/fb.conf', 'command'],
    ['command: ["sh", "-c", "echo \\"fluent-bit -c /no.conf\\" && fluent-bit -c \'/a\\\\b.conf\'"]', '/a\\b.conf', 'command'],
    // The shell's script is the first operand after its options (XCU sh; dash options.c, bash shell.c):
    // `-c` inside a cluster, `-o name` taking a word, bash's long options first, `--` ending them.
    ['command: ["/bin/sh", "-ec", "exec fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["sh", "-xc", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["bash", "-euxc", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["bash", "-o", "pipefail", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["bash", "-co", "pipefail", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["bash", "-eo", "pipefail", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["/bin/bash", "--login", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["/bin/bash", "--norc", "--noprofile", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["bash", "--rcfile", "/x", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["sh", "-c", "-e", "--", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["sh", "-e"]\nargs: ["-c", "fluent-bit -c /a.conf"]', '/a.conf', 'args'],
    ['command: ["/usr/local/bin/bash", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    // No script: a script file, `-c` without its operand, an unknown bash long option (bash refuses), dash's -o's word.
    ['command: ["sh", "/start.sh", "-c", "/a.conf"]', undefined, 'none'],
    ['command: ["sh", "-c"]', undefined, 'none'],
    ['command: ["bash", "--bogus", "-c", "fluent-bit -c /a.conf"]', undefined, 'none'],
    ['command: ["sh", "-o", "-c", "fluent-bit -c /a.conf"]', undefined, 'none'],
    // Wrappers hand on their program: env (options, NAME=value), tini and dumb-init (options, `--`).
    ['command: ["/usr/bin/env", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["env", "-i", "-u", "X", "A=1", "B=2", "bash", "-ec", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["/usr/bin/env", "FOO=1", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    ['command: ["/usr/bin/env", "FOO=1", "/fluent-bit/bin/fluent-bit"]\nargs: ["-c", "/a.conf"]', '/a.conf', 'args'],
    ['command: ["tini", "--", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    ['command: ["/sbin/tini", "-s", "-e", "143", "--", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["tini", "--"]\nargs: ["/bin/sh", "-xc", "fluent-bit -c /a.conf"]', '/a.conf', 'args'],
    ['command: ["/usr/bin/dumb-init", "--", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    // dumb-init's own -c is --single-child, not a config.
    ['command: ["dumb-init", "-c", "/fluent-bit/bin/fluent-bit"]', undefined, 'none'],
    ['command: ["dumb-init", "-c", "--rewrite", "15:2", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["tini", "--", "sh", "-c", "echo no fluent bit here"]', undefined, 'none'],
    // busybox runs its applet by the last path component (libbb/appletlib.c); --help/--list/--install run none.
    ['command: ["busybox", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["/bin/busybox", "ash", "-ec", "exec fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["busybox", "/usr/local/bin/sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["busybox", "env", "X=1", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["busybox", "--list", "-c", "/a.conf"]', undefined, 'none'],
    // su-exec, gosu, s6-setuidgid, setuidgid: exactly one user word, then the program.
    ['command: ["su-exec", "fluent", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["su-exec", "-c", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    ['command: ["gosu", "1000:1000", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    ['command: ["gosu", "fluent"]\nargs: ["bash", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'args'],
    ['command: ["gosu", "--help", "sh", "-c", "fluent-bit -c /a.conf"]', undefined, 'none'],
    ['command: ["gosu", "fluent"]', undefined, 'none'],
    ['command: ["s6-setuidgid", "fluent", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["/command/s6-setuidgid", "1000:1000", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    // chpst (runit getopt "+u:U:b:e:m:d:o:p:f:c:r:t:/:C:n:l:L:vP012V"): its -c is a limit, not a config.
    ['command: ["chpst", "-u", "fluent", "-c", "0", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["chpst", "-ufluent:adm", "-v", "--", "fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    // setpriv: long options, +: the program is the first operand.
    ['command: ["setpriv", "--reuid=1000", "--regid=1000", "--clear-groups", "--", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["setpriv", "--reuid", "1000", "--init-groups", "/fluent-bit/bin/fluent-bit"]\nargs: ["-c", "/a.conf"]', '/a.conf', 'args'],
    // runuser -u USER [--] PROG; runuser/su without -u: the shell runs -c's script. Options are read among the operands (no +).
    ['command: ["runuser", "-u", "fluent", "--", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["runuser", "-u", "fluent", "--", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    ['command: ["runuser", "-l", "fluent", "-c", "exec fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["su", "-s", "/bin/sh", "fluent", "--command", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["su", "-", "fluent"]\nargs: ["-c", "fluent-bit -c /a.conf"]', '/a.conf', 'args'],
    // runuser -u without --: runuser takes -c itself, and -u with -c is refused; su without -c runs no script.
    ['command: ["runuser", "-u", "fluent", "fluent-bit", "-c", "/a.conf"]', undefined, 'none'],
    ['command: ["su", "fluent", "sh", "/start.sh"]', undefined, 'none'],
    // nice (-N, -n N, --adjustment), ionice (-c2 -n7; -p acts on running processes), timeout (DURATION; busybox's old -t).
    ['command: ["nice", "-n", "5", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["nice", "-10", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    ['command: ["ionice", "-c2", "-n7", "nice", "--adjustment=5", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    ['command: ["ionice", "-c", "3", "-t", "--", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["timeout", "-s", "TERM", "-k", "5", "1h", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["timeout", "--preserve-status", "3600", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    ['command: ["busybox", "timeout", "-t", "3600", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    // nohup, setsid (-c -f -w), stdbuf (-i/-o/-e MODE), taskset (mask, or -c list), numactl (long options with arguments).
    ['command: ["nohup", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["setsid", "-c", "-f", "--wait", "bash", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["stdbuf", "-oL", "-e", "0", "--input=0", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["taskset", "-c", "0-1", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["taskset", "0x3", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    ['command: ["numactl", "--interleave=all", "--cpunodebind", "0", "-l", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    ['command: ["nohup", "setsid", "stdbuf", "-o", "L", "taskset", "-ac", "0", "numactl", "-C", "0", "fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    // chroot: the paths name files under NEWROOT, not the container's: no config read.
    ['command: ["chroot", "/host", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', undefined, 'none'],
    ['command: ["chroot", "--userspec=1000", "/host", "sh", "-c", "fluent-bit -c /a.conf"]', undefined, 'none'],
    // chpst -/ ROOT, sudo -R ROOT, unshare -R/--root ROOT chroot the same way.
    ['command: ["chpst", "-/", "/jail", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', undefined, 'none'],
    ['command: ["sudo", "-R", "/jail", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', undefined, 'none'],
    ['command: ["unshare", "--root=/jail", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', undefined, 'none'],
    // Wrappers in a row.
    ['command: ["tini", "--", "su-exec", "fluent", "nice", "-n", "5", "busybox", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', 'command'],
    // An unknown wrapper, or one with an option not read: its words scanned as before.
    ['command: ["/entrypoint.sh", "--wait"]\nargs: ["-c", "/a.conf"]', '/a.conf', 'args'],
    ['command: ["env", "-S", "X=1", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    ['command: ["ionice", "-p", "1", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    ['command: ["setpriv", "--reu=1000", "fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    ['command: ["taskset", "-p", "1", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    ['command: ["numactl", "--show", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
    // `exec` is a shell builtin: as the argv's program it is an unknown one.
    ['command: ["exec", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', 'command'],
  ])('%s', (yaml, path, from) => {
    expect(line(yaml)).toMatchObject({ path, from });
  });

  it('reads --workdir, where relative paths are tried first', () => {
    expect(line('args: ["--workdir=/fluent-bit/etc", "--config=/fluent-bit/etc/conf/fluent-bit.conf"]')).toMatchObject({ workdir: '/fluent-bit/etc' });
  });

  // A script's `cd` before Fluent Bit's command: Fluent Bit runs there (its working directory), and a relative -R is read from there.
  it.each([
    ['cd /fluent-bit/etc && exec fluent-bit -c fluent-bit.conf -R parsers.conf', '/fluent-bit/etc', ['/fluent-bit/etc/parsers.conf']],
    ['cd /etc; cd agent\nfluent-bit -c fluent-bit.conf -R /p/abs.conf', '/etc/agent', ['/p/abs.conf']],
    ['cd -P -- /etc/agent || exit 1\nfluent-bit -c x.conf -w conf -R ../p.conf', '/etc/agent/conf', ['/etc/p.conf']],
    ['(cd /etc/agent && fluent-bit -c fluent-bit.conf)', '/etc/agent', []],
    ['cd /etc/agent 2>/dev/null && (cd /tmp) && fluent-bit -c fluent-bit.conf', '/etc/agent', []],
    // Not known, as before: no cd, a subshell's or pipeline's cd, cd after ||, inside if, cd -, cd $DIR, a relative cd first.
    ['fluent-bit -c fluent-bit.conf -R parsers.conf', undefined, ['parsers.conf']],
    ['(cd /etc/agent); fluent-bit -c fluent-bit.conf', undefined, []],
    ['cd /etc/agent | true; cd /x & fluent-bit -c fluent-bit.conf', undefined, []],
    ['cd /a || cd /etc/agent; fluent-bit -c fluent-bit.conf', undefined, []],
    ['if [ -d /etc/agent ]; then cd /etc/agent; fi; fluent-bit -c fluent-bit.conf', undefined, []],
    ['cd /a; cd -; fluent-bit -c fluent-bit.conf', undefined, []],
    ['cd "$CONF_DIR" && fluent-bit -c fluent-bit.conf', undefined, []],
    ['cd etc && fluent-bit -c fluent-bit.conf', undefined, []],
    // A cd after Fluent Bit's command is not where it runs.
    ['fluent-bit -c fluent-bit.conf & cd /tmp', undefined, []],
  ])('follows the cd of %j', (script, workdir, parsers) => {
    const got = line(`command: ["sh", "-c", ${JSON.stringify(script)}]`);
    expect(got).toMatchObject({ workdir, parsersFiles: parsers });
  });

  // The container's workingDir is where the process starts: a relative -w and -R are read from there; a script's cd
  // surely run moves it (an absolute one replaces it, a relative one goes on from it); a cd not surely run leaves it not known.
  it.each([
    ['/fluent-bit/etc', 'args: ["-c", "fluent-bit.conf", "-R", "parsers.conf"]', '/fluent-bit/etc', ['/fluent-bit/etc/parsers.conf']],
    ['/etc/agent/', 'args: ["-c", "a.conf", "-w", "conf", "--parser=../p.conf", "-R", "/abs.conf"]', '/etc/agent/conf', ['/etc/p.conf', '/abs.conf']],
    ['/etc/agent', '{}', '/etc/agent', []],
    ['/etc/agent', 'args: ["-c", "a.conf", "--workdir=/w"]', '/w', []],
    ['/tmp', 'command: ["sh", "-c", "cd /etc/agent && fluent-bit -c a.conf -R p.conf"]', '/etc/agent', ['/etc/agent/p.conf']],
    ['/etc', 'command: ["sh", "-c", "cd agent && fluent-bit -c a.conf"]', '/etc/agent', []],
    ['/etc/agent', 'command: ["sh", "-c", "fluent-bit -c a.conf -R p.conf"]', '/etc/agent', ['/etc/agent/p.conf']],
    ['/etc/agent', 'command: ["sh", "-c", "(cd /tmp); fluent-bit -c a.conf"]', '/etc/agent', []],
    ['/etc/agent', 'command: ["sh", "-c", "cd /a || cd /b; fluent-bit -c a.conf"]', undefined, []],
    // A relative workingDir: where it starts is not known (from `/`, as without one).
    ['etc', 'args: ["-c", "a.conf", "-R", "p.conf"]', undefined, ['p.conf']],
  ])('workingDir %j with %s', (dir, yaml, workdir, parsers) => {
    const root = parseDocument(yaml).contents as YAMLMap;
    expect(configArg(readStringList(root, 'command'), readStringList(root, 'args'), dir)).toMatchObject({ workdir, parsersFiles: parsers });
  });

  // fluent-bit.c: getopt_long "R:" and { "parser", required_argument, 'R' }; every one loads, in order.
  it.each([
    ['args: ["-c", "/a.conf", "-R", "/p/one.conf", "-R/p/two.conf"]', ['/p/one.conf', '/p/two.conf']],
    ['args: ["--parser", "/p/one.conf", "--parser=p/two.conf", "-c", "/a.conf"]', ['/p/one.conf', 'p/two.conf']],
    ['command: ["/fluent-bit/bin/fluent-bit", "-R", "/p/cmd.conf"]\nargs: ["-c", "/a.conf"]', ['/p/cmd.conf']],
    ['command: ["/bin/sh", "-c", "fluent-bit -c /a.conf --parser /p/sh.conf; echo -R /not/fb.conf"]', ['/p/sh.conf']],
    ['args: ["-c", "/a.conf"]', []],
  ])('reads the parsers files of %s', (yaml, files) => {
    expect(line(yaml).parsersFiles).toEqual(files);
  });
});

const CM = `apiVersion: v1
kind: ConfigMap
metadata:
  name: fb
data:
  fluent-bit.conf: |
    [SERVICE]
        Parsers_File  parsers.conf
    @INCLUDE in.conf
  in.conf: |
    [INPUT]
        Name tail
        Path /var/log/containers/*.log
  parsers.conf: |
    [PARSER]
        Name x
        Format json
  other.conf: |
    [OUTPUT]
        Name stdout
`;

const pod = (containers: string, volumes = '      - name: config\n        configMap:\n          name: fb\n', kind = 'DaemonSet', name = 'fb'): string => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
spec:
  template:
    spec:
${containers}      volumes:
${volumes}`;

/** A Fluent Bit container mounting the ConfigMap at /fluent-bit/etc/conf, with its args. */
const confContainer = (image: string, args: string): string => `      containers:
      - name: fluent-bit
        image: ${image}
        volumeMounts:
        - {name: config, mountPath: /fluent-bit/etc/conf}
        args: [${args}]
`;

describe('containers: role, Fluent Bit or not, what they read', () => {
  it('init containers, native sidecars and main containers; a private image is Fluent Bit by its config mount', () => {
    const { d } = deploy({
      'cm.yaml': CM,
      'ds.yaml': pod(`      initContainers:
      - name: fluent-bit-copy
        image: busybox
        volumeMounts:
        - {name: config, mountPath: /fluent-bit/etc}
      - name: shipper
        image: registry.corp/log-agent:2.1
        restartPolicy: Always
        volumeMounts:
        - {name: config, mountPath: /fluent-bit/etc}
      containers:
      - name: app
        image: registry.corp/app:1
`),
    });
    const byName = new Map(d.containers.map((c) => [c.name, c]));
    expect(byName.get('fluent-bit-copy')).toMatchObject({ role: 'init', runsFluentBit: false });
    expect(byName.get('shipper')).toMatchObject({ role: 'sidecar', runsFluentBit: true, fluentBitBy: 'config-mount', configPath: '/fluent-bit/etc/fluent-bit.conf' });
    expect(byName.get('app')).toMatchObject({ role: 'main', runsFluentBit: false });
    expect(byName.get('shipper')?.configs.map((c) => c.name)).toEqual(['fluent-bit.conf', 'parsers.conf', 'in.conf', 'other.conf']);
    expect(byName.get('shipper')?.parsersFiles.map((p) => `${p.path} ${p.lookup.kind}`)).toEqual(['/fluent-bit/etc/parsers.conf config']);
  });

  it('a config reloader next to a Fluent Bit image is not Fluent Bit, though it mounts the config', () => {
    const { d } = deploy({
      'cm.yaml': CM,
      'ds.yaml': pod(`${confContainer('cr.fluentbit.io/fluent/fluent-bit:3.0.4', '"-c", "/fluent-bit/etc/conf/fluent-bit.conf"')}      - name: reloader
        image: ghcr.io/jimmidyson/configmap-reload:v0.15.0
        volumeMounts:
        - {name: config, mountPath: /watch}
`),
    });
    expect(d.containers.map((c) => `${c.name} ${c.runsFluentBit}`)).toEqual(['fluent-bit true', 'reloader false']);
    // the -c file is in /fluent-bit/etc/conf; parsers.conf is relative to it; the image's stock files stay visible
    const fb = d.containers[0];
    expect(fb?.parsersFiles.map((p) => `${p.path} ${p.lookup.kind}`)).toEqual(['/fluent-bit/etc/conf/parsers.conf config']);
    expect(fb?.stockFilesVisible).toBe(true);
  });

  it('-R/--parser files load before Parsers_File; a relative one is resolved from the start directory (/), not the -c directory', () => {
    const { d } = deploy({
      'cm.yaml': CM,
      'ds.yaml': pod(confContainer('fluent/fluent-bit:3.0.4', '"-c", "/fluent-bit/etc/conf/fluent-bit.conf", "-R", "fluent-bit/etc/conf/other.conf", "--parser=parsers.conf"')),
    });
    expect(d.containers[0]?.parsersFiles.map((p) => `${p.path} ${p.lookup.kind}`)).toEqual([
      '/fluent-bit/etc/conf/other.conf config',
      '/parsers.conf unknown', // outside every mount: the image may hold it
      '/fluent-bit/etc/conf/parsers.conf config',
    ]);
  });

  it('items, subPath and projected volumes', () => {
    const { d } = deploy({
      'cm.yaml': CM,
      'ds.yaml': pod(`      containers:
      - name: fluent-bit
        image: fluent/fluent-bit:2.2.0
        volumeMounts:
        - {name: main, mountPath: /fluent-bit/etc/fluent-bit.conf, subPath: fluent-bit.conf}
        - {name: parts, mountPath: /fluent-bit/etc/parts}
`, `      - name: main
        configMap:
          name: fb
      - name: parts
        projected:
          sources:
          - configMap:
              name: fb
              items:
              - {key: in.conf, path: inputs/in.conf}
`),
    });
    const c = d.containers[0];
    expect(c?.mainConfig?.kind).toBe('config');
    expect(c?.lookup('/fluent-bit/etc/parts/inputs/in.conf').kind).toBe('config');
    expect(c?.lookup('/fluent-bit/etc/parts/other.conf').kind).toBe('missing');
    // the subPath mount hides nothing else of /fluent-bit/etc: the stock parsers.conf is still there
    expect(c?.lookup('/fluent-bit/etc/parsers.conf').kind).toBe('image');
  });
});

describe('versions', () => {
  const ds = (name: string, image: string): string => pod(`      containers:
      - name: fluent-bit
        image: ${image}
        volumeMounts:
        - {name: config, mountPath: /fluent-bit/etc}
`, undefined, 'DaemonSet', name);

  it('a config run by several workloads gets the lowest version; other configs are not affected', () => {
    const { d, config } = deploy({ 'cm.yaml': CM, 'a.yaml': ds('a', 'fluent/fluent-bit:2.1.8'), 'b.yaml': ds('b', 'fluent/fluent-bit:1.9.3') });
    const v = d.versionOf(config('cm.yaml', 'in.conf'));
    expect(v.version && formatVersion(v.version)).toBe('1.9.3');
    expect(v.mixed).toBe(true);
    expect(d.workloadsOf(config('cm.yaml', 'in.conf')).map((w) => w.name)).toEqual(['a', 'b']);
    expect(d.configsOf(d.workloads[0]!).map((c) => c.name)).toContain('in.conf');
  });

  it('the stated version fills in only what the images do not tell; no workload: unknown', () => {
    const stated = { fluentBitVersion: parseStatedVersion('1.7') };
    const latest = deploy({ 'cm.yaml': CM, 'a.yaml': ds('a', 'fluent/fluent-bit:latest') }, stated);
    expect(latest.d.versionOf(latest.config('cm.yaml', 'in.conf'))).toMatchObject({ origin: 'flag' });
    const pinned = deploy({ 'cm.yaml': CM, 'a.yaml': ds('a', 'fluent/fluent-bit:2.0.1') }, stated);
    expect(pinned.d.versionOf(pinned.config('cm.yaml', 'in.conf'))).toMatchObject({ origin: 'image' });
    const alone = deploy({ 'cm.yaml': CM });
    expect(alone.d.versionOf(alone.config('cm.yaml', 'in.conf'))).toMatchObject({ origin: 'unknown', runners: [] });
  });

  it('kustomize images: overrides, inner kustomization first, outer last', () => {
    const { d } = deploy({
      'base/ds.yaml': ds('a', 'fluent/fluent-bit:1.6.0'),
      'base/kustomization.yaml': 'resources:\n- ds.yaml\nimages:\n- name: fluent/fluent-bit\n  newTag: "1.7.0"\n',
      'overlay/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- ../base\nimages:\n- name: docker.io/fluent/fluent-bit\n  newName: registry.corp/fluent-bit\n  newTag: 1.10\n',
    });
    const img = d.containers[0]?.image;
    expect(img?.ref.image).toBe('registry.corp/fluent-bit:1.10');
    expect(img?.origin).toBe('kustomize');
    expect(img?.version && formatVersion(img.version)).toBe('1.10');
  });
});

describe('chart values and the operator', () => {
  it('an umbrella chart: the subchart key is the release; its chart ConfigMap and default parsers files', () => {
    const { d } = deploy({
      'values.yaml': 'fluent-bit:\n  image:\n    tag: "2.2.0"\n  config:\n    inputs: |\n      [INPUT]\n          Name tail\n          Path /var/log/containers/*.log\n',
    });
    const w = d.workloads[0];
    expect(w?.label).toBe('Helm values fluent-bit: (values.yaml)');
    const c = w?.containers[0];
    expect(c?.image?.ref.image).toBe('cr.fluentbit.io/fluent/fluent-bit:2.2.0');
    expect(c?.configPath).toBe('/fluent-bit/etc/conf/fluent-bit.conf');
    // the chart's default [SERVICE] loads the stock parsers.conf, then custom_parsers.conf (not in the values: unknown)
    expect(c?.parsersFiles.map((p) => `${p.path} ${p.lookup.kind}`)).toEqual(['/fluent-bit/etc/parsers.conf image', '/fluent-bit/etc/conf/custom_parsers.conf other-key']);
    expect(c?.mounts.map((m) => m.mountPath)).toEqual(['/var/log', '/var/lib/docker/containers', '/etc/machine-id', '/fluent-bit/etc/conf']);
  });

  it('the fluent/fluent-bit chart runs Fluent Bit whatever its image is called: a mirror\'s tag is the version', () => {
    const { d } = deploy({ 'values.yaml': 'image:\n  repository: registry.corp/mirror/fb\n  tag: 1.7.9\nconfig:\n  inputs: |\n    [INPUT]\n        Name tail\n' });
    const c = d.containers[0];
    expect(c?.runsFluentBit).toBe(true);
    expect(c?.version.version && formatVersion(c.version.version)).toBe('1.7.9');
    expect(c?.version.reason).toBe("registry.corp/mirror/fb:1.7.9 (the fluent/fluent-bit chart's image)");
  });

  it('a FluentBit resource runs the inputs its ClusterFluentBitConfig selects', () => {
    const { d } = deploy({
      'fb.yaml': [
        'apiVersion: fluentbit.fluent.io/v1alpha2\nkind: FluentBit\nmetadata:\n  name: fluent-bit\nspec:\n  image: kubesphere/fluent-bit:v1.8.3\n  fluentBitConfigName: cfg\n',
        'apiVersion: fluentbit.fluent.io/v1alpha2\nkind: ClusterFluentBitConfig\nmetadata:\n  name: cfg\nspec:\n  inputSelector:\n    matchLabels:\n      logging: "on"\n',
        'apiVersion: fluentbit.fluent.io/v1alpha2\nkind: ClusterInput\nmetadata:\n  name: tail\n  labels:\n    logging: "on"\nspec:\n  tail:\n    path: /var/log/containers/*.log\n',
        'apiVersion: fluentbit.fluent.io/v1alpha2\nkind: ClusterInput\nmetadata:\n  name: other\nspec:\n  tail:\n    path: /var/log/x.log\n',
      ].join('---\n'),
    });
    const w = d.workloads[0];
    expect(w?.operatorInputs.map((i) => i.name)).toEqual(['tail']);
    expect(w?.containers[0]?.version.version && formatVersion(w.containers[0].version.version)).toBe('1.8.3');
  });

  it('a Secret\'s stringData holds configs like a ConfigMap', () => {
    const { d } = deploy({
      'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: fb\nstringData:\n  fluent-bit.conf: |\n    [INPUT]\n        Name tail\n        Path /var/log/containers/*.log\n',
      'ds.yaml': pod(`      containers:
      - name: fluent-bit
        image: fluent/fluent-bit:2.2.0
        volumeMounts:
        - {name: config, mountPath: /fluent-bit/etc}
`, '      - name: config\n        secret:\n          secretName: fb\n'),
    });
    expect(d.containers[0]?.mainConfig?.kind).toBe('config');
  });
});
