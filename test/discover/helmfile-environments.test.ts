import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fillEnvironmentName, helmfileEnvironments } from '../../src/discover/releases.js';

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
