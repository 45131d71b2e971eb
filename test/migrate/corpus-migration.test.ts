import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSummaries, emptySummary, summarizeDeployment, type DeploymentSummary } from '../../src/deploy/summary.js';
import { migrate } from '../../src/migrate/migrate.js';
import { deploymentOptions } from '../../src/migrate/options.js';
import { readBatch } from '../../src/migrate/read-batch.js';
import { RUNTIMES, type MigrateResult, type Runtime } from '../../src/migrate/types.js';
import { walkCorpus, type CorpusFile } from '../helpers/corpus.js';
import { checkEditedObjects } from '../helpers/k8s-schema.js';

/*
 * Migrates the whole corpus (../shared/corpus), one batch per directory,
 * for every runtime: no internal errors, no invariant violation, idempotent,
 * and every edited Kubernetes object still validates (kubernetes-models)
 * with every mount naming a volume. Prints one summary of what changed, and
 * how the corpus configs resolved to the workloads that run them.
 */

const files = walkCorpus();

/** Files grouped by directory (relative to the corpus), paths relative to the corpus. */
function batches(list: readonly CorpusFile[]): Map<string, { path: string; text: string }[]> {
  const out = new Map<string, { path: string; text: string }[]>();
  for (const f of list) {
    const dir = dirname(f.rel);
    const batch = out.get(dir) ?? [];
    batch.push({ path: f.rel, text: f.text });
    out.set(dir, batch);
  }
  return out;
}

interface Summary {
  filesChanged: number;
  changesByRule: Map<string, number>;
  filesWithErrorsByCode: Map<string, number>;
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function summarize(results: readonly MigrateResult[]): Summary {
  const s: Summary = { filesChanged: 0, changesByRule: new Map(), filesWithErrorsByCode: new Map() };
  for (const r of results) {
    for (const f of r.files) {
      if (f.changed) s.filesChanged++;
      for (const x of f.findings) if (x.severity === 'change') bump(s.changesByRule, x.ruleId);
      const codes = new Set(f.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code));
      for (const c of codes) bump(s.filesWithErrorsByCode, c);
    }
  }
  return s;
}

function sorted(m: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

const groups = batches(files);
const summaries = new Map<Runtime, Summary>();

describe('corpus migration', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  describe.each(RUNTIMES.map((runtime) => ({ runtime })))('$runtime', ({ runtime }) => {
    const options = { runtime };
    const results: MigrateResult[] = [];
    for (const batch of groups.values()) results.push(migrate(batch, options));

    it('reports no internal error', () => {
      const internal = results.flatMap((r) => r.files.flatMap((f) => f.diagnostics.filter((d) => d.code === 'INTERNAL_ERROR').map((d) => `${f.path}:${d.line ?? 0}:${d.column ?? 0} ${d.message}`)));
      expect(internal).toEqual([]);
    });

    it('breaks no invariant (src/migrate/invariants.ts)', () => {
      const violations = results.flatMap((r) => r.files.flatMap((f) => f.diagnostics.filter((d) => d.code.startsWith('INVARIANT_')).map((d) => `${f.path}:${d.line ?? 0}:${d.column ?? 0} ${d.code} ${d.message}`)));
      expect(violations).toEqual([]);
    });

    it('is idempotent', () => {
      const problems: string[] = [];
      for (const r of results) {
        const again = migrate(r.files.map((f) => ({ path: f.path, text: f.output })), options);
        for (const f of again.files) {
          if (f.changed) problems.push(`${f.path} changed again:\n${f.diff}`);
          for (const x of f.findings) if (x.severity === 'change') problems.push(`${f.path}:${x.line}:${x.column} change ${x.ruleId} ${x.message}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('edited Kubernetes objects validate and every mount names a volume', () => {
      const problems: string[] = [];
      for (const r of results) {
        for (const f of r.files) {
          if (!f.changed || !/\.(ya?ml|json)$/i.test(f.path)) continue;
          problems.push(...checkEditedObjects(f.before, f.output).map((p) => `${f.path}: ${p}`));
        }
      }
      expect(problems).toEqual([]);
    });

    it('summary', () => {
      const s = summarize(results);
      summaries.set(runtime, s);
      expect(s.filesChanged).toBeGreaterThan(0);
    });
  });

  it('resolves configs to the workloads that run them (printed)', () => {
    const summary = (fluentBitVersion?: string): DeploymentSummary => {
      let total = emptySummary();
      for (const batch of groups.values()) {
        const state = readBatch(batch, deploymentOptions({ runtime: 'containerd', fluentBitVersion }));
        total = addSummaries(total, summarizeDeployment(state.discoveries, state.deployment));
      }
      return total;
    };
    const plain = summary();
    const stated = summary('1.9');
    console.log(`corpus deployments (configs and Fluent Operator inputs, by where their version came from)\n${JSON.stringify({ withoutFlag: plain, withFluentBitVersion19: stated }, null, 2)}`);
    expect(plain.deployed).toBeGreaterThan(0);
    expect(plain.deployedByOrigin.flag).toBe(0);
    // The flag fills in what images do not tell, and only that.
    expect(stated.deployedByOrigin.flag).toBe(plain.deployedByOrigin.unknown);
    expect(stated.deployedByOrigin.image).toBe(plain.deployedByOrigin.image);
  });

  it('the runtimes differ where they must, and the summary is printed', () => {
    const report: Record<string, unknown> = { files: files.length, batches: groups.size };
    for (const [runtime, s] of summaries) {
      report[runtime] = { filesChanged: s.filesChanged, changeFindingsByRule: sorted(s.changesByRule), filesWithErrorsByCode: sorted(s.filesWithErrorsByCode) };
    }
    console.log(`corpus migration summary\n${JSON.stringify(report, null, 2)}`);
    expect([...summaries.keys()].sort()).toEqual([...RUNTIMES].sort());
    // Every runtime migrates parsers; only the ones without Docker's files and dockerd lose Docker's mounts, unit and 1.7 parser.
    for (const runtime of RUNTIMES) expect(summaries.get(runtime)?.changesByRule.get('tail-parser') ?? 0, runtime).toBeGreaterThan(0);
    for (const rule of ['docker-volume', 'helm-volumes', 'legacy-parser']) {
      expect(summaries.get('containerd')?.changesByRule.get(rule) ?? 0, rule).toBeGreaterThan(0);
      expect(summaries.get('cri-dockerd')?.changesByRule.get(rule) ?? 0, rule).toBe(0);
    }
  });
});
