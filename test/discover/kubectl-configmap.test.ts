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
    expect(read('kubectl create secret tls fb --cert=a.crt --key=a.key\nkubectl get configmap fb\necho kubectl create configmap x\n')).toEqual([]);
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
        kind: 'ConfigMap',
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
        complete: true,
      },
    ]);
    // A source naming no file of the batch (not among the inputs, or a path not followed): the object has keys we do not know.
    const missing = [discovery('r/deploy.sh', 'kubectl create cm fb --from-file=a.conf --from-file=gone.conf\n'), discovery('r/a.conf')];
    expect(scriptConfigMaps(missing).map((s) => [s.files.map((f) => f.key), s.complete])).toEqual([[['a.conf'], false]]);
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
    expect(hasMarker('kubectl create secret generic fb --from-file=fluent-bit.conf\n')).toBe(true);
    expect(hasMarker('kubectl create secret \\\n  generic fb --from-file=fluent-bit.conf\n')).toBe(true);
    expect(hasMarker('kubectl create secret tls fb --cert=tls.crt --key=tls.key\n')).toBe(false);
    expect(hasMarker('kubectl create secret generic fb --from-literal=password=x\n')).toBe(false);
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

describe('kubectl create secret generic (the same generator, kind Secret)', () => {
  it('reads the name after `generic`, --type and the same flags', () => {
    const text = 'kubectl -n logging create secret generic fb-secret --type=Opaque --from-file=fluent-bit.conf --from-file=conf/ --dry-run=client -o yaml | kubectl apply -f -\nkubectl create secret generic other --type Opaque --from-file=x.conf\n';
    expect(kubectlConfigMapCommands(text).map((c) => [c.kind, c.name?.value, c.namespace, c.files.map((f) => f.resolved)])).toEqual([
      ['Secret', 'fb-secret', 'logging', ['fluent-bit.conf', 'conf']],
      ['Secret', 'other', undefined, ['x.conf']],
    ]);
  });

  it('makes a Secret object of the batch files', () => {
    const batch = [discovery('r/deploy.sh', 'kubectl create secret generic fb --from-file=conf/ -n logging\n'), discovery('r/conf/fluent-bit.conf'), discovery('r/ds.yaml')];
    expect(scriptConfigMaps(batch).map((s) => [s.kind, s.name, s.files.map((f) => f.path)])).toEqual([['Secret', 'fb', ['r/conf/fluent-bit.conf']]]);
  });

  it('the CLI batching joins a manifest naming the Secret (secretName, a projected source\'s name)', async () => {
    const { mayNameConfigMap } = await import('../../src/deploy/script-configmaps.js');
    expect(mayNameConfigMap('volumes:\n  - name: config\n    secret:\n      secretName: fb\n', 'fb')).toBe(true);
    expect(mayNameConfigMap('sources:\n  - secret:\n      name: "fb"\n', 'fb')).toBe(true);
    expect(mayNameConfigMap('volumes:\n  - name: fb\n    emptyDir: {}\n', 'fb')).toBe(false);
  });
});

/** Each command's sources as resolved against the script's directory (undefined: not followed). */
const resolved = (text: string, make = false) => kubectlConfigMapCommands(text, { make }).map((c) => c.files.map((f) => f.resolved));

describe('paths naming the script\'s own directory (src/discover/script-dirs.ts)', () => {
  it('resolves the idioms like a bare relative path', () => {
    const idioms = [
      '"$(dirname "$0")/conf"',
      '$(dirname $0)/conf',
      '"`dirname $0`/conf"',
      '"$(dirname -- "${BASH_SOURCE[0]}")/conf"',
      '"$(dirname "$BASH_SOURCE")/conf"',
      '"${BASH_SOURCE%/*}/conf"',
      '"${BASH_SOURCE[0]%/*}/conf"',
      '${0%/*}/conf',
      '"$(dirname "$(realpath "$0")")/conf"',
      '"$(dirname "$(readlink -f "$0")")/conf"',
      '"$(realpath "$(dirname "$0")")/conf"',
      '"$(cd "$(dirname "$0")" && pwd)/conf"',
      '"$( cd -- "$( dirname -- "${BASH_SOURCE[0]}" )" &> /dev/null && pwd )/conf"',
      '"$(cd "$(dirname "$0")" >/dev/null 2>&1; pwd -P)/conf"',
    ];
    for (const p of idioms) expect(resolved(`kubectl create cm fb --from-file=${p}\n`), p).toEqual([['conf']]);
    expect(resolved('kubectl create cm fb --from-file="$(dirname "$0")"\n')).toEqual([['']]);
    expect(resolved('kubectl create cm fb --from-file="$(cd "$(dirname "$0")/.." && pwd)/config/fluent-bit.conf"\n')).toEqual([['../config/fluent-bit.conf']]);
  });

  it('follows a variable the script set to one of them (DIR, SCRIPT_DIR, SCRIPTPATH; export, readonly, local)', () => {
    const cases: [string, string][] = [
      ['DIR=$(cd "$(dirname "$0")" && pwd)\n', '"$DIR/fluent-bit.conf"'],
      ['SCRIPT_DIR="$( cd "$( dirname "${BASH_SOURCE[0]}" )" >/dev/null 2>&1 && pwd )"\n', '"${SCRIPT_DIR}/fluent-bit.conf"'],
      ['SCRIPTPATH="$(cd -- "$(dirname "$0")" >/dev/null 2>&1 ; pwd -P)"\n', '"$SCRIPTPATH/fluent-bit.conf"'],
      ['export HERE=$(dirname "$(readlink -f "$0")")\n', '$HERE/fluent-bit.conf'],
      ['readonly BASE="$(dirname "$0")"\nROOT="$BASE/.."\nCONF=$ROOT/config\n', '"$CONF/../fluent-bit.conf"'],
    ];
    for (const [set, path] of cases) expect(resolved(`#!/bin/bash\n${set}kubectl create cm fb --from-file=${path}\n`), set).toEqual([[set.includes('ROOT') ? '../fluent-bit.conf' : 'fluent-bit.conf']]);
  });

  it('does not follow anything else: another variable, one set after the command or set again, a Makefile', () => {
    expect(resolved('kubectl create cm fb --from-file="$CONF_DIR/fluent-bit.conf"\n')).toEqual([[undefined]]);
    expect(resolved('kubectl create cm fb --from-file="$DIR/a.conf"\nDIR=$(dirname "$0")\n')).toEqual([[undefined]]);
    expect(resolved('DIR=$(dirname "$0")\nDIR=$1\nkubectl create cm fb --from-file="$DIR/a.conf"\n')).toEqual([[undefined]]);
    expect(resolved('DIR=$(dirname "$0")\nkubectl create cm fb --from-file="${DIR:-.}/a.conf"\n')).toEqual([[undefined]]);
    expect(resolved('DIR=$(pwd)\nkubectl create cm fb --from-file="$DIR/a.conf" --from-file="$(dirname "$1")/b.conf" --from-file="$(cd "$X" && pwd)/c"\n')).toEqual([[undefined, undefined, undefined]]);
    expect(resolved('deploy:\n\tkubectl create cm fb --from-file=$(dirname $0)/a.conf\n', true)).toEqual([[undefined]]);
  });
});

describe('a cd before the command (src/discover/script-dirs.ts)', () => {
  it('resolves the sources from a literal directory or an idiom; pushd and popd', () => {
    expect(resolved('cd config\nkubectl create cm fb --from-file=fluent-bit.conf\n')).toEqual([['config/fluent-bit.conf']]);
    expect(resolved('cd "$(dirname "$0")/../config" || exit 1\nkubectl create cm fb --from-file=fluent-bit.conf --from-file=.\n')).toEqual([['../config/fluent-bit.conf', '../config']]);
    expect(resolved('cd "$(dirname "$0")"\ncd ../conf\nkubectl create cm fb --from-file=a.conf\n')).toEqual([['../conf/a.conf']]);
    expect(resolved('pushd conf >/dev/null\nkubectl create cm fb --from-file=a.conf\npopd\nkubectl create cm fb2 --from-file=b.conf\n')).toEqual([['conf/a.conf'], ['b.conf']]);
    expect(resolved('DIR=$(cd "$(dirname "$0")" && pwd)\ncd "$DIR/conf" && kubectl create cm fb --from-file=a.conf\n')).toEqual([['conf/a.conf']]);
  });

  it('a cd inside ( ... ) ends with the subshell; a Makefile recipe line is a shell of its own', () => {
    expect(resolved('(cd conf && kubectl create cm fb --from-file=a.conf)\nkubectl create cm fb2 --from-file=b.conf\n')).toEqual([['conf/a.conf'], ['b.conf']]);
    expect(resolved('deploy:\n\tcd config && kubectl create cm fb --from-file=a.conf\n\tkubectl create cm fb2 --from-file=b.conf\n', true)).toEqual([['config/a.conf'], ['b.conf']]);
    expect(resolved('deploy:\n\tcd config; \\\n\t  kubectl create cm fb --from-file=a.conf\n', true)).toEqual([['config/a.conf']]);
  });

  it('an unknown directory (a variable, cd -, cd alone, ~) leaves the sources unknown until a known cd', () => {
    for (const cd of ['cd "$CONF"', 'cd -', 'cd', 'cd ~/conf', 'popd']) expect(resolved(`${cd}\nkubectl create cm fb --from-file=a.conf\n`), cd).toEqual([[undefined]]);
    expect(resolved('cd "$CONF"\ncd sub\nkubectl create cm fb --from-file=a.conf\n')).toEqual([[undefined]]);
    expect(kubectlConfigMapCommands('cd "$CONF"\ncd sub\nkubectl create cm fb --from-file=a.conf\n')[0]?.lost).toBe('cd $CONF');
    expect(resolved('cd "$CONF"\ncd "$(dirname "$0")"\nkubectl create cm fb --from-file=a.conf\n')).toEqual([['a.conf']]);
    // A path naming the script's directory does not depend on the working directory.
    expect(resolved('cd "$CONF"\nkubectl create cm fb --from-file="$(dirname "$0")/a.conf"\n')).toEqual([['a.conf']]);
  });
});
