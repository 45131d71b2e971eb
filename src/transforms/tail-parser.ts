import type { Edit } from '../source/edit.js';
import type { EntryModel, SectionModel } from '../model/config-model.js';
import { removeEntryLine, replaceEntry, replaceValue } from '../view/classic-entry-edits.js';
import {
  completeMultiline, DOCKER_MODE_PARSER_INTENT, isOn, isRuntimeParser, NO_PARSER_LEFT, replacementReason, targetMultiline,
} from './tail-decisions.js';
import { isTail, readsContainerLogs, tailTarget } from './tail-inputs.js';
import type { ClassicContext, ClassicTransform, RuleFinding, TransformOutput } from './transform.js';
import { CRI_LOG_PARSER_NAME, criLogParserBlock, isLegacyVersion } from './legacy-parser.js';

const ID = 'tail-parser';
const DOCKER_MODE_KEYS = ['docker_mode', 'docker_mode_flush', 'docker_mode_parser'] as const;

/**
 * Rule tail-parser: tail inputs that read container logs move from
 * `Parser docker` / `Parser cri` / `Docker_Mode` to the built-in multiline
 * parsers, which read Docker JSON and CRI lines alike and keep the content
 * under `log` (runtime-migration.md C-usage, D.2, V):
 *
 * - `Parser docker|cri` becomes `multiline.parser docker, cri` (or `cri` with
 *   criOnly) on the same line, keeping the value column;
 * - an existing `multiline.parser docker` gets `cri` added (no second line);
 * - `Docker_Mode`, `Docker_Mode_Flush`, `Docker_Mode_Parser` are removed;
 * - Fluent Bit < 1.8 has no multiline.parser: `Parser cri-log` instead, with
 *   the parser definition added to the setup's parsers file (legacy-parser).
 *
 * `Parser cri` is never emitted.
 */
export const tailParser: ClassicTransform = {
  id: ID,
  description: 'tail inputs reading container logs: Parser docker/cri and Docker_Mode become multiline.parser docker, cri',
  run(ctx) {
    const edits: Edit[] = [];
    const findings: RuleFinding[] = [];
    const appends: { configName: string; text: string; ruleId: string }[] = [];
    for (const section of ctx.model.sections) {
      if (!isTail(section)) continue;
      const target = tailTarget(section, ctx.setup, ctx.options.podLogsDir);
      const parserEntries = section.getAll('parser');
      const runtimeParsers = parserEntries.filter((e) => isRuntimeParser(e.value));
      const dockerMode = DOCKER_MODE_KEYS.flatMap((k) => section.getAll(k));
      const ml = section.getAll('multiline.parser');
      const needsWork = runtimeParsers.length > 0 || dockerMode.length > 0 || ml.some((e) => completeMultiline(e.value, false) !== undefined);
      if (!needsWork) continue;
      if (!readsContainerLogs(target)) {
        if (target.unresolved.length > 0) {
          findings.push({
            ruleId: 'unresolved-variable',
            severity: 'warning',
            message: `Path uses \${${target.unresolved.join('}, ${')}} which flb-migrate cannot resolve; if it points at container logs, replace ${describe(runtimeParsers, dockerMode)} with multiline.parser ${targetMultiline(ctx.options.criOnly)}`,
            offset: target.path?.valueStart ?? section.start,
          });
        }
        continue; // e.g. Parser docker on the agent's own files: not runtime-related
      }
      const out = migrateTail(ctx, section, runtimeParsers, dockerMode, ml);
      edits.push(...out.edits);
      findings.push(...out.findings);
      appends.push(...(out.appends ?? []));
    }
    return { edits, findings, appends };
  },
};


function describe(parsers: readonly EntryModel[], dockerMode: readonly EntryModel[]): string {
  const names = [...parsers.map((e) => `${e.key} ${e.value}`), ...dockerMode.map((e) => e.key)];
  return names.length > 0 ? names.join(' / ') : 'the parser';
}

function migrateTail(
  ctx: ClassicContext,
  section: SectionModel,
  runtimeParsers: readonly EntryModel[],
  dockerMode: readonly EntryModel[],
  ml: readonly EntryModel[],
): TransformOutput {
  const edits: Edit[] = [];
  const findings: RuleFinding[] = [];
  const lines = ctx.model.tree.lines;
  const remove = (e: EntryModel, why: string): void => {
    edits.push(removeEntryLine(e, lines, ID));
    findings.push({ ruleId: ID, severity: 'change', message: `removed ${e.key} ${e.value}: ${why}`, offset: e.line.key.start });
  };

  if (isLegacyVersion(ctx.version)) {
    return legacyTail(ctx, runtimeParsers, dockerMode, ml);
  }

  for (const e of dockerMode) {
    if (e.name === 'docker_mode_parser') {
      findings.push({ ruleId: ID, severity: 'info', message: `Docker_Mode_Parser ${e.value} ${DOCKER_MODE_PARSER_INTENT}`, offset: e.line.key.start });
    }
  }

  const value = targetMultiline(ctx.options.criOnly);
  const firstMl = ml[0];
  if (firstMl) {
    const next = completeMultiline(firstMl.value, ctx.options.criOnly);
    if (next !== undefined) {
      edits.push(replaceValue(firstMl, next, ID));
      findings.push({ ruleId: ID, severity: 'change', message: `multiline.parser ${firstMl.value} -> ${next}: docker alone does not match CRI log lines`, offset: firstMl.line.key.start });
    }
    for (const e of runtimeParsers) remove(e, 'multiline.parser is set, so Fluent Bit ignores Parser');
    for (const e of dockerMode) remove(e, 'Docker_Mode is Docker-only and ignored once multiline.parser is set');
    return { edits, findings };
  }

  // Replace the first Parser docker/cri (or, failing that, a Docker_Mode that
  // is on) in place; Docker_Mode Off and Docker_Mode_Flush alone parse nothing,
  // so they are only removed.
  const anchor = runtimeParsers[0] ?? dockerMode.find((e) => e.name === 'docker_mode' && isOn(e.value));
  if (anchor) {
    edits.push(replaceEntry(anchor, 'multiline.parser', value, ID));
    const why = replacementReason(anchor.name === 'parser' && isRuntimeParser(anchor.value) ? anchor.value : 'docker_mode', value);
    findings.push({ ruleId: ID, severity: 'change', message: `${anchor.key} ${anchor.value} -> multiline.parser ${value}: ${why}`, offset: anchor.line.key.start });
  }
  for (const e of runtimeParsers) if (e !== anchor) remove(e, 'multiline.parser replaces it');
  for (const e of dockerMode) if (e !== anchor) remove(e, 'Docker_Mode options are Docker-only');
  if (!anchor && dockerMode.length > 0 && !section.has('parser')) {
    findings.push({ ruleId: ID, severity: 'warning', message: NO_PARSER_LEFT, offset: (dockerMode[0] as EntryModel).line.key.start });
  }
  return { edits, findings };
}

function legacyTail(
  ctx: ClassicContext,
  runtimeParsers: readonly EntryModel[],
  dockerMode: readonly EntryModel[],
  ml: readonly EntryModel[],
): TransformOutput {
  const edits: Edit[] = [];
  const findings: RuleFinding[] = [];
  const appends: { configName: string; text: string; ruleId: string }[] = [];
  const v = ctx.version;
  const versionText = `Fluent Bit ${v.major}.${v.minor ?? 'x'} (${v.source ?? 'image'})`;
  if (ctx.options.runtime === 'cri-dockerd') {
    // Docker's JSON files stay; Parser docker is right for them and 1.7 has nothing better.
    return { edits, findings };
  }
  if (ml.length > 0) {
    findings.push({ ruleId: 'legacy-parser', severity: 'warning', message: `multiline.parser needs Fluent Bit 1.8 or later, but this runs ${versionText}: upgrade the image`, offset: ml[0]!.line.key.start });
    return { edits, findings };
  }
  const anchor = runtimeParsers[0];
  if (anchor) {
    edits.push(replaceValue(anchor, CRI_LOG_PARSER_NAME, 'legacy-parser'));
    findings.push({
      ruleId: 'legacy-parser',
      severity: 'change',
      message: `Parser ${anchor.value} -> Parser ${CRI_LOG_PARSER_NAME}: ${versionText} has no multiline.parser, so a CRI regex parser that keeps the content in \`log\` is used (partial P lines are not joined; upgrading to >= 1.8 is better)`,
      offset: anchor.line.key.start,
    });
    if (!ctx.setup.definedParsers.has(CRI_LOG_PARSER_NAME)) {
      const target = ctx.setup.parsersFileNames[0];
      if (target) {
        appends.push({ configName: target, text: criLogParserBlock(), ruleId: 'legacy-parser' });
      } else {
        findings.push({
          ruleId: 'legacy-parser',
          severity: 'warning',
          message: `parser ${CRI_LOG_PARSER_NAME} is not defined in the files given: add this to the parsers file your [SERVICE] Parsers_File loads: ${criLogParserBlock().trim().replace(/\n\s*/g, ' | ')}`,
          offset: anchor.line.key.start,
        });
      }
    }
  }
  for (const e of runtimeParsers) if (e !== anchor) edits.push(removeEntryLine(e, ctx.model.tree.lines, 'legacy-parser'));
  for (const e of dockerMode) {
    edits.push(removeEntryLine(e, ctx.model.tree.lines, 'legacy-parser'));
    findings.push({ ruleId: 'legacy-parser', severity: 'change', message: `removed ${e.key} ${e.value}: Docker_Mode only understands Docker JSON`, offset: e.line.key.start });
  }
  return { edits, findings, appends };
}
