import { criParsingInput, criPrefixLiterals } from './support/cri-prefix.js';
import { luaProcessors } from './support/multiline-rules.js';
import { pluginOf, valueOf } from './support/tail-target.js';
import { filterMatchesTag, tailTagPattern } from './support/tag-match.js';
import { defineRule } from './types.js';
import { fileTarget, nodeAt } from '../view/target.js';
import type { Located, Section } from '../view/types.js';
import type { BatchFileText, Deployment } from '../deploy/types.js';
import type { EmbeddedConfig } from '../discover/discovery-types.js';

/** Fluent Operator lua filter scripts already read in a batch (Deployment: one per batch). */
const reportedOperatorScripts = new WeakMap<Deployment, Set<string>>();

export const luaFilter = defineRule({
  meta: {
    id: 'lua-filter',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'Lua filters (and `lua` processors of YAML inputs): review field handling by hand; never rewritten',
      details: 'A Lua filter written for Docker records may read `record["log"]` expecting a trailing newline or JSON escaping, read `record["message"]` from the stock cri parser, or rely on Docker\'s `stream`/`time` fields. CRI records carry `_p`, no trailing newline and no JSON escaping (runtime-migration.md F#15). A `lua` processor in a YAML input\'s `processors.logs` reads the same records and is pointed at the same way. Scripts are code: flb-migrate points at them and never rewrites them.\n' +
        'A script that strips the CRI prefix by hand (a string literal reading the CRI line layout: the stream, `stdout|stderr` or `std%a+`, then the tag, `[FP]` or `F|P`, as in `string.match(record["log"], "^%S+ std%a+ [FP] (.*)$")`) was written for CRI lines a Docker parser left raw. Once the tail input reads them with multiline.parser docker, cri (or cri), the prefix is gone before the filter runs: that pattern matches nothing (string.match returns nil) or strips again. Each such literal of inline `code` is warned at its line; so is one of a `script` file the batch holds (a ConfigMap or Secret key the containers running the config mount at that path, a relative path read against the directory of their `-c` file as Fluent Bit does; else a key of the config\'s own ConfigMap or a file beside a plain config), at its line in that file (at the `script` line when the key is quoted or base64). A script the batch does not hold gets the review warning only. A classic or YAML lua filter is read against the container inputs its `Match` / `Match_Regex` takes (a `*` in an input\'s tag stands for its path; an input whose tag is not known counts, and every input does when the setup has a rewrite_tag filter, which re-emits records under other tags): a filter matching none of them never sees their records. A `lua` processor (`processors.logs` of a YAML input) is read the same way, its `code` (which wins over `script`, as for the filter) or its `script` file, against its own input only (the records it sees): a pattern of a processor of an input that reads no container logs with a runtime parser is not warned. A Fluent Operator ClusterFilter/Filter `lua` item whose `script: {name, key}` names a ConfigMap key of the batch (a Filter\'s in its namespace) is read as that filter\'s script, at the key\'s line, when a container tail ClusterInput/Input of its deployment parses CRI once migrated and the filter\'s `match`/`matchRegex` takes that input\'s tag (a `*` in the input\'s tag stands for its path; a namespaced Filter\'s `matchRegex` is read from the tag\'s start, as the operator renders it).',
      example: {
        before: [
          'pipeline:',
          '  filters:',
          '    - name: lua',
          '      match: kube.*',
          '      call: add_level',
          '      code: |',
          '        function add_level(tag, ts, record)',
          '          record["level"] = string.match(record["message"], "^(%u+)")',
          '          return 2, ts, record',
          '        end',
          '',
        ].join('\n'),
        after: [
          'pipeline:',
          '  filters:',
          '    - name: lua',
          '      match: kube.*',
          '      call: add_level',
          '      code: |',
          '        function add_level(tag, ts, record)',
          '          record["level"] = string.match(record["log"], "^(%u+)")',
          '          return 2, ts, record',
          '        end',
          '',
        ].join('\n'),
      },
    },
    messages: {
      criPrefix: '{{owner}} strips the CRI prefix by hand ({{pattern}}), but the migrated tail input ({{input}}) already removes it with {{parser}}: the pattern matches nothing there (a match or find returns nil) or strips again; remove that step from the script',
      criPrefixScript: 'Lua script {{script}} (the `script` of {{owner}} in {{config}}) strips the CRI prefix by hand ({{pattern}}), but the migrated tail input ({{input}}) already removes it with {{parser}}: the pattern matches nothing there (a match or find returns nil) or strips again; remove that step from the script',
      review: 'Lua filter: review it for record["log"], record["message"], stream or time handling; CRI records carry _p, no trailing newline in log, and no JSON escaping',
    },
  },
  create(context) {
    /**
     * The script files a `script` value names, as the batch holds them (Deployment.filesNamed: the containers' mounts,
     * else beside the config): each literal at its line of the script's file when the value stands there as written
     * (a plain file, a `|` block), else at the `script` value. A file not in the batch: the review warning only.
     */
    const reportScriptFiles = (ref: string, valueAt: Located, owner: string, config: EmbeddedConfig, input: { input: string; parser: string }): void => {
      if (ref === '' || ref.includes('${')) return;
      const named = config.origin === 'file' ? config.path : `${config.name} (${config.path})`;
      for (const file of context.deployment.filesNamed(config, ref)) reportLiterals(file, ref, valueAt, owner, named, input);
    };
    /** Each CRI prefix literal of a script file: at its line when the file stands as written there, else at `valueAt` (what names it). */
    const reportLiterals = (file: BatchFileText, ref: string, valueAt: Located, owner: string, config: string, input: { input: string; parser: string }): void => {
      const verbatim = file.verbatim ? file.fileText.slice(file.start, file.end) : file.content;
      for (const lit of criPrefixLiterals(verbatim)) {
        const at = file.verbatim ? { target: fileTarget(file.path, file.fileText), start: file.start + lit.start, end: file.start + lit.end } : valueAt;
        context.report({ severity: 'warning', messageId: 'criPrefixScript', data: { owner, script: ref, config, pattern: lit.text, ...input }, at });
      }
    };
    /** Operator lua filters reported (file and offset of their `script`), per batch: the tail inputs of several configs run them once. */
    const reportedOperator = reportedOperatorScripts.get(context.deployment) ?? new Set<string>();
    reportedOperatorScripts.set(context.deployment, reportedOperator);
    /**
     * A Fluent Operator container tail input (a ClusterInput/Input, or the fluent-operator chart's) that parses CRI
     * once migrated: the batch's ClusterFilter/Filter lua items of its deployment whose `script: {name, key}` names a
     * ConfigMap key the batch holds (a Filter's in its namespace) are read as a lua filter's script file.
     */
    const operatorScripts = (section: Section): void => {
      const operator = section.config.operatorInput;
      if (operator === undefined || (operator.schema ?? 'operator') !== 'operator' || context.deployment.operatorLuaFilters.length === 0) return;
      const filters = context.deployment.operatorLuaFilters.filter((f) => context.deployment.together(f.path, section.config.target.path) && !reportedOperator.has(`${f.path}:${f.script.range?.[0] ?? 0}`));
      if (filters.length === 0) return;
      const input = criParsingInput([section], context.setup.variables, context.options);
      if (input === undefined) return;
      const tag = tailTagPattern(section, context.setup.variables);
      for (const f of filters) {
        // A filter whose match takes none of this input's tags does not see its records (another input's may).
        if (tag !== undefined && !filterMatchesTag(f.match, f.matchRegex, tag, f.kind === 'Filter')) continue;
        reportedOperator.add(`${f.path}:${f.script.range?.[0] ?? 0}`);
        const file = context.deployment.configMapKey(f.configMap, f.kind === 'Filter' ? f.namespace : undefined, f.key, f.path);
        if (file === undefined) continue;
        const ref = `${f.key} of ConfigMap ${f.configMap}`;
        reportLiterals(file, ref, nodeAt(fileTarget(f.path, f.text), f.script), 'a lua filter', `${f.kind} ${f.name ?? ''} (${f.path})`, input);
      }
    };
    /**
     * The setup's sections a classic or YAML lua filter sees the records of: the inputs whose tags its `Match` /
     * `Match_Regex` takes (tag-match.ts; an input whose tag is not known counts). All of them when a match holds an
     * unresolved variable, or when a rewrite_tag filter re-emits records under tags the inputs do not show.
     */
    const inputsMatched = (filter: Section): readonly Section[] => {
      const { variables } = context.setup;
      const sections = context.setup.configs.flatMap((c) => c.sections);
      const read = (key: string): string | undefined => {
        const p = filter.get(key);
        return p === undefined ? undefined : valueOf(p, variables);
      };
      const match = read('match');
      const regex = read('match_regex');
      if (match?.includes('${') || regex?.includes('${') || sections.some((s) => s.kind === 'filter' && pluginOf(s, variables) === 'rewrite_tag')) return sections;
      return sections.filter((s) => {
        if (s.kind !== 'input') return false;
        const tag = tailTagPattern(s, variables);
        return tag === undefined || filterMatchesTag(match, regex, tag, false);
      });
    };
    return {
      input(section) {
        operatorScripts(section);
        const processors = luaProcessors(section);
        if (processors.length === 0) return;
        for (const p of processors) context.report({ severity: 'warning', messageId: 'review', at: p.at });
        // A processor reads its own input's records: that input is the one whose parser takes the prefix off.
        if (!processors.some((p) => p.code !== undefined || (p.script !== undefined && section.config.source !== undefined))) return;
        const input = criParsingInput([section], context.setup.variables, context.options);
        if (input === undefined) return;
        for (const p of processors) {
          // Fluent Bit reads `code` when it is set, else the `script` file (filter_lua/lua_config.c, the processor's too).
          if (p.code !== undefined) {
            const { target } = p.code.at;
            const raw = target.text.slice(p.code.at.start, p.code.at.end);
            // A one-line value, or one with variables, is pointed at whole; a block at the literal's line.
            const whole = raw.includes('${') || !raw.includes('\n');
            for (const lit of criPrefixLiterals(whole ? p.code.text : raw)) {
              const at = whole ? p.code.at : { target, start: p.code.at.start + lit.start, end: p.code.at.start + lit.end };
              context.report({ severity: 'warning', messageId: 'criPrefix', data: { owner: 'Lua processor', pattern: lit.text, ...input }, at });
            }
          } else if (p.script !== undefined && section.config.source !== undefined) {
            reportScriptFiles(p.script.text.trim(), p.script.at, 'a lua processor', section.config.source, input);
          }
        }
      },
      filter(section) {
        if (pluginOf(section, context.setup.variables) !== 'lua') return;
        context.report({ severity: 'warning', messageId: 'review', at: (section.get('script') ?? section.get('code') ?? section.get('name'))?.at ?? section.at });
        const code = section.get('code');
        const script = section.get('script');
        // Fluent Bit reads `code` when it is set, else the `script` file (filter_lua/lua_config.c).
        if (code === undefined && (script === undefined || section.config.source === undefined)) return;
        const input = criParsingInput(inputsMatched(section), context.setup.variables, context.options);
        if (input === undefined) return;
        if (code === undefined) {
          if (script !== undefined && section.config.source !== undefined) reportScriptFiles(valueOf(script, context.setup.variables).trim(), script.valueAt, 'a lua filter', section.config.source, input);
          return;
        }
        const { target } = code.valueAt;
        const raw = target.text.slice(code.valueAt.start, code.valueAt.end);
        // A one-line value (classic `code`), or one with variables, is pointed at whole; a block at the literal's line.
        const whole = code.varRefs.length > 0 || !raw.includes('\n');
        for (const lit of criPrefixLiterals(code.varRefs.length > 0 ? valueOf(code, context.setup.variables) : raw)) {
          const at = whole ? code.valueAt : { target, start: code.valueAt.start + lit.start, end: code.valueAt.start + lit.end };
          context.report({ severity: 'warning', messageId: 'criPrefix', data: { owner: 'Lua filter', pattern: lit.text, ...input }, at });
        }
      },
    };
  },
});

