import { describe, expect, it } from 'vitest';
import { helmCommandLines } from '../../src/discover/shell-helm.js';
import { scriptSetFileLinksIn } from '../../src/deploy/script-releases.js';

/*
 * helm command lines of shell scripts and Makefiles (src/discover/shell-helm.ts);
 * fixtures/sources/foreign-languages/helm-set-file-image-tag shows whole runs.
 */

const pairs = (text: string) => helmCommandLines(text).map((c) => ({ sub: c.subcommand, chart: c.chart, repo: c.repo, sets: c.sets.map((s) => `${s.flag} ${s.key}=${s.value}`) }));

describe('helmCommandLines', () => {
  it('reads continued lines, quotes, --flag=value, comma-separated pairs and the chart', () => {
    const text = 'helm upgrade --install logs fluent/fluent-bit \\\n  -n logging --set "image.tag=1.7.9,a={x,y}" \\\n  --set-file=config.inputs=\'in puts.conf\' --wait\necho done --set image.tag=9\n';
    expect(pairs(text)).toEqual([{ sub: 'upgrade', chart: 'fluent/fluent-bit', repo: undefined, sets: ['set image.tag=1.7.9', 'set a={x,y}', 'set-file config.inputs=in puts.conf'] }]);
  });

  it('stops at ;, && and comments; takes Makefile recipe prefixes and --repo', () => {
    const text = '\t@helm install fb fluent-bit --repo https://fluent.github.io/helm-charts --set image.tag=2.2.2 # --set image.tag=1.0\n\t-helm template x fluent/fluent-bit; helm --set image.tag=3\n';
    expect(pairs(text)).toEqual([
      { sub: 'install', chart: 'fluent-bit', repo: 'https://fluent.github.io/helm-charts', sets: ['set image.tag=2.2.2'] },
      { sub: 'template', chart: 'fluent/fluent-bit', repo: undefined, sets: [] },
    ]);
  });

  it('keeps variables as written and gives up on an unclosed quote', () => {
    expect(pairs('helm upgrade x fluent/fluent-bit --set image.tag=$(TAG) --set "image.repository=${REPO}"\n')[0]?.sets).toEqual(['set image.tag=$(TAG)', 'set image.repository=${REPO}']);
    expect(pairs('helm upgrade x fluent/fluent-bit --set \'image.tag=1\n')[0]?.sets).toEqual([]);
  });

  // Words as sh splits them (src/source/sh-words.ts): a redirection and its target are no chart; a command in backquotes ends at the closing one.
  it('leaves redirections out and ends a backquoted command at its backquote', () => {
    expect(pairs('helm template r fluent/fluent-bit --set a=1 >out.yaml 2>&1\n').map((c) => c.chart)).toEqual(['fluent/fluent-bit']);
    expect(pairs('OUT=`helm template r fluent/fluent-bit --set a=1` && echo "$OUT"\n').map((c) => c.chart)).toEqual(['fluent/fluent-bit']);
    expect(pairs('helm upgrade r fluent/fluent-bit --set-file config.inputs=conf/in\\ puts.conf\n')[0]?.sets).toEqual(['set-file config.inputs=conf/in puts.conf']);
  });
});

describe('scriptSetFileLinksIn', () => {
  const inputs = ['repo/deploy/deploy.sh', 'repo/deploy/conf/a.conf', 'repo/conf/b.conf', 'repo/other/c.conf'];
  it('links a script with the --set-file config files of its fluent-bit commands (its directory first, then its ancestors)', () => {
    const text = 'helm upgrade x fluent/fluent-bit --set-file config.inputs=conf/a.conf --set-file config.filters=conf/b.conf --set-file config.outputs=missing.conf\n';
    expect(scriptSetFileLinksIn('repo/deploy/deploy.sh', text, inputs)).toEqual(['repo/deploy/deploy.sh', 'repo/deploy/conf/a.conf', 'repo/conf/b.conf']);
  });
  it('ignores other charts, other keys and files that are not scripts', () => {
    expect(scriptSetFileLinksIn('repo/deploy/deploy.sh', 'helm upgrade x bitnami/fluent-bit --set-file config.inputs=conf/a.conf\n', inputs)).toEqual([]);
    expect(scriptSetFileLinksIn('repo/deploy/deploy.sh', 'helm upgrade x fluent/fluent-bit --set-file luaScripts.a=conf/a.conf\n', inputs)).toEqual([]);
    expect(scriptSetFileLinksIn('repo/deploy/notes.txt', 'helm upgrade x fluent/fluent-bit --set-file config.inputs=conf/a.conf\n', inputs)).toEqual([]);
  });
});
