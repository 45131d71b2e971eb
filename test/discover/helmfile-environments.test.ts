import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fillEnvironmentName, helmfileEnvironments, helmfileLayers } from '../../src/discover/releases.js';
import { mayHoldHelmfileLayers } from '../../src/migrate/helmfile-layers.js';

const roots = (text: string): unknown[] => parseAllDocuments(text).map((d) => (Array.isArray(d) ? undefined : d.contents));

describe('fillEnvironmentName', () => {
  it('fills .Environment.Name, $.Environment.Name and a default after it', () => {
    expect(fillEnvironmentName('values/{{ .Environment.Name }}.yaml', 'prod')).toBe('values/prod.yaml');
    expect(fillEnvironmentName('envs/{{$.Environment.Name}}/{{ .Environment.Name }}.yaml', 'qa')).toBe('envs/qa/qa.yaml');
    expect(fillEnvironmentName('values/{{ .Environment.Name | default "default" }}.yaml', 'prod')).toBe('values/prod.yaml');
    expect(fillEnvironmentName('values/common.yaml', 'prod')).toBe('values/common.yaml');
  });

  it('leaves any other action unfilled', () => {
    expect(fillEnvironmentName('values/{{ requiredEnv "ENV" }}.yaml', 'prod')).toBeUndefined();
    expect(fillEnvironmentName('values/{{ .Values.cluster }}.yaml', 'prod')).toBeUndefined();
    expect(fillEnvironmentName('values/{{- .Environment.Name }}.yaml', 'prod')).toBeUndefined();
    expect(fillEnvironmentName('values/{{ .Environment.Name | lower }}.yaml', 'prod')).toBeUndefined();
    expect(fillEnvironmentName('values/{{ .Environment.Name .yaml', 'prod')).toBeUndefined();
  });
});

describe('helmfileEnvironments', () => {
  it('reads the environments of every document, else default', () => {
    expect(helmfileEnvironments(roots('environments:\n  prod: {}\n  staging: {}\n---\nreleases: []\n'))).toEqual(['prod', 'staging']);
    expect(helmfileEnvironments(roots('releases: []\n'))).toEqual(['default']);
  });

  it('is unknown when bases or a templated key may bring others', () => {
    expect(helmfileEnvironments(roots('bases:\n  - envs.yaml\n---\nreleases: []\n'))).toBeUndefined();
    expect(helmfileEnvironments(roots('environments:\n  "{{ env \\"X\\" }}": {}\nreleases: []\n'))).toBeUndefined();
  });
});

describe('helmfile layers', () => {
  it('takes the environments of the bases first, then its own', () => {
    expect(helmfileEnvironments(roots('bases:\n  - envs.yaml\n---\nenvironments:\n  qa: {}\n  prod: {}\nreleases: []\n'), ['prod', 'staging'])).toEqual(['prod', 'staging', 'qa']);
    expect(helmfileEnvironments(roots('bases:\n  - envs.yaml\nreleases: []\n'), [])).toEqual(['default']);
  });

  it('lists bases and nested helmfiles (strings and {path}), marking remote and templated paths', () => {
    const layers = helmfileLayers(roots('bases:\n  - envs.yaml\n  - "{{ env \\"BASE\\" }}.yaml"\nhelmfiles:\n  - apps/*/helmfile.yaml\n  - path: sub/logging.yaml\n    values: [{a: 1}]\n  - git::https://example.com/x.git@helmfile.yaml\n  - path: ""\n'));
    expect(layers.map((l) => [l.kind, l.path, l.unfollowed])).toEqual([
      ['base', 'envs.yaml', undefined],
      ['base', '{{ env "BASE" }}.yaml', 'templated'],
      ['nested', 'apps/*/helmfile.yaml', undefined],
      ['nested', 'sub/logging.yaml', undefined],
      ['nested', 'git::https://example.com/x.git@helmfile.yaml', 'remote'],
    ]);
  });

  it('finds the keys only at the top of a line', () => {
    expect(mayHoldHelmfileLayers('bases:\n  - a.yaml\n')).toBe(true);
    expect(mayHoldHelmfileLayers('x: 1\nhelmfiles :\n')).toBe(true);
    expect(mayHoldHelmfileLayers('spec:\n  bases:\n')).toBe(false);
  });
});
