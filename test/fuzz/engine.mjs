// Runs one fuzz case against a `migrate` function and checks its contract
// (plain ESM, shared by test/fuzz and scripts/fuzz.mjs; types in engine.d.mts).
import { applyPatch } from 'diff';

/**
 * `migrate(files, options)` must return a result for every file, never
 * throw, and keep its contract: a file with errors or without changes is
 * returned byte-identical; a changed file's diff applies back to its output,
 * and migrating the outputs again changes nothing and adds no error.
 * Returns `{ ms, failure? }`; `ms` is the first migrate call only.
 */
export function runCase(migrate, c) {
  let result;
  const t0 = performance.now();
  try {
    result = migrate(c.files, c.options);
  } catch (error) {
    return { ms: performance.now() - t0, failure: `exception: ${describe(error)}` };
  }
  const ms = performance.now() - t0;
  const problem = checkResult(c.files, result) ?? (result.files.some((f) => f.changed) ? checkSecondRun(migrate, c, result) : undefined);
  return problem === undefined ? { ms } : { ms, failure: problem };
}

function describe(error) {
  return error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(error);
}

function checkResult(files, result) {
  if (!result || !Array.isArray(result.files) || result.files.length !== files.length) return 'result: not one FileResult per input';
  for (let i = 0; i < files.length; i++) {
    const before = files[i].text;
    const f = result.files[i];
    const at = `${f.path}:`;
    if (f.path !== files[i].path) return `${at} result path ${f.path} for input ${files[i].path}`;
    if (typeof f.output !== 'string') return `${at} output is not a string`;
    const errors = f.diagnostics.filter((d) => d.severity === 'error');
    if (f.hasErrors && errors.length === 0) return `${at} hasErrors without an error diagnostic`;
    if (!f.hasErrors && errors.length > 0) return `${at} error diagnostics but hasErrors is false`;
    if ((f.hasErrors || !f.changed) && f.output !== before) return `${at} output differs from the input though unchanged/erroneous`;
    if (f.changed !== (f.output !== before)) return `${at} changed flag disagrees with the output`;
    if (!f.changed && f.diff !== '') return `${at} diff for an unchanged file`;
    for (const d of f.diagnostics) {
      if (typeof d.code !== 'string' || typeof d.message !== 'string') return `${at} malformed diagnostic`;
      if (d.line !== undefined && !(Number.isInteger(d.line) && d.line >= 1)) return `${at} diagnostic ${d.code} with line ${d.line}`;
    }
    for (const x of f.findings) if (!(Number.isInteger(x.line) && x.line >= 1)) return `${at} finding ${x.ruleId} with line ${x.line}`;
    if (f.changed) {
      let applied;
      try {
        applied = applyPatch(before, f.diff);
      } catch (error) {
        applied = `threw ${describe(error)}`;
      }
      if (applied !== f.output) return `${at} the diff does not apply back to the output`;
    }
  }
  return undefined;
}

function checkSecondRun(migrate, c, first) {
  const outputs = first.files.map((f) => ({ path: f.path, text: f.output }));
  let second;
  try {
    second = migrate(outputs, c.options);
  } catch (error) {
    return `second run: exception: ${describe(error)}`;
  }
  for (let i = 0; i < outputs.length; i++) {
    const a = first.files[i];
    const b = second.files[i];
    if (!b) return 'second run: missing result';
    if (b.changed) return `${a.path}: not idempotent: a second run changes it again\n${b.diff.slice(0, 2000)}`;
    if (a.changed && b.hasErrors) return `${a.path}: the migrated output has errors: ${b.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`).join('; ').slice(0, 500)}`;
  }
  return undefined;
}
