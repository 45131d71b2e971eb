import { describe, expect, it } from 'vitest';
import { composeBatch, composeInterpolate, composeMainFile, composeMounts, isComposePath } from '../../src/deploy/compose.js';

const one = (path: string, text: string) => composeBatch([{ path, text }]);

describe('isComposePath', () => {
  it('takes compose files and their overrides by name', () => {
    for (const p of ['compose.yaml', 'compose.yml', 'a/docker-compose.yaml', 'docker-compose.yml', 'x/docker-compose.override.yml', 'docker-compose.prod.yaml', 'C:\\x\\compose.yml']) expect(isComposePath(p), p).toBe(true);
    for (const p of ['compose.json', 'my-compose.yml', 'docker-compose', 'values.yaml', 'compose/ds.yaml']) expect(isComposePath(p), p).toBe(false);
  });
});

describe('composeInterpolate', () => {
  it('takes the default of ${VAR:-x} and ${VAR-x}; a bare variable is unknown', () => {
    expect(composeInterpolate('fluent/fluent-bit:${TAG:-1.9}')).toBe('fluent/fluent-bit:1.9');
    expect(composeInterpolate('fluent/fluent-bit:${TAG-2.1.4}')).toBe('fluent/fluent-bit:2.1.4');
    expect(composeInterpolate('a$$b')).toBe('a$b');
    expect(composeInterpolate('fluent/fluent-bit:${TAG}')).toBeUndefined();
    expect(composeInterpolate('fluent/fluent-bit:$TAG')).toBeUndefined();
    expect(composeInterpolate('fluent/fluent-bit:${TAG:?set it}')).toBeUndefined();
  });
});

describe('composeBatch', () => {
  it('reads Fluent Bit services only, their binds (short and long syntax, relative to the file) and version', () => {
    const text = [
      'services:',
      '  web:',
      '    image: nginx',
      '    volumes: ["./x.conf:/etc/x.conf"]',
      '  fb:',
      '    image: fluent/fluent-bit:${FLB:-1.9.10}',
      '    volumes:',
      '      - ./conf/fluent-bit.conf:/fluent-bit/etc/fluent-bit.conf:ro',
      '      - state:/state',
      '      - type: bind',
      '        source: ../shared',
      '        target: /shared/',
      '      - type: volume',
      '        source: logs',
      '        target: /logs',
      '',
    ].join('\n');
    const [s, ...rest] = one('deploy/docker-compose.yml', text);
    expect(rest).toEqual([]);
    expect(s?.name).toBe('fb');
    expect(s?.version).toEqual({ major: 1, minor: 9, patch: 10 });
    expect(s?.binds.map((b) => [b.source, b.target])).toEqual([['deploy/conf/fluent-bit.conf', '/fluent-bit/etc/fluent-bit.conf'], ['shared', '/shared']]);
    expect(text.slice(s?.imageStart, s?.imageEnd)).toBe('fluent/fluent-bit:${FLB:-1.9.10}');
    expect(composeMainFile(s!)?.source).toBe('deploy/conf/fluent-bit.conf');
    expect(composeMounts(s!, 'shared/a.conf')?.target).toBe('/shared');
    expect(composeMounts(s!, 'deploy/other.conf')).toBeUndefined();
  });

  it('reads a service\'s file configs as binds (long syntax at target, short at /<name>); other configs are not host files', () => {
    const text = [
      'services:',
      '  fb:',
      '    image: fluent/fluent-bit:2.2.2',
      '    configs:',
      '      - source: main',
      '        target: /fluent-bit/etc/fluent-bit.conf',
      '      - parsers',
      '      - from-env',
      'configs:',
      '  main:',
      '    file: ./conf/fluent-bit.conf',
      '  parsers:',
      '    file: parsers.conf',
      '  from-env:',
      '    environment: FLB_CONFIG',
      '',
    ].join('\n');
    const [s] = one('deploy/compose.yaml', text);
    expect(s?.binds.map((b) => [b.source, b.target])).toEqual([['deploy/conf/fluent-bit.conf', '/fluent-bit/etc/fluent-bit.conf'], ['deploy/parsers.conf', '/parsers']]);
    expect(composeMainFile(s!)?.source).toBe('deploy/conf/fluent-bit.conf');
  });

  it('reads -c from command and entrypoint, as a list or a string', () => {
    const list = one('compose.yaml', 'services:\n  fb:\n    image: td-agent-bit:1.6\n    command: ["-c", "/c/a.conf"]\n    volumes: ["./c:/c"]\n')[0];
    expect(list?.configArg?.path).toBe('/c/a.conf');
    expect(composeMainFile(list!)?.source).toBe('c/a.conf');
    const text = 'services:\n  fb:\n    image: amazon/aws-for-fluent-bit:${T}\n    entrypoint: /fluent-bit/bin/fluent-bit\n    command: -c /c/b.conf -R /c/p.conf\n';
    const str = one('compose.yaml', text)[0];
    expect(str?.configArg?.path).toBe('/c/b.conf');
    expect(text.slice(str?.configArg?.start, str?.configArg?.end)).toBe('/c/b.conf');
    expect(str?.version).toBeUndefined();
  });

  it('gives an override file the image of the same service in its directory', () => {
    const services = composeBatch([
      { path: 'd/docker-compose.yml', text: 'services:\n  fb:\n    image: fluent/fluent-bit:2.2\n    command: ["-c", "/x/m.conf"]\n' },
      { path: 'd/docker-compose.prod.yml', text: 'services:\n  fb:\n    volumes: ["./prod:/x"]\n' },
      { path: 'e/docker-compose.prod.yml', text: 'services:\n  fb:\n    volumes: ["./prod:/x"]\n' },
    ]);
    expect(services.map((s) => s.path)).toEqual(['d/docker-compose.yml', 'd/docker-compose.prod.yml']);
    expect(composeMainFile(services[1]!)?.source).toBe('d/prod/m.conf');
  });

  it('never throws on what is not a compose file', () => {
    expect(one('compose.yaml', 'services: [\n')).toEqual([]);
    expect(one('compose.yaml', 'services:\n  a: 1\n  b:\n    image: [x]\n')).toEqual([]);
    expect(one('ds.yaml', 'services:\n  fb:\n    image: fluent/fluent-bit\n')).toEqual([]);
  });
});
