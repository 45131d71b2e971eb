import { describe, expect, it } from 'vitest';
import { kubectlConfigMapCommands } from '../../src/discover/kubectl-configmap.js';
import { scriptConfigMapLinksIn, scriptConfigMaps } from '../../src/deploy/script-configmaps.js';
import type { Discovery } from '../../src/discover/discovery-types.js';

/*
 * `kubectl create configmap|cm` commands of shell scripts and Makefiles (src/discover/kubectl-configmap.ts) and the
 * ConfigMaps they make of the batch's files (src/deploy/script-configmaps.ts); fixtures/sources/kubectl-configmap
 * shows whole runs.
 */

const read = (text: string) =>
  kubectlConfigMapCommands(text).map((c) => ({ name: c.name?.value, namespace: c.namespace, files: c.files.map((f) => `${f.key}=${f.path}`), literals: c.literals, appendHash: c.appendHash }));

describe('kubectlConfigMapCommands', () => {
  it('reads attached and separate --from-file, KEY=PATH, -n and a pipe to apply', () => {
    const text = 'kubectl create configmap fb-config \\\n  --from-file=fluent-bit.conf=conf/main.conf \\\n  --from-file parsers.conf -n logging --dry-run=client -o yaml | kubectl apply -f -\n';
    expect(read(text)).toEqual([{ name: 'fb-config', namespace: 'logging', files: ['fluent-bit.conf=conf/main.conf', 'parsers.conf=parsers.conf'], literals: [], appendHash: false }]);
  });

  it('reads cm, --namespace=, -nNS, -n=NS, global flags before create, a directory and Makefile recipe prefixes', () => {
    expect(read('\t@kubectl create cm fb --from-file=config/ --namespace=logging\n')).toEqual([{ name: 'fb', namespace: 'logging', files: ['config=config/'], literals: [], appendHash: false }]);
    expect(read('kubectl --context prod -nlogging create configmap fb --from-file=a.conf\n')[0]?.namespace).toBe('logging');
    expect(read('kubectl create configmap fb -n=ops --from-file="dir with space/a.conf"\n')[0]).toMatchObject({ namespace: 'ops', files: ['a.conf=dir with space/a.conf'] });
  });

  it('keeps literals, variables and --append-hash as written; skips other kubectl commands', () => {
    expect(read('kubectl create configmap "$NAME" --from-file=$(CONF_DIR) --from-literal=LEVEL=info --append-hash\n')).toEqual([
      { name: '$NAME', namespace: undefined, files: ['$(CONF_DIR)=$(CONF_DIR)'], literals: ['LEVEL'], appendHash: true },
    ]);
    expect(read('kubectl create secret generic fb --from-file=a.conf\nkubectl get configmap fb\necho kubectl create configmap x\n')).toEqual([]);
  });
});

const discovery = (path: string, text = ''): Discovery => ({ path, text }) as unknown as Discovery;

describe('scriptConfigMaps', () => {
  it('resolves files against the script directory; a directory is the batch files directly in it', () => {
    const batch = [
      discovery('repo/ops/deploy.sh', 'kubectl create cm fb --from-file=../conf --from-file=x=../one.conf -n logging\nkubectl create cm "$N" --from-file=../one.conf\n'),
      discovery('repo/conf/fluent-bit.conf'),
      discovery('repo/conf/parsers.conf'),
      discovery('repo/conf/sub/deep.conf'),
      discovery('repo/one.conf'),
    ];
    expect(scriptConfigMaps(batch)).toEqual([
      {
        name: 'fb',
        namespace: 'logging',
        files: [
          { key: 'fluent-bit.conf', path: 'repo/conf/fluent-bit.conf', named: false },
          { key: 'parsers.conf', path: 'repo/conf/parsers.conf', named: false },
          { key: 'x', path: 'repo/one.conf', named: true },
        ],
        start: 0,
        literals: [],
        script: 'repo/ops/deploy.sh',
      },
    ]);
  });

  it('links a script with its files for the CLI batching', () => {
    const text = 'kubectl create configmap fb --from-file=../conf/ --from-file=../top.conf\n';
    expect(scriptConfigMapLinksIn('r/ops/Makefile', text, ['r/ops/Makefile', 'r/conf/a.conf', 'r/conf/sub/b.conf', 'r/top.conf', 'r/other.conf'])).toEqual(['r/ops/Makefile', 'r/conf/a.conf', 'r/top.conf']);
    expect(scriptConfigMapLinksIn('r/ops/notes.txt', text, ['r/top.conf'])).toEqual([]);
  });
});

describe('the prefilter reads a script making a ConfigMap of files', () => {
  it('has a marker with kubectl create configmap|cm and --from-file, not without --from-file', async () => {
    const { hasMarker } = await import('../../src/discover/prefilter.js');
    expect(hasMarker('#!/bin/sh\nkubectl create cm logs --from-file=conf/\n')).toBe(true);
    expect(hasMarker('kubectl -n ops create configmap logs \\\n  --from-file=main.conf\n')).toBe(true);
    expect(hasMarker('kubectl create configmap app --from-literal=a=b\n')).toBe(false);
    expect(hasMarker('kubectl create secret generic tls --from-file=tls.crt\n')).toBe(false);
  });
});

describe('scriptConfigMapNames (the CLI joins only manifests of the script\'s project)', () => {
  it('scopes a name to the smallest directory holding the script and its sources', async () => {
    const { isInScope, scriptConfigMapNames } = await import('../../src/deploy/script-configmaps.js');
    expect(scriptConfigMapNames('t/p1/ops/cm.sh', 'kubectl create cm fb --from-file=../conf\nkubectl create cm "$X" --from-file=a.conf\n')).toEqual([{ name: 'fb', scope: 't/p1' }]);
    expect(scriptConfigMapNames('t/p2/Makefile', '\tkubectl create cm fb --from-file=config/\n')).toEqual([{ name: 'fb', scope: 't/p2' }]);
    expect(isInScope('t/p1/k8s/ds.yaml', 't/p1')).toBe(true);
    expect(isInScope('t/p2/ds.yaml', 't/p1')).toBe(false);
    expect(isInScope('t/p10/ds.yaml', 't/p1')).toBe(false);
  });
});
