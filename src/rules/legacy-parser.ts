import { shownValue } from './support/tail-target.js';
import type { ConfigView, Property, Section } from '../view/types.js';
import { describeVersion, multilineSupport } from './support/multiline-support.js';
import { configLoads, type LoadedFile, type ParserLoad } from './support/parser-load.js';
import { containerParserSettings, dockerModeOn, type TailParserSettings } from './support/tail-parser-plan.js';
import { defineRule, type RuleFacts } from './types.js';

/**
 * A single-line CRI parser under a NEW name that captures the content as
 * `log` (runtime-migration.md D.3 option B). Never named `cri`: a second
 * definition of `cri` collides with the stock parsers.conf
 * (fluent-bit-config-format.md C.5).
 */
const CRI_LOG_PARSER = 'cri-log';

const CRI_LOG_BLOCK = [
  '[PARSER]',
  `    Name        ${CRI_LOG_PARSER}`,
  '    Format      regex',
  '    Regex       ^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>[^ ]*) (?<log>.*)$',
  '    Time_Key    time',
  '    Time_Format %Y-%m-%dT%H:%M:%S.%L%z',
  '    Time_Keep   On',
  '',
].join('\n');

/** Where the cri-log block goes: a parsers file every container running the config loads, before whatever stops that file. */
interface Placement {
  readonly file: LoadedFile;
  /** Insert before this section (the one that stops the file), or append at the end. */
  readonly before: Section | undefined;
}

/**
 * A parsers file of the input loaded by every load (every container that
 * runs the config), the first in load order; the block goes before the
 * section that stops that file (a duplicate of a parser already registered,
 * fluent-bit-config-format.md C.5), or at its end.
 */
function placement(loads: readonly ParserLoad[]): Placement | undefined {
  const [first, ...rest] = loads;
  for (const f of first?.files ?? []) {
    if (!f.view.appendClassicBlock || !f.view.insertClassicBlockBefore) continue;
    if (!rest.every((l) => l.files.some((g) => g.view === f.view))) continue;
    // The earliest stop among the loads decides (a file stops where a name is taken, which depends on what loaded before it).
    const stops = [f, ...rest.map((l) => l.files.find((g) => g.view === f.view) as LoadedFile)].map((g) => g.stopsAt).filter((x): x is Section => x !== undefined);
    const before = stops.sort((a, b) => a.at.start - b.at.start)[0];
    return { file: f, before };
  }
  return undefined;
}

/** True when every load of the config already defines the cri-log parser. */
function criLogDefined(loads: readonly ParserLoad[]): boolean {
  return loads.length > 0 && loads.every((l) => l.parsers.has(CRI_LOG_PARSER));
}

/**
 * A classic input's `Docker_Mode On` that stands for its parser (no `Parser`
 * at all): it becomes `Parser cri-log`, as tail-parser makes it
 * `multiline.parser` on 1.8+. Undefined when a Parser is set.
 */
function dockerModeAnchor(section: Section, settings: TailParserSettings): Property | undefined {
  return settings.runtimeParsers.length > 0 || section.has('parser') ? undefined : dockerModeOn(settings);
}

/**
 * The properties of a section legacy-parser removes (the rule below decides
 * the same way): Docker_Mode*, and the Parser docker|cri after the one that
 * becomes cri-log, unless the input is left as is (no parsers file can take
 * the block).
 */
/** Whether legacy-parser takes over from tail-parser for a config: its Fluent Bit is known to lack multiline.parser (< 1.8), and the runtime is not cri-dockerd (which keeps Docker's files). */
export function legacyParserRuns(config: ConfigView, context: RuleFacts): boolean {
  return context.options.runtime !== 'cri-dockerd' && multilineSupport(config, context.version) === 'no';
}

export function legacyParserTakesAway(section: Section, context: RuleFacts): ReadonlySet<Property> {
  if (!legacyParserRuns(section.config, context)) return new Set();
  const settings = containerParserSettings(section, context.setup.variables, context.options);
  if (!settings || settings.multiline.length > 0) return new Set();
  const [anchor, ...duplicates] = settings.runtimeParsers;
  if (section.config.syntax !== 'classic') {
    const p = anchor ?? settings.dockerMode[0];
    return new Set(settings.dockerMode.filter((d) => d !== p));
  }
  const mode = dockerModeAnchor(section, settings);
  if (anchor ?? mode) {
    const loads = configLoads(context.runners, context.setup.configs, context.viewOf);
    if (!criLogDefined(loads) && !placement(loads) && loads.every((l) => l.complete)) return new Set();
  }
  return new Set([...duplicates, ...settings.dockerMode.filter((d) => d !== mode)]);
}

export const legacyParser = defineRule({
  meta: {
    id: 'legacy-parser',
    kind: 'change',
    severities: ['change', 'warning', 'info'],
    docs: {
      summary: 'Fluent Bit < 1.8 (no multiline.parser): `Parser cri-log`, a CRI regex parser capturing `log`, defined in a parsers file the container loads, where it loads (or a warning saying what to add where)',
      details: [
        'When the workloads that run a config say Fluent Bit is older than 1.8 (or --fluent-bit-version does, as in the example), `multiline.parser` does not exist yet. The tail input then gets `Parser cri-log`, a regex parser that splits a CRI line and keeps the content in `log` (where the stock `cri` parser would put it in `message`).',
        "Its `[PARSER]` block goes into a parsers file of the input that the containers load (their [SERVICE] Parsers_File, in load order), at the end, or before the first [PARSER] that stops that file from loading: a definition whose name is already taken (a stock parser such as `apache` or `json`, or an earlier file's) makes Fluent Bit skip the rest of the file (fluent-bit-config-format.md C.5). When no parsers file of the input is loaded, a warning says what to add where; when we know every file that is loaded and none can take it, the input is left alone with that warning.",
        'A `Docker_Mode On` that stands alone (no Parser) becomes `Parser cri-log` the same way, as tail-parser makes it `multiline.parser` on 1.8+. Other Docker_Mode* settings are removed (a Docker_Mode_Parser with an info: the multi-line joining it did is not carried over). Partial (P) lines are not joined by a regex parser: upgrading to 1.8+ is the better fix, and a warning says so when the input already uses multiline.parser, or is a Fluent Operator input.',
      ].join('\n'),
      example: {
        before: '[INPUT]\n    Name    tail\n    Path    /var/log/containers/*.log\n    Parser  docker\n',
        after: '[INPUT]\n    Name    tail\n    Path    /var/log/containers/*.log\n    Parser  cri-log\n',
      },
    },
    messages: {
      replaceParser: '{{key}} {{value}} -> {{key}} {{parser}}: {{version}} has no multiline.parser, so a CRI regex parser that keeps the content in `log` is used (partial P lines are not joined; upgrading to >= 1.8 is better)',
      blockAdded: 'added [PARSER] {{parser}} to {{file}}{{where}}: the tail inputs that use Parser {{parser}} need it defined in a parsers file their Fluent Bit loads',
      parserNotDefined: 'parser {{parser}} is not defined in the files given: add this to the parsers file your [SERVICE] Parsers_File loads: {{block}}',
      noParsersFile: '{{version}} has no multiline.parser and no parsers file of the input that runs with this config can take a CRI parser: left as is; add a parsers file (Parsers_File) holding {{block}} and set {{key}} {{parser}}, or upgrade to Fluent Bit >= 1.8',
      replaceDockerMode: '{{key}} {{value}} -> Parser {{parser}}: Docker_Mode only understands Docker JSON, and {{version}} has no multiline.parser, so a CRI regex parser that keeps the content in `log` is used (partial P lines are not joined; upgrading to >= 1.8 is better)',
      removeDockerMode: 'removed {{key}} {{value}}: Docker_Mode only understands Docker JSON',
      // Not tail-parser's advice: [MULTILINE_PARSER] and the multiline filter came with 1.8.
      intentLost: '{{key}} {{value}} joined multi-line application logs; that intent is not carried over, and {{version}} has no multiline parser for CRI lines: upgrade to Fluent Bit >= 1.8 and add a [MULTILINE_PARSER] with the multiline filter if you still need it',
      upgradeForMultiline: 'multiline.parser needs Fluent Bit 1.8 or later, but this runs {{version}}: upgrade the image',
      upgradeOperator: '{{key}} {{value}} cannot read CRI lines, and {{version}} has no multiline parsers: upgrade the FluentBit image to >= 1.8 (then set {{newKey}} docker, cri), or define a CRI regex parser capturing log for this input',
      upgradeChart: '{{key}} {{value}} cannot read CRI lines, and {{version}} has no multiline parsers: upgrade the image to >= 1.8 and set multiline.parser docker, cri (this chart has no knob for it: move to the fluent/fluent-bit chart), or define a CRI regex parser capturing log and name it here',
    },
  },
  create(context) {
    const removeDockerMode = (p: Property): void => {
      const data = { key: p.key, value: shownValue(p, context.setup.variables) };
      context.report({ severity: 'change', messageId: 'removeDockerMode', data, at: p.at, fix: p.remove() });
      // What Docker_Mode_Parser joined (stack traces...) is lost with it: say so, as tail-parser does.
      if (p.name === 'docker_mode_parser') context.report({ severity: 'info', messageId: 'intentLost', data: { ...data, version: describeVersion(context.version) }, at: p.at });
    };
    return {
      input(section) {
        // cri-dockerd keeps Docker's JSON files: Parser docker is right for them, and 1.7 has nothing better.
        if (!legacyParserRuns(section.config, context)) return;
        const settings = containerParserSettings(section, context.setup.variables, context.options);
        if (!settings) return;
        const version = describeVersion(context.version);
        const multiline = settings.multiline[0];
        if (multiline) {
          context.report({ severity: 'warning', messageId: 'upgradeForMultiline', data: { version }, at: multiline.at });
          return;
        }
        const [anchor, ...duplicates] = settings.runtimeParsers;
        if (section.config.syntax !== 'classic') {
          const p = anchor ?? settings.dockerMode[0];
          if (p && section.config.writable?.('multiline.parser') === false) context.report({ severity: 'warning', messageId: 'upgradeChart', data: { key: p.key, value: shownValue(p, context.setup.variables), version }, at: p.at });
          else if (p) context.report({ severity: 'warning', messageId: 'upgradeOperator', data: { key: p.key, value: shownValue(p, context.setup.variables), version, newKey: section.config.spell('multiline.parser') }, at: p.at });
          // Docker_Mode only joins Docker JSON lines, whatever else stays.
          for (const d of settings.dockerMode) if (d !== p) removeDockerMode(d);
          return;
        }
        const mode = dockerModeAnchor(section, settings);
        const target = anchor ?? mode;
        if (target) {
          const loads = configLoads(context.runners, context.setup.configs, context.viewOf);
          const defined = criLogDefined(loads);
          const block = CRI_LOG_BLOCK.trim().replace(/\n\s*/g, ' | ');
          if (!defined) {
            const place = placement(loads);
            if (place) {
              const { view } = place.file;
              const fix = place.before ? (view.insertClassicBlockBefore as NonNullable<typeof view.insertClassicBlockBefore>)(place.before, CRI_LOG_BLOCK) : (view.appendClassicBlock as NonNullable<typeof view.appendClassicBlock>)(CRI_LOG_BLOCK);
              const where = place.before ? ` before [PARSER] ${place.before.get('name')?.value ?? ''}, where Fluent Bit stops loading that file (${place.file.stopReason ?? ''})` : ', at its end';
              const last = view.sections[view.sections.length - 1];
              const at = place.before?.at ?? last?.at ?? { target: view.target, start: 0, end: 0 };
              context.report({ severity: 'change', messageId: 'blockAdded', data: { parser: CRI_LOG_PARSER, file: view.name, where }, at, fix });
            } else if (loads.every((l) => l.complete)) {
              context.report({ severity: 'warning', messageId: 'noParsersFile', data: { version, block, key: anchor?.key ?? 'Parser', parser: CRI_LOG_PARSER }, at: target.at });
              return;
            } else {
              context.report({ severity: 'warning', messageId: 'parserNotDefined', data: { parser: CRI_LOG_PARSER, block }, at: target.at });
            }
          }
          const data = { key: target.key, value: shownValue(target, context.setup.variables), parser: CRI_LOG_PARSER, version };
          if (anchor) context.report({ severity: 'change', messageId: 'replaceParser', data, at: anchor.at, fix: anchor.replaceValue(CRI_LOG_PARSER) });
          else context.report({ severity: 'change', messageId: 'replaceDockerMode', data, at: target.at, fix: target.replace('Parser', CRI_LOG_PARSER) });
        }
        // The replaced parser covers its duplicates: they go with it.
        for (const p of duplicates) context.fix(p.remove());
        for (const p of settings.dockerMode) if (p !== mode) removeDockerMode(p);
      },
    };
  },
});
