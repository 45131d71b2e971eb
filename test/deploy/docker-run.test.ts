import { describe, expect, it } from 'vitest';
import { composeMainFile } from '../../src/deploy/compose.js';
import { dockerHostServices, dockerRunBatch, dockerRunLinksIn } from '../../src/deploy/docker-run.js';

const one = (path: string, text: string) => dockerRunBatch([{ path, text }]);
const binds = (path: string, text: string) => one(path, text).map((s) => s.binds.map((b) => `${b.source} -> ${b.target}`));

describe('dockerRunBatch', () => {
  it('reads a Fluent Bit container of a script: its name, image, version, binds and -c', () => {
    const text = [
      '#!/bin/sh',
      'docker run -d --name flb -it -c 512 -e A=b -p 24224:24224 \\',
      '  -v "$(pwd)/conf:/fluent-bit/etc" -v /var/lib/docker/containers:/var/lib/docker/containers:ro -v db:/db \\',
      '  fluent/fluent-bit:2.2.2 /fluent-bit/bin/fluent-bit -c /fluent-bit/etc/main.conf',
      '',
    ].join('\n');
    const [s] = one('ops/run.sh', text);
    expect(s).toMatchObject({ path: 'ops/run.sh', runner: 'docker run', name: 'flb', image: 'fluent/fluent-bit:2.2.2', version: { major: 2, minor: 2, patch: 2 } });
    // `-c 512` before the image is docker's --cpu-shares, not Fluent Bit's -c; `db:` is a named volume.
    expect(s?.configArg?.path).toBe('/fluent-bit/etc/main.conf');
    expect(s?.binds.map((b) => `${b.source} -> ${b.target}`)).toEqual(['ops/conf -> /fluent-bit/etc', '/var/lib/docker/containers -> /var/lib/docker/containers']);
    expect(text.slice(s?.imageStart, s?.imageEnd)).toBe('fluent/fluent-bit:2.2.2');
    expect(composeMainFile(s!)?.source).toBe('ops/conf/main.conf');
  });

  it('reads `docker container run|create`, docker global options, sudo, --mount binds and --entrypoint', () => {
    expect(binds('a.sh', 'sudo docker -H unix:///run/docker.sock container create --mount type=bind,src=./fb.conf,dst=/fluent-bit/etc/fluent-bit.conf,readonly fluent/fluent-bit\n')).toEqual([['fb.conf -> /fluent-bit/etc/fluent-bit.conf']]);
    expect(binds('a.sh', 'docker run --mount type=volume,source=conf,target=/fluent-bit/etc fluent/fluent-bit\n')).toEqual([[]]);
    const [s] = one('a.sh', 'docker run --entrypoint /fluent-bit/bin/fluent-bit -v ./c:/c fluent/fluent-bit:3.1 -c /c/x.conf\n');
    expect(s?.configArg?.path).toBe('/c/x.conf');
    expect(one('a.sh', 'docker create -itv ./c:/c fluent/fluent-bit\n').map((x) => x.binds.length)).toEqual([1]);
  });

  it('leaves other images, other docker commands and unplaced sources alone', () => {
    expect(one('a.sh', 'docker run -v ./c:/c nginx\n')).toEqual([]);
    expect(one('a.sh', 'docker pull fluent/fluent-bit\ndocker ps\n')).toEqual([]);
    expect(one('a.txt', 'docker run fluent/fluent-bit\n')).toEqual([]);
    // A variable the script does not set, an unknown `cd`, `~`.
    expect(binds('a.sh', 'docker run -v "$CONF:/c" -v ~/x:/x fluent/fluent-bit\n')).toEqual([[]]);
    expect(binds('a.sh', 'cd "$SOMEWHERE"\ndocker run -v ./c:/c fluent/fluent-bit\n')).toEqual([[]]);
    // A known cd, and the idioms naming the script's directory.
    expect(binds('x/a.sh', 'cd conf\ndocker run -v "$PWD:/c" -v "$(dirname "$0")/p:/p" fluent/fluent-bit\n')).toEqual([['x/conf -> /c', 'x/p -> /p']]);
  });

  it('takes the image from variables the file sets to a literal', () => {
    const img = (path: string, text: string) => one(path, text).map((s) => `${s.resolvedImage} ${s.version ? 'v' : '?'}`);
    expect(img('a.sh', 'TAG=2.1.10\nIMAGE="fluent/fluent-bit:${TAG}"\ndocker run "$IMAGE"\n')).toEqual(['fluent/fluent-bit:2.1.10 v']);
    expect(img('a.sh', 'docker run fluent/fluent-bit:${TAG:-1.9.10}\n')).toEqual(['fluent/fluent-bit:1.9.10 v']);
    // Set twice to different values: not known; the repository still tells a Fluent Bit image.
    expect(img('a.sh', 'TAG=1\nTAG=2\ndocker run fluent/fluent-bit:$TAG\n')).toEqual(['fluent/fluent-bit:$TAG ?']);
    expect(img('Makefile', 'IMAGE ?= cr.fluentbit.io/fluent/fluent-bit:3.0.7\nrun:\n\tdocker run -v $(CURDIR)/f.conf:/f.conf $(IMAGE)\n')).toEqual(['cr.fluentbit.io/fluent/fluent-bit:3.0.7 v']);
    expect(binds('Makefile', 'run:\n\tdocker run -v $(CURDIR)/f.conf:/f.conf -v $(CONF)/x:/x fluent/fluent-bit\n')).toEqual([['f.conf -> /f.conf']]);
  });

  it('joins compose services and docker run containers', () => {
    const files = [
      { path: 'compose.yaml', text: 'services:\n  fb:\n    image: fluent/fluent-bit:3.1\n' },
      { path: 'run.sh', text: 'docker run fluent/fluent-bit:3.1\n' },
    ];
    expect(dockerHostServices(files).map((s) => s.runner)).toEqual(['docker-compose', 'docker run']);
  });
});

describe('dockerRunLinksIn', () => {
  it('links a script and the inputs its Fluent Bit container binds', () => {
    const inputs = ['scripts/run.sh', 'conf/fluent-bit.conf', 'conf/parsers.conf', 'other/x.conf'];
    expect(dockerRunLinksIn('scripts/run.sh', 'docker run -v "$(dirname "$0")/../conf:/fluent-bit/etc" fluent/fluent-bit\n', inputs)).toEqual(['scripts/run.sh', 'conf/fluent-bit.conf', 'conf/parsers.conf']);
    expect(dockerRunLinksIn('scripts/run.sh', 'docker run -v ../conf:/x nginx\n', inputs)).toEqual([]);
  });
});
