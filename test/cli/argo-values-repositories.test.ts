import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/migrate.js';
import { heads, listFiles } from './helpers/case-files.js';
import { cliAndLibraryHeads } from './helpers/cli-vs-library.js';
import { runCli } from './helpers/run-cli.js';

/*
 * Argo CD `$values/...` paths (relative to the `ref: values` source's repository, whose root no file names) when two
 * repositories of one run each hold the path: the nearest directory above the Application that holds it decides
 * (migrate/values-file-links.ts valuesFileIndex), in the library and in the CLI, which batches by directory and
 * joins an Application with the values files it names (valuesFileLinksIn).
 */
const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** A case's input files under `prefix/`, each text through `edit`. */
function inputsOf(id: string, prefix: string, edit: (text: string) => string = (t) => t, rename: (path: string) => string = (p) => p): Record<string, string> {
  const input = join(FIXTURES, id, 'input');
  return Object.fromEntries(listFiles(input).map((f) => [`${prefix}/${rename(f)}`, edit(readFileSync(join(input, f), 'utf8'))]));
}

/** The library's finding heads (`path:line:col severity rule`) of one batch. */
function libraryHeads(files: Record<string, string>): string[] {
  const result = migrate(Object.entries(files).map(([path, text]) => ({ path, text })), { runtime: 'containerd' });
  return heads(result.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line}:${x.column} ${x.severity} ${x.ruleId} `)));
}

describe('Argo CD $values files of two repositories in one run', () => {
  it('value-files-nearest-repository: the CLI says what the library says', async () => {
    const { expected, cli } = await cliAndLibraryHeads(join(FIXTURES, 'sources/argo-cd/value-files-nearest-repository/'));
    expect(expected.some((h) => h.includes('VALUES_FILE_AMBIGUOUS'))).toBe(true);
    expect(cli).toEqual(expected);
  });

  it('two multi-source Applications side by side, each beside its envs/prod/fluent-bit.yaml: each links its own, as each case alone does', async () => {
    const shared = 'clusters/shared/fb-values.yaml';
    const a = inputsOf('rules/helm-volumes/argo-multi-source-values-file', 'a');
    // chartver38's case as it first was: the same `$values/envs/prod/fluent-bit.yaml` path.
    const b = inputsOf('sources/chart-version/argo-cd-value-files', 'b', (t) => t.replaceAll(shared, 'envs/prod/fluent-bit.yaml'), (p) => (p === shared ? 'envs/prod/fluent-bit.yaml' : p));
    const alone = [...libraryHeads(a), ...libraryHeads(b)].sort();
    const together = libraryHeads({ ...a, ...b });
    expect(together).toEqual(alone);
    expect(together.some((h) => h.startsWith('a/envs/prod/fluent-bit.yaml') && h.includes('helm-volumes'))).toBe(true);
    expect(together.some((h) => h.startsWith('b/envs/prod/fluent-bit.yaml') && h.includes('legacy-parser'))).toBe(true);
    const r = await runCli(['case', '--runtime', 'containerd', '--check'], { files: Object.fromEntries(Object.entries({ ...a, ...b }).map(([p, t]) => [`case/${p}`, t])), real: true });
    expect(heads(r.stderr.split('\n'), 'case/')).toEqual(together);
  });
});
