import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeMigrate, configMap, type FakeMigrate } from './helpers/fake-migrate.js';

// The codemod's contract is checked against the fake rules (exact, stable
// findings and errors); codemod-real.test.ts and pack.test.ts run the real one.
let fake: FakeMigrate;
vi.mock('../../src/migrate/migrate.js', () => ({
  migrate: (...args: Parameters<FakeMigrate['migrate']>) => fake.migrate(...args),
}));
const { default: transform, CodemodFileError } = await import('../../src/codemod.js');

beforeEach(() => {
  fake = createFakeMigrate();
});

describe('codemod transform', () => {
  it('returns the migrated source, defaulting to containerd', () => {
    const out = transform({ path: 'cm.yaml', source: configMap('fb') }, {}, {});
    expect(out).toBe(configMap('fb').replace('Parser docker', 'multiline.parser docker, cri'));
    expect(fake.options).toEqual([{ runtime: 'containerd', criOnly: false, keepDockerMount: false }]);
    expect(fake.calls).toEqual([['cm.yaml']]);
  });

  it('maps jscodeshift options, including string booleans', () => {
    transform({ path: 'a.conf', source: '' }, {}, { runtime: 'cri-o', criOnly: 'true', keepDockerMount: true, podLogsDir: '/data/pods', parser: 'babel' });
    expect(fake.options).toEqual([{ runtime: 'cri-o', criOnly: true, keepDockerMount: true, podLogsDir: '/data/pods' }]);
  });

  it('returns undefined when nothing changes', () => {
    expect(transform({ path: 'svc.yaml', source: 'kind: Service\n' }, {}, {})).toBeUndefined();
  });

  it('throws for a file with errors (jscodeshift counts it as an error) and when migrate breaks', () => {
    const reports: string[] = [];
    const api = { report: (m: string) => reports.push(m) };
    expect(() => transform({ path: 'chart.yaml', source: `${configMap('fb')}x: {{ .Values }}\n` }, api, {})).toThrow(
      'chart.yaml: not migrated (an error): chart.yaml:11:4: TEMPLATE_SYNTAX Helm template syntax is not YAML',
    );
    expect(() => transform({ path: 'chart.yaml', source: 'x: {{ .Values }}\n' }, api, {})).toThrow(CodemodFileError);
    expect(() => transform({ path: 'boom.yaml', source: 'THROW' }, api, {})).toThrow('Overlapping edit from tail-path and docker-to-cri');
    expect(reports).toEqual([]);
  });

  it('reports warnings through api.report when jscodeshift provides it', () => {
    const reports: string[] = [];
    transform({ path: 'cm.yaml', source: configMap('fb', 'Docker_Mode On') }, { report: (m: string) => reports.push(m) }, {});
    expect(reports).toEqual(['cm.yaml:11:9: warning DOCKER_MODE Docker_Mode has no CRI equivalent; review']);
  });

  it('throws for an invalid runtime option, so a typo is not a silent no-op', () => {
    expect(() => transform({ path: 'a.yaml', source: '' }, {}, { runtime: 'docker' })).toThrow(new TypeError("flb-migrate codemod: invalid runtime 'docker': expected one of containerd, cri-o, cri-dockerd"));
  });
});
