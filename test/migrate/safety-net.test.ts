import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/migrate.js';
import type { MigrateOptions } from '../../src/migrate/types.js';

/*
 * The safety net (unhandled-docker-setting): each Docker-era signal of
 * issue #11, planted in a shape no recognizer reads, is reported once at its
 * position; comments are not; signals a recognizer or rule consumed are not
 * reported again.
 */

const SIGNALS: readonly { readonly kind: string; readonly setting: string; readonly yaml: string; readonly conf: string }[] = [
  { kind: 'data root', setting: '/var/lib/docker/containers', yaml: 'logDir: /var/lib/docker/containers', conf: 'log_dir = /var/lib/docker/containers' },
  { kind: 'custom data root', setting: '/data/docker/containers', yaml: 'logDir: /data/docker/containers', conf: 'log_dir = /data/docker/containers' },
  { kind: 'Parser docker', setting: 'parser: docker', yaml: 'parser: docker', conf: 'Parser docker' },
  { kind: 'Docker_Mode', setting: 'Docker_Mode', yaml: 'Docker_Mode: "On"', conf: 'Docker_Mode On' },
  { kind: 'docker.sock', setting: 'docker.sock', yaml: 'socket: unix:///var/run/docker.sock', conf: 'socket = unix:///var/run/docker.sock' },
  { kind: 'docker.service', setting: 'docker.service', yaml: 'unit: docker.service', conf: 'unit = docker.service' },
  { kind: '-json.log', setting: '-json.log', yaml: "exclude: '*_kube-system_*-json.log'", conf: 'exclude = *-json.log' },
];

const RT: MigrateOptions = { runtime: 'containerd' };

function net(files: { path: string; text: string }[], options: MigrateOptions = RT): { path: string; line: number; message: string }[] {
  return migrate(files, options).files.flatMap((f) => f.findings.filter((x) => x.ruleId === 'unhandled-docker-setting').map((x) => ({ path: x.path, line: x.line, message: x.message })));
}

describe('the safety net plants each signal in an unknown shape and sees the warning', () => {
  for (const s of SIGNALS) {
    it(`${s.kind} in a field of an unknown custom resource`, () => {
      const text = `apiVersion: example.com/v1\nkind: Shipper\nmetadata:\n  name: x\nspec:\n  ${s.yaml}\n`;
      const found = net([{ path: 'shipper.yaml', text }]);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ path: 'shipper.yaml', line: 6 });
      expect(found[0]?.message).toContain(`Docker-era setting found where flb-migrate cannot edit it: ${s.setting}`);
    });

    it(`${s.kind} in a JSON file`, () => {
      const [key, ...rest] = s.yaml.split(': ');
      const value = rest.join(': ').replace(/^['"]|['"]$/g, '');
      const text = `{\n  "agent": {\n    "${key}": "${value}"\n  }\n}\n`;
      const found = net([{ path: 'agent.json', text }]);
      expect(found.map((f) => f.line)).toEqual([3]);
    });

    it(`${s.kind} in a .conf of another tool, not in its comments`, () => {
      const text = `[agent]\n# ${s.conf}\n; ${s.conf}\n${s.conf}\n`;
      const found = net([{ path: 'agent.conf', text }]);
      expect(found.map((f) => f.line)).toEqual([4]);
    });

    it(`${s.kind} in a YAML comment is not a setting`, () => {
      const text = `apiVersion: example.com/v1\nkind: Shipper\nmetadata:\n  name: x\nspec:\n  # ${s.yaml}\n  other: 1\n`;
      expect(net([{ path: 'shipper.yaml', text }])).toEqual([]);
    });
  }

  it('a signal inside chart values written as a string, at its line in the file; a comment there is not', () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata:',
      '  name: other',
      'spec:',
      '  source:',
      '    repoURL: https://charts.example.com',
      '    chart: log-agent',
      '    helm:',
      '      values: |',
      '        # hostPath: /var/lib/docker/containers',
      '        agent:',
      '          hostLogs: /var/lib/docker/containers',
      '',
    ].join('\n');
    expect(net([{ path: 'app.yaml', text }]).map((f) => f.line)).toEqual([13]);
  });

  it('each signal is reported once, however many patterns see it', () => {
    const text = 'apiVersion: example.com/v1\nkind: Shipper\nmetadata:\n  name: x\nspec:\n  path: /var/lib/docker/containers/*/*-json.log\n';
    expect(net([{ path: 'shipper.yaml', text }])).toHaveLength(1);
  });
});

describe('what a recognizer or rule consumed is not reported again', () => {
  it('a Fluent Bit config that was migrated, a mount that was removed, a socket that was reported', () => {
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fb\ndata:\n  fluent-bit.conf: |\n    [INPUT]\n        Name   tail\n        Path   /var/lib/docker/containers/*/*-json.log\n        Parser docker\n        Docker_Mode On\n';
    const daemonSet = [
      'apiVersion: apps/v1', 'kind: DaemonSet', 'metadata:', '  name: fb', 'spec:', '  template:', '    spec:', '      containers:',
      '      - name: fb', '        image: fluent/fluent-bit:2.2.2', '        volumeMounts:',
      '        - {name: varlog, mountPath: /var/log}', '        - {name: docker, mountPath: /var/lib/docker/containers}', '        - {name: sock, mountPath: /var/run/docker.sock}', '        - {name: config, mountPath: /fluent-bit/etc/}',
      '      volumes:', '      - {name: varlog, hostPath: {path: /var/log}}', '      - {name: docker, hostPath: {path: /var/lib/docker/containers}}', '      - {name: sock, hostPath: {path: /var/run/docker.sock}}', '      - {name: config, configMap: {name: fb}}', '',
    ].join('\n');
    expect(net([{ path: 'cm.yaml', text: configMap }, { path: 'ds.yaml', text: daemonSet }])).toEqual([]);
  });

  it('a Helm template is one TEMPLATE_SYNTAX warning for the file, not one finding per signal', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  in.conf: |\n    [INPUT]\n        Parser {{ .Values.parser | default "docker" }}\n        Path /var/lib/docker/containers/*/*.log\n';
    const r = migrate([{ path: 'chart/templates/cm.yaml', text }], RT).files[0];
    expect(r?.findings.filter((f) => f.ruleId === 'unhandled-docker-setting')).toEqual([]);
    expect(r?.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning TEMPLATE_SYNTAX']);
  });

  it('cri-dockerd keeps Docker: nothing is reported; --keep-docker-mount keeps its files', () => {
    const text = 'apiVersion: example.com/v1\nkind: Shipper\nmetadata:\n  name: x\nspec:\n  logDir: /var/lib/docker/containers\n  socket: /var/run/docker.sock\n';
    expect(net([{ path: 's.yaml', text }], { runtime: 'cri-dockerd' })).toEqual([]);
    expect(net([{ path: 's.yaml', text }], { runtime: 'containerd', keepDockerMount: true }).map((f) => f.line)).toEqual([7]);
  });

  it('a file with an error is not scanned (its error says enough)', () => {
    expect(net([{ path: 'bad.yaml', text: 'a: [\nlogDir: /var/lib/docker/containers\n' }])).toEqual([]);
  });

  it('counts like any other warning', () => {
    const text = 'apiVersion: example.com/v1\nkind: Shipper\nmetadata:\n  name: x\nspec:\n  logDir: /var/lib/docker/containers\n';
    const f = migrate([{ path: 's.yaml', text }], RT).files[0];
    expect(f?.findings.map((x) => x.severity)).toEqual(['warning']);
    expect(f?.changed).toBe(false);
  });
});
