import * as path from 'node:path';
import type { LocatedDiagnostic } from '../report/located-diagnostic.js';
import type { FileResult } from '../migrate/types.js';
import { isKustomizationPath } from './batches.js';
import type { Input } from './collect-inputs.js';
import type { CliIo } from './io.js';

/*
 * An overlay run alone (`flb-migrate overlays/prod`, its kustomization listing
 * `../../base`): kustomize builds the base's DaemonSet and ConfigMap with the
 * overlay's `images:` and patches, so the deployment is judged on them too.
 * The local files a kustomization of the inputs reads outside them (its
 * `resources`, `bases`, `components`, generator files, patches, Helm values
 * files: discover/kustomization.ts `kustomizationReferences`; for a directory,
 * its kustomization file and, in turn, what that one reads) join its batch as
 * context (not a path under one the user named, which the walk, its ignore
 * files or a glob left out on purpose, nor one `--exclude` matches): read for the decisions, never reported file by file and never
 * written. Only paths inside the kustomization's repository are read (the
 * nearest directory above it holding `.git`, else the filesystem root);
 * remote references never. When a context file needs a change or holds a
 * warning or error, one OUTSIDE_INPUT warning at the kustomization's line
 * naming it says so and names the directory to run on that holds both.
 */

/** A file read as context: the kustomization of the inputs that reaches it and the reference (as written there) that leads to it. */
export interface ContextFile {
  readonly path: string;
  readonly by: string;
  readonly ref: string;
}

/** kustomize's file names for a kustomization, in the order it tries them (api/konfig/general.go). */
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Kustomizations inside kustomizations deeper than this are not followed (as discover/kustomize-build.ts). */
const MAX_DEPTH = 16;

async function kind(io: CliIo, p: string): Promise<'file' | 'directory' | undefined> {
  try {
    const st = await io.stat(p);
    return st.kind === 'directory' ? 'directory' : st.kind === 'file' ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/** The repository a directory belongs to: the nearest directory at or above it holding `.git`, else the filesystem root. */
async function repositoryOf(io: CliIo, dir: string): Promise<string> {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      await io.lstat(path.join(d, '.git'));
      return d;
    } catch {
      if (path.dirname(d) === d) return d;
    }
  }
}

const isWithin = (p: string, dir: string): boolean => {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * The files kustomizations of `inputs` read outside them, each once (the first kustomization and reference that
 * reach it). `isLeftOut` (absolute paths) says what the run decided about already: a path under one the user named
 * (its walk, ignore files or glob left it out) or one `--exclude` matches.
 */
export async function kustomizeContext(
  io: CliIo,
  inputs: readonly Input[],
  references: (text: string) => readonly string[],
  readText: (file: string) => Promise<string | undefined>,
  isLeftOut: (file: string) => boolean,
): Promise<ContextFile[]> {
  // Made when a reference first leaves the paths named (a whole-tree run makes none: 10,000 path.resolve on a GitOps tree).
  let givenPaths: Set<string> | undefined;
  const isGiven = (file: string): boolean => (givenPaths ??= new Set(inputs.flatMap((i) => (i.kind === 'file' ? [path.resolve(io.cwd, i.path)] : [])))).has(file);
  const seen = new Set<string>();
  const out: ContextFile[] = [];
  for (const input of inputs) {
    if (input.kind !== 'file' || !isKustomizationPath(input.path)) continue;
    const text = await readText(input.path);
    if (text === undefined) continue;
    const abs = path.resolve(io.cwd, input.path);
    // Found on the first reference that leaves the named paths (a whole-tree run looks for none).
    let repo: string | undefined;
    const spell = (p: string): string => (path.isAbsolute(input.path) ? p : path.relative(io.cwd, p) || '.');
    const follow = async (file: string, ref: string, depth: number): Promise<void> => {
      if (seen.has(file) || depth > MAX_DEPTH || isLeftOut(file)) return;
      seen.add(file);
      if (!isGiven(file)) out.push({ path: spell(file), by: input.path, ref });
      if (!isKustomizationPath(file)) return;
      const inner = isGiven(file) ? undefined : await readText(file);
      for (const r of inner === undefined ? [] : references(inner)) await visit(path.resolve(path.dirname(file), r), ref, depth + 1);
    };
    const visit = async (target: string, ref: string, depth: number): Promise<void> => {
      if (isLeftOut(target)) return;
      repo ??= await repositoryOf(io, path.dirname(abs));
      if (!isWithin(target, repo)) return;
      const k = await kind(io, target);
      if (k === 'file') await follow(target, ref, depth);
      else if (k === 'directory') {
        for (const name of KUSTOMIZATION_NAMES) {
          const file = path.join(target, name);
          if ((await kind(io, file)) !== 'file') continue;
          await follow(file, ref, depth);
          break;
        }
      }
    };
    for (const ref of references(text)) await visit(path.resolve(path.dirname(abs), ref), ref, 0);
  }
  return out;
}

/** The 1-based line and column of `ref` in a kustomization's text (the list item naming it), or 1:1. */
function positionOf(text: string, ref: string): { line: number; column: number; start: number } {
  const lines = text.split('\n');
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const at = line.indexOf(ref);
    if (at >= 0 && !line.trimStart().startsWith('#')) return { line: i + 1, column: at + 1, start: start + at };
    start += line.length + 1;
  }
  return { line: 1, column: 1, start: 0 };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * A batch's results without its context files, and an OUTSIDE_INPUT warning on each kustomization whose context
 * files need a change or hold a warning or error: at the reference that leads to them, naming them and the
 * directory that holds both.
 */
export function withoutContext(results: readonly FileResult[], context: ReadonlyMap<string, ContextFile>, cwd: string): FileResult[] {
  const needs = new Map<string, { ref: string; files: string[] }[]>();
  for (const r of results) {
    const c = context.get(r.path);
    if (c === undefined) continue;
    const all = [...r.findings.map((f) => f.severity), ...r.diagnostics.map((d) => d.severity)];
    const changes = r.findings.filter((f) => f.severity === 'change').length;
    const warnings = all.filter((s) => s === 'warning').length;
    const errors = all.filter((s) => s === 'error').length;
    if (!r.changed && warnings === 0 && errors === 0) continue;
    const what = [changes > 0 ? plural(changes, 'change') : '', warnings > 0 ? plural(warnings, 'warning') : '', errors > 0 ? plural(errors, 'error') : ''].filter((s) => s !== '').join(', ');
    const groups = needs.get(c.by) ?? [];
    const group = groups.find((g) => g.ref === c.ref);
    const entry = `${c.path} (${what || 'changes'})`;
    if (group) group.files.push(entry);
    else groups.push({ ref: c.ref, files: [entry] });
    needs.set(c.by, groups);
  }
  return results.flatMap((r) => {
    if (context.has(r.path)) return [];
    const groups = needs.get(r.path);
    if (groups === undefined) return [r];
    const added: LocatedDiagnostic[] = groups.map(({ ref, files }) => {
      const dirs = [path.dirname(path.resolve(cwd, r.path)), ...[...context.values()].filter((c) => c.by === r.path && c.ref === ref).map((c) => path.dirname(path.resolve(cwd, c.path)))];
      let common = dirs[0] as string;
      for (const d of dirs) while (!isWithin(d, common)) common = path.dirname(common);
      const dir = path.isAbsolute(r.path) ? common : path.relative(cwd, common) || '.';
      const { line, column, start } = positionOf(r.before, ref);
      const message = `${ref} builds files outside the input that need attention: ${files.join(', ')}; they were read for this run's decisions but not edited nor reported: run flb-migrate on ${dir}, which holds both`;
      return { code: 'OUTSIDE_INPUT', severity: 'warning', message, start, end: start + ref.length, path: r.path, line, column, endLine: line, endColumn: column + ref.length };
    });
    return [{ ...r, diagnostics: [...r.diagnostics, ...added] }];
  });
}
