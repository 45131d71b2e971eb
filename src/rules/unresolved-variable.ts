import { completeMultilines, hasDockerParserSettings, tailParserSettings, targetMultiline, type TailParserSettings } from './support/tail-parser-plan.js';
import { formatVariables, withoutDefaultsVersion, isTailInput, KUBELET_PATH, pluginName, readsContainerLogs, resolveVariables, retargetDockerPath, shownValue, tailTarget, valueOf, withProcessEnv } from './support/tail-target.js';
import { below18 } from './support/multiline-support.js';
import { fileTarget, nodeAt } from '../view/target.js';
import { literalEnv, runnersEnv, type EnvEntry } from '../deploy/container-env.js';
import { editableFluentBitContainers, workloadOf } from './support/pod-mounts.js';
import { setupVariables } from './support/setup-variables.js';
import type { Located, Property, Section } from '../view/types.js';
import { defineRule, type RuleOptions } from './types.js';

export const unresolvedVariable = defineRule({
  meta: {
    id: 'unresolved-variable',
    kind: 'report',
    severities: ['warning', 'info'],
    docs: {
      summary: '`${VAR}` in a Path or Parser value, or in the plugin name of an input with Docker-era settings, that no `@SET` in the input defines; a template action (`{{ .Values.x }}`) in a Path or Parser value',
      details: [
        'Whether a tail input reads container logs, and which parser it uses, may hang on a variable: `Path ${LOG_DIR}/*.log`, `Parser ${PARSER}`. Variables are resolved from the setup\'s `@SET` lines (or YAML `env`); one that is set elsewhere (the container environment, a script) cannot be resolved, so flb-migrate does not guess.',
        'The input is reported with what to change if the variable points at container logs or names docker or cri; or define the variable with `@SET` in the config and let flb-migrate decide.',
        'A Path whose variables sit below the kubelet\'s log directories (`/var/log/pods/ns_${POD_NAME}_${POD_UID}/app/*.log`, a sidecar reading its own pod\'s logs through the downward API) reads container logs whatever they expand to: it is migrated, not reported.',
        'In an OpenShift Template, `oc process` puts a parameter\'s default `value` where `${NAME}` stands before Fluent Bit reads anything (unless `-p NAME=...` overrides it): a Parser, multiline.parser or Path of a Template\'s ConfigMap is read with those defaults, as the image tag is, and reported with what it reads and where the parameter is (warning when it needs a change, info when it does not). It is never edited: the value may be overridden, and a parameter\'s value cannot turn Parser into multiline.parser. `generate`/`required` parameters have no default: reported as unresolved.',
        'A template action in a value (`Parser {{ .Values.logFormat }}`, `Path {{ .Values.logPath }}`) is rendered before Fluent Bit reads the config: the fluent/fluent-bit chart passes its config values through Helm\'s `tpl`, an Argo CD ApplicationSet fills `{{cluster}}`. flb-migrate reads values as written and does not render them, so a tail input\'s Parser or multiline.parser that is a template, or its Path when the input has Docker-era settings, is reported with what to change if it renders docker (or container logs), never left silent and never edited.',
        'The container env is Fluent Bit\'s process environment (a manifest\'s `env`, or the fluent/fluent-bit chart\'s values `env`): a `${NAME:-default}` takes the env\'s value over its default when every container running the config sets NAME to the same literal value (an empty value leaves the default; a `valueFrom` entry makes it unknown). A container\'s `envFrom` ConfigMap that the batch holds sets its `data` keys the same way (sources in order, the last source\'s key wins, `prefix` before each key, an `env` entry wins over them; an env value warning points at the ConfigMap key); a Secret, or a ConfigMap the batch does not hold, may set any name the container\'s `env` does not list: unknown, never the default. A Fluent Bit before 5.0.6 (known from the workload: before 4.2, or 5.0.0 to 5.0.5; 4.2 got it in a backported patch we cannot name, so it is read as an unknown version) has no `:-`: it reads `${P:-docker}` as one variable of that whole name, which nothing sets, so the value is empty; a tail input\'s Parser or multiline.parser written so reads no parser, warned (info for an input of no container logs), never edited; a tail Path written so reads another path (warned with what its default says). A `Path ${LOG_DIR}/*.log` with LOG_DIR set that way is judged on what it reads (tail-parser migrates its parser); when that is Docker\'s directory, tail-path cannot edit the Path (the value lives in the env): warned at the Path and at the env value, with the path to read instead.',
        'A plugin name is a value too: Fluent Bit expands `Name ${IN}` before it looks the plugin up. When the setup sets IN, the input is migrated as the plugin it names; when it does not (or two files of the setup set it differently), an input with Docker-era settings (`Parser docker`, `Docker_Mode`, a Path under Docker\'s data root) is reported at its name, never left silent.',
      ].join('\n'),
      example: {
        before: [
          '[INPUT]',
          '    Name    tail',
          '    Tag     kube.*',
          '    Path    ${LOG_PATH}',
          '    Parser  docker',
          '',
        ].join('\n'),
        after: [
          '[INPUT]',
          '    Name              tail',
          '    Tag               kube.*',
          '    Path              ${LOG_PATH}',
          '    multiline.parser  docker, cri',
          '',
        ].join('\n'),
      },
    },
    messages: {
      pathVariable: '{{key}} uses {{variables}} which flb-migrate cannot resolve; if it points at container logs, replace {{settings}} with {{newKey}} {{target}}',
      parserVariable: '{{key}} {{value}}: {{variables}} is not set in the files given (by @SET or YAML env) nor as one literal env value of the containers that run it; if it names docker or cri, it must become multiline.parser docker, cri',
      templateParser: '{{key}} {{value}}: {{parameters}}, so this input reads {{key}} {{resolved}}{{advice}}',
      templatePath: '{{key}} {{value}}: {{parameters}}, so this input reads {{resolved}}{{advice}}',
      parserTemplate: '{{key}} {{value}}: a template action, rendered (Helm tpl, an ApplicationSet) before Fluent Bit reads it, which flb-migrate does not render; {{advice}}',
      pathTemplate: '{{key}} {{value}}: a template action, rendered (Helm tpl, an ApplicationSet) before Fluent Bit reads it, which flb-migrate does not render; if it renders a path of container logs, replace {{settings}} with {{newKey}} {{target}}',
      envParser: '{{key}} {{value}}: {{where}} (Fluent Bit reads its process environment where no @SET sets the name), so this input reads {{key}} {{resolved}}{{advice}}',
      envValue: 'env {{name}}={{value}} reaches Fluent Bit as {{key}} {{written}} in {{config}}, so that input reads {{key}} {{resolved}}{{advice}}',
      envPath: "{{key}} {{value}}: {{where}} (Fluent Bit reads its process environment where no @SET sets the name), so this input reads {{resolved}}, Docker's directory: set the env value so that it reads {{next}} (flb-migrate edits neither: the value lives in the env)",
      envPathValue: "env {{name}}={{value}} reaches Fluent Bit as {{key}} {{written}} in {{config}}, so that input reads {{resolved}}, Docker's directory: set this value so that it reads {{next}} (tail-path cannot edit a Path a variable writes)",
      noDefaultOperator: '{{key}} {{value}}: Fluent Bit {{version}} has no :- default (it came in 5.0.6): it reads {{refs}} as one variable of that whole name, which nothing sets, so this input reads {{reads}}; {{advice}}',
      pluginVariable: '{{key}} {{value}}: {{variables}} {{why}}, so flb-migrate cannot tell which plugin this input is; if it is tail, {{action}} (or set it once, with @SET or YAML env, in the files given, and flb-migrate migrates the input)',
    },
  },
  create(context) {
    const { variables } = context.setup;
    return {
      // The other end of envParser: the env value a tail input's Parser takes, warned at its line when it needs a change.
      podTemplate(pod, file) {
        for (const c of editableFluentBitContainers(workloadOf(context.deployment, pod))) {
          const env = literalEnv(c, context.deployment.configMapData);
          if (env.size === 0) continue;
          const views = c.configs.flatMap((cfg) => context.viewOf(cfg) ?? []);
          const setVars = setupVariables(views).values;
          for (const view of views) {
            for (const section of view.sections) {
              if (section.kind !== 'input' || !isTailInput(section, setVars)) continue;
              const path = section.get('path');
              const pathNames = path === undefined ? [] : resolveVariables(path, setVars).unresolved;
              if (path !== undefined && pathNames.length > 0 && pathNames.every((n) => env.has(n)) && context.options.runtime !== 'cri-dockerd') {
                const filled = tailTarget(section, withProcessEnv(setVars, new Map(pathNames.map((n) => [n, env.get(n)?.value] as const))), context.options);
                if (filled.fromEnv.length > 0 && filled.kinds.has('docker-root')) {
                  const resolved = filled.patterns.join(',');
                  const config = `${view.source?.name ?? view.target.path} (${view.target.path})`;
                  for (const n of new Set(pathNames)) {
                    const e = env.get(n);
                    if (e !== undefined) context.report({ severity: 'warning', messageId: 'envPathValue', data: { name: n, value: envShown(e), key: path.key, written: path.value, config, resolved, next: retargetDockerPath(resolved, context.options) ?? KUBELET_PATH }, at: e.file ? nodeAt(fileTarget(e.file.path, e.file.text), e.node) : nodeAt(file, e.node) });
                  }
                }
              }
              for (const p of [...section.getAll('parser'), ...section.getAll('multiline.parser')]) {
                const unresolved = resolveVariables(p, setVars).unresolved;
                if (unresolved.length === 0 || unresolved.some((n) => !env.has(n))) continue;
                const resolved = resolveVariables(p, new Map([...setVars, ...[...env].map(([n, e]) => [n, e.value] as const)])).value;
                const judged = judgeEnvParser(p, resolved, section, context.options.criOnly);
                if (!judged.warn) continue;
                for (const n of new Set(unresolved)) {
                  const e = env.get(n);
                  if (e === undefined) continue;
                  const config = `${view.source?.name ?? view.target.path} (${view.target.path})`;
                  context.report({ severity: 'warning', messageId: 'envValue', data: { name: n, value: envShown(e), key: p.key, written: p.value, config, resolved, advice: judged.envAdvice }, at: e.file ? nodeAt(fileTarget(e.file.path, e.file.text), e.node) : nodeAt(file, e.node) });
                }
              }
            }
          }
        }
      },
      input(section) {
        const named = pluginName(section, variables);
        if (named.unresolved.length > 0) {
          const action = dockerEraAction(section, variables, context.options);
          const name = section.get('name');
          if (action !== undefined && name) {
            const conflicting = named.unresolved.flatMap((v) => (context.setup.conflictingVariables.get(v) ?? []).map((d) => `${v}=${d.value} in ${d.config}`));
            context.report({
              severity: 'warning',
              messageId: 'pluginVariable',
              data: {
                key: name.key,
                value: name.value,
                variables: formatVariables(named.unresolved),
                why: conflicting.length > 0 ? `is set differently by the files of this setup (${conflicting.join(', ')}; which one Fluent Bit applies depends on the order it reads them)` : 'is not set in the files given',
                action,
              },
              at: name.valueAt,
            });
          }
          return;
        }
        if (!isTailInput(section, variables)) return;
        const settings = tailParserSettings(section, variables);
        const target = tailTarget(section, variables, context.options);
        const defaults = templateDefaults(section, variables);
        const fromTemplate = (names: readonly string[]): boolean => defaults !== undefined && names.length > 0 && names.every((n) => defaults.values.has(n));
        if (hasDockerParserSettings(settings) && !readsContainerLogs(target) && fromTemplate(target.unresolved) && defaults && target.path) {
          // Read with the Template's defaults (as the image tag is): what `oc process` renders unless -p overrides it.
          const filled = tailTarget(section, defaults.values, context.options);
          const names = [...settings.runtimeParsers.map((p) => `${p.key} ${shownValue(p, defaults.values)}`), ...settings.dockerMode.map((p) => p.key)];
          const replacement = below18(context.version) ? `a parser that reads CRI lines (Fluent Bit ${context.version.major}.${context.version.minor ?? 0} has no multiline.parser)` : `${section.config.spell('multiline.parser')} ${targetMultiline(context.options.criOnly)}`;
          const change = `replace ${names.length > 0 ? names.join(' / ') : 'the parser'} with ${replacement}`;
          const dockerRoot = context.options.runtime !== 'cri-dockerd' && filled.kinds.has('docker-root');
          const advice = readsContainerLogs(filled)
            ? `, container logs: ${change}${dockerRoot ? `, and point ${target.path.key} at ${KUBELET_PATH} (this line, and the parameter's value if nothing else uses it: ${defaults.lines(target.unresolved)})` : ''}`
            : `, not container logs: nothing to change unless \`oc process -p\` points it at them`;
          // The parameter's Docker path is decided here: the safety net does not report its value again.
          if (dockerRoot) for (const at of defaults.valueRanges(target.unresolved, section.config.source?.path)) context.consume(at);
          context.report({
            severity: readsContainerLogs(filled) ? 'warning' : 'info',
            messageId: 'templatePath',
            data: { key: target.path.key, value: target.path.value, parameters: defaults.describe(target.unresolved), resolved: resolveVariables(target.path, defaults.values).value, advice },
            at: target.path.valueAt,
          });
        } else if (hasDockerParserSettings(settings) && !readsContainerLogs(target) && target.unresolved.length === 0 && target.path && isTemplated(target.path)) {
          context.report({
            severity: 'warning',
            messageId: 'pathTemplate',
            data: { key: target.path.key, value: target.path.value, settings: dockerEraSettings(settings), newKey: section.config.spell('multiline.parser'), target: targetMultiline(context.options.criOnly) },
            at: target.path.valueAt,
          });
        } else if (target.fromEnv.length > 0 && target.path && target.kinds.has('docker-root') && context.options.runtime !== 'cri-dockerd') {
          // `Path ${LOG_DIR}/...` that the containers' env points at Docker's directory: judged as read (tail-parser
          // migrates the parser); the Path's change belongs to the env value (envPathValue says it there).
          const env = runnersEnv(context.runners, target.fromEnv, context.deployment.configMapData);
          const resolved = target.patterns.join(',');
          if (env) context.report({ severity: 'warning', messageId: 'envPath', data: { key: target.path.key, value: target.path.value, where: env.where, resolved, next: retargetDockerPath(resolved, context.options) ?? KUBELET_PATH }, at: target.path.valueAt });
        } else if (hasDockerParserSettings(settings) && !readsContainerLogs(target) && target.unresolved.length > 0) {
          context.report({
            severity: 'warning',
            messageId: 'pathVariable',
            data: {
              key: target.path?.key ?? 'Path',
              variables: formatVariables(target.unresolved),
              settings: dockerEraSettings(settings),
              newKey: section.config.spell('multiline.parser'),
              target: targetMultiline(context.options.criOnly),
            },
            at: target.path?.valueAt ?? section.at,
          });
        }
        const old = withoutDefaultsVersion(variables);
        const tailPath = old === undefined ? undefined : section.get('path');
        if (tailPath !== undefined && tailPath.varRefs.some((r) => r.fallback !== null && r.flux === undefined) && isTailInput(section, variables)) {
          // Before 5.0.6 a Path's `${DIR:-default}` is empty: the input reads another path than its default says.
          const refs = tailPath.varRefs.filter((r) => r.fallback !== null && r.flux === undefined).map((r) => `\${${r.name}:-${r.fallback ?? ''}}`).join(', ');
          const meant = resolveVariables(tailPath, new Map(variables)).value;
          const next = retargetDockerPath(meant, context.options);
          const advice = `write the path it should read without :- (its default says ${meant}${next === undefined ? '' : `, Docker's directory: on this runtime ${next}`})`;
          context.report({ severity: 'warning', messageId: 'noDefaultOperator', data: { key: tailPath.key, value: tailPath.value, version: old ?? '', refs, reads: `${tailPath.key} ${valueOf(tailPath, variables)}`, advice }, at: tailPath.valueAt });
        }
        for (const p of [...section.getAll('parser'), ...section.getAll('multiline.parser')]) {
          const defaulted = old === undefined ? [] : p.varRefs.filter((r) => r.fallback !== null && r.flux === undefined);
          if (defaulted.length > 0 && isTailInput(section, variables)) {
            // Before 5.0.6 `${NAME:-default}` is one unset variable: the parser written as a default is not read.
            const resolved = valueOf(p, variables).trim();
            const defaults = defaulted.map((r) => `\${${r.name}:-${r.fallback ?? ''}}`).join(', ');
            const containerLogs = readsContainerLogs(tailTarget(section, variables, context.options));
            const advice = containerLogs ? `write ${section.config.spell('multiline.parser')} ${targetMultiline(context.options.criOnly)} in its place` : 'write the parser it should use without :-';
            context.report({ severity: containerLogs ? 'warning' : 'info', messageId: 'noDefaultOperator', data: { key: p.key, value: p.value, version: old ?? '', refs: defaults, reads: resolved === '' ? `no ${p.key}` : `${p.key} ${resolved}`, advice }, at: p.valueAt });
            continue;
          }
          const unresolved = resolveVariables(p, variables).unresolved;
          if (defaults && fromTemplate(unresolved)) {
            const resolved = resolveVariables(p, defaults.values).value;
            const names = resolved.split(',').map((n) => n.trim());
            const runtime = names.includes('docker') || names.includes('cri');
            const multiline = p.key.toLowerCase() === 'multiline.parser';
            const where = defaults.lines(unresolved);
            const advice = !runtime
              ? `: nothing to change unless \`oc process -p\` sets docker or cri`
              : multiline
                ? names.includes('docker') && names.includes('cri')
                  ? ': it reads both formats, nothing to change'
                  : `: set the parameter's value (${where}) to ${targetMultiline(context.options.criOnly)}, or write that on this line`
                : below18(context.version)
                  ? `: Fluent Bit ${context.version.major}.${context.version.minor ?? 0} has no multiline.parser; set the parameter's value (${where}) to a parser that reads CRI lines (a cri-log [PARSER], as legacy-parser writes), or upgrade to Fluent Bit >= 1.8`
                  : `: it must become ${section.config.spell('multiline.parser')} ${targetMultiline(context.options.criOnly)}; change this line (a parameter's value cannot turn ${p.key} into multiline.parser), and the parameter if nothing else uses it`;
            const warn = runtime && !(multiline && names.includes('docker') && names.includes('cri'));
            context.report({ severity: warn ? 'warning' : 'info', messageId: 'templateParser', data: { key: p.key, value: p.value, parameters: defaults.describe(unresolved), resolved, advice }, at: p.valueAt });
          } else if (unresolved.length > 0) {
            // Fluent Bit's process environment: the literal env of the containers that run this config (after @SET, which wins).
            const env = runnersEnv(context.runners, unresolved, context.deployment.configMapData);
            if (env === undefined) {
              context.report({ severity: 'warning', messageId: 'parserVariable', data: { key: p.key, value: p.value, variables: formatVariables(unresolved) }, at: p.valueAt });
              continue;
            }
            const resolved = resolveVariables(p, new Map([...variables, ...env.values])).value;
            const judged = judgeEnvParser(p, resolved, section, context.options.criOnly);
            context.report({ severity: judged.warn ? 'warning' : 'info', messageId: 'envParser', data: { key: p.key, value: p.value, where: env.where, resolved, advice: judged.advice }, at: p.valueAt });
          }
          else if (isTemplated(p)) {
            const multiline = section.config.spell('multiline.parser');
            const advice = p.key.toLowerCase() === 'multiline.parser'
              ? `if it renders docker without cri, it must render ${targetMultiline(context.options.criOnly)}`
              : `if it renders docker or cri, it must become ${multiline} ${targetMultiline(context.options.criOnly)}`;
            context.report({ severity: 'warning', messageId: 'parserTemplate', data: { key: p.key, value: p.value, advice }, at: p.valueAt });
          }
        }
      },
    };
  },
});

/** An env value as the envValue messages show it: a ConfigMap key an `envFrom` reads says so. */
function envShown(e: EnvEntry): string {
  return e.source === undefined ? e.value : `${e.value} (${e.source}, read through envFrom)`;
}

/** A whole template action (`{{ .Values.x }}`, `{{- include "a" . }}`, `{{cluster}}`) in a value: rendered before Fluent Bit reads it. */
const TEMPLATE_ACTION = /\{\{-?[ \t]*[.$("A-Za-z_][^{}\n]*\}\}/;

function isTemplated(p: Property): boolean {
  return TEMPLATE_ACTION.test(p.value);
}

/** `Parser docker / Docker_Mode`: the input's Docker-era parser settings, for a message. */
function dockerEraSettings(settings: TailParserSettings): string {
  const names = [...settings.runtimeParsers.map((p) => `${p.key} ${shownValue(p, settings.variables)}`), ...settings.dockerMode.map((p) => p.key)];
  return names.length > 0 ? names.join(' / ') : 'the parser';
}

/**
 * What to change in an input whose plugin we cannot name if it is tail: its
 * Docker-era settings as written (`Parser docker`, `Docker_Mode On`, a
 * `multiline.parser docker` without cri, a Path under Docker's data root or
 * naming `-json.log` files), what tail-parser and tail-path would change.
 * Undefined when it has none.
 */
function dockerEraAction(section: Section, variables: ReadonlyMap<string, string>, options: RuleOptions): string | undefined {
  const parsers: string[] = [];
  const settings = tailParserSettings(section, variables);
  for (const p of settings.runtimeParsers) if (valueOf(p, variables) === 'docker') parsers.push(`${p.key} ${shownValue(p, variables)}`);
  for (const p of settings.dockerMode) parsers.push(`${p.key} ${shownValue(p, variables)}`.trimEnd());
  const multiline = completeMultilines(settings.multiline, false, variables);
  if (multiline) parsers.push(`${multiline.property.key} ${shownValue(multiline.property, variables)}`);
  const actions: string[] = [];
  if (parsers.length > 0) actions.push(`replace ${parsers.join(' / ')} with ${section.config.spell('multiline.parser')} ${targetMultiline(options.criOnly)}`);
  // cri-dockerd keeps Docker's files (tail-path changes nothing there).
  const target = tailTarget(section, variables, options);
  if (options.runtime !== 'cri-dockerd' && target.path && target.kinds.has('docker-root')) actions.push(`point ${target.path.key} ${shownValue(target.path, variables)} at ${KUBELET_PATH}`);
  return actions.length > 0 ? actions.join(', and ') : undefined;
}

/**
 * The defaults of the OpenShift Template a config's ConfigMap sits in, over
 * the setup's variables: `oc process` puts a parameter's `value` where
 * `${NAME}` stands (before Fluent Bit expands anything) unless `-p NAME=...`
 * overrides it. Undefined outside a Template or when it has no defaults.
 */
function templateDefaults(
  section: Section,
  variables: ReadonlyMap<string, string>,
): { values: ReadonlyMap<string, string>; describe: (names: readonly string[]) => string; lines: (names: readonly string[]) => string; valueRanges: (names: readonly string[], path: string | undefined) => Located[] } | undefined {
  const params = section.config.source?.configMap?.templateParameters;
  if (!params || params.size === 0) return undefined;
  const values = new Map(variables);
  for (const [name, p] of params) if (!values.has(name)) values.set(name, p.value);
  const unique = (names: readonly string[]): string[] => [...new Set(names)].filter((n) => params.has(n));
  const lines = (names: readonly string[]): string => unique(names).map((n) => `${n} at line ${params.get(n)?.line}`).join(', ');
  const describe = (names: readonly string[]): string => {
    const list = unique(names).map((n) => `${n}=${params.get(n)?.value}`);
    return `${formatVariables(unique(names))} ${list.length > 1 ? 'take' : 'takes'} the Template's parameter default ${list.join(', ')} (${lines(names)}; \`oc process -p\` may override it)`;
  };
  // Offsets of the Template's file (the ConfigMap is one of its objects): only the path and outer offsets are read from a consumed range.
  const valueRanges = (names: readonly string[], path: string | undefined): Located[] =>
    path === undefined ? [] : unique(names).flatMap((n) => {
      const p = params.get(n);
      return p ? [{ target: { ...fileTarget(path, ''), toOuter: (o: number) => o }, start: p.start, end: p.end }] : [];
    });
  return { values, describe, lines, valueRanges };
}


/**
 * What a Parser or multiline.parser whose value comes from the container env reads once expanded, and what to
 * change. An env value cannot turn Parser into multiline.parser: a runtime Parser must be replaced on its line.
 */
function judgeEnvParser(p: Property, resolved: string, section: Section, criOnly: boolean): { readonly warn: boolean; readonly advice: string; readonly envAdvice: string } {
  const names = resolved.split(',').map((n) => n.trim().toLowerCase());
  const multiline = p.key.toLowerCase() === 'multiline.parser';
  const target = targetMultiline(criOnly);
  if (!names.includes('docker') && !names.includes('cri')) {
    const advice = ': not a runtime parser, nothing to change unless the env names docker or cri';
    return { warn: false, advice, envAdvice: advice };
  }
  if (multiline) {
    // `cri` alone reads CRI lines (what --cri-only writes); `docker` without cri does not.
    if (names.includes('cri')) return { warn: false, advice: ': it reads CRI lines, nothing to change', envAdvice: '' };
    return {
      warn: true,
      advice: `: set the env value to ${target}, or write ${p.key} ${target} on this line (flb-migrate edits neither: the value lives in the env)`,
      envAdvice: `: set this value to ${target} (or write ${p.key} ${target} in the config instead of the variable)`,
    };
  }
  const multilineKey = section.config.spell('multiline.parser');
  return {
    warn: true,
    advice: `: replace the line with ${multilineKey} ${target} (an env value cannot turn ${p.key} into multiline.parser), and drop the env entry if nothing else uses it`,
    envAdvice: `: replace that line with ${multilineKey} ${target} (an env value cannot turn ${p.key} into multiline.parser), then drop this entry if nothing else uses it`,
  };
}
