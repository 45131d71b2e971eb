import { isMap, isPair, isScalar, parseDocument } from 'yaml';
import { isDockerfilePath } from './dockerfile-name.js';
import { isJenkinsfilePath } from './jenkinsfile-name.js';

/*
 * Format sniffing, in one place: which texts, names and YAML documents are
 * Fluent Bit configs, and in which format. Each test says how strict it is;
 * all are cheap, linear and never throw.
 */

/**
 * `.yaml`, `.yml`, `.json`, and templated variants (`.yaml.j2`, `.yaml.tpl`, `.yaml.gotmpl`), and SaltStack
 * states (`.sls`: YAML, usually rendered through Jinja first): read as YAML.
 */
export function isYamlPath(path: string): boolean {
  return /\.(ya?ml|json)(\.(j2|tpl|gotmpl|tmpl))?$/i.test(path) || /\.sls$/i.test(path);
}

/** Languages by extension (see foreignLanguage). */
const FOREIGN_LANGUAGES: Readonly<Record<string, string>> = {
  tf: 'Terraform',
  tfvars: 'Terraform',
  hcl: 'HCL',
  jsonnet: 'Jsonnet',
  libsonnet: 'Jsonnet',
  cue: 'CUE',
  py: 'Python',
  go: 'Go',
  js: 'JavaScript',
  mjs: 'JavaScript',
  cjs: 'JavaScript',
  ts: 'TypeScript',
  rb: 'Ruby',
  sh: 'shell',
  bash: 'shell',
  mk: 'Make',
  // Groovy (a Jenkins `load`ed file, a shared library's vars/ step): read for the helm lines of its steps only, as a Jenkinsfile.
  groovy: 'Groovy',
  ps1: 'PowerShell',
  // A lua filter's `script` (the walk takes one a walked config names: collect-inputs.ts referencedInputs); read by
  // lua-filter as the script's text, never as a config.
  lua: 'Lua',
};

/** Languages by whole file name (no extension to tell them). */
const FOREIGN_FILE_NAMES: Readonly<Record<string, string>> = { makefile: 'Make', gnumakefile: 'Make' };

/**
 * Languages that hold Fluent Bit configs and Kubernetes objects but that
 * flb-migrate does not parse (Terraform's `kubernetes_config_map` heredocs and
 * `helm_release` values, Jsonnet, Pulumi/cdk8s programs, an operator's Go
 * template string), by file extension; undefined for any other name. Fluent
 * Bit never runs such a file as its config, so it is never read as a classic
 * config (its `[INPUT]` lines would make it one, and every line of code an
 * error): the safety net scans it instead. The walk takes the Terraform, HCL,
 * Jsonnet and CUE (Timoni modules) ones, shell scripts and Makefiles (where
 * `helm install --set config.inputs=...` lives), Dockerfiles (a team's image
 * that copies its config in by name, or writes it with `RUN echo`)
 * (collect-inputs.ts), and Jenkinsfiles (language `Jenkinsfile`: Groovy
 * pipelines, read for their steps' helm lines only, never scanned); other
 * source files only when named.
 */
export function foreignLanguage(path: string): string | undefined {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  if (Object.hasOwn(FOREIGN_FILE_NAMES, name)) return FOREIGN_FILE_NAMES[name];
  if (isDockerfilePath(name)) return 'Dockerfile';
  if (isJenkinsfilePath(name)) return 'Jenkinsfile';
  const dot = path.lastIndexOf('.');
  if (dot < 0 || /[\\/]/.test(path.slice(dot))) return undefined;
  return FOREIGN_LANGUAGES[path.slice(dot + 1).toLowerCase()];
}

/** `*.conf` key or file name. */
export function isConfName(name: string): boolean {
  return /\.conf$/i.test(name);
}

/** `*.yaml` / `*.yml` key or file name. */
export function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/**
 * The reader Fluent Bit opens a file with by its name, whatever it holds
 * (flb_config_format.c flb_cf_create_from_file: the text after the path's
 * last `.` compared case-insensitively; `-c` and `parsers_file` targets):
 * `.yaml`/`.yml` is YAML, any other name classic.
 */
export function readerByName(path: string): 'yaml' | 'classic' {
  return isYamlName(path) ? 'yaml' : 'classic';
}

/**
 * Strictest whole-text test, for a text with no file name (stdin,
 * `migrateText`): its first meaningful line is a `[SECTION]` header or an
 * `@INCLUDE`/`@SET` command (a YAML stream never starts that way in practice).
 */
export function looksLikeClassicConfig(text: string): boolean {
  for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    return /^\[[A-Za-z_][A-Za-z0-9_. -]*\]$/.test(line) || /^@(INCLUDE|SET)\s/i.test(line);
  }
  return false;
}

/**
 * For a ConfigMap value whose key does not say the format: some line is a
 * known section header (`[INPUT]`, any case, any indentation, nothing else on
 * the line) or a column-0 `@INCLUDE`.
 */
export function containsClassicConfig(text: string): boolean {
  return /^[ \t]*\[(SERVICE|INPUT|FILTER|OUTPUT|PARSER|MULTILINE_PARSER)\][ \t]*\r?$/im.test(text) || /^@INCLUDE[ \t]/im.test(text);
}

/** For arbitrary Helm values strings, where false positives cost most: a known section header at column 0. */
export function startsClassicSection(text: string): boolean {
  return /^\[(INPUT|FILTER|OUTPUT|SERVICE|PARSER|MULTILINE_PARSER)\]/im.test(text);
}

/**
 * A fluentd config (`<source>`, `<match ...>`, `@type`) under a `.conf` key:
 * not Fluent Bit, unless it also has a Fluent Bit section header.
 */
export function looksLikeFluentd(text: string): boolean {
  return !containsClassicConfig(text) && /^[ \t]*(<(source|match|filter|label|system)\b|@type\s)/m.test(text);
}

/** Top-level keys of the Fluent Bit YAML format that only a Fluent Bit config has. */
const YAML_CONFIG_KEYS: readonly string[] = ['pipeline', 'service', 'parsers', 'multiline_parsers'];
const YAML_FILE_KEYS: readonly string[] = [...YAML_CONFIG_KEYS, 'includes', 'env'];
/** Every top-level key the Fluent Bit YAML format knows (fluent-bit-config-format.md B.1). */
const YAML_KNOWN_KEYS: readonly string[] = [...YAML_FILE_KEYS, 'customs', 'plugins', 'upstream_servers', 'stream_processor', 'extensions'];

/** Lower-cased scalar keys of a YAML map, in order ([] for anything else). */
function topKeys(root: unknown): string[] {
  if (!isMap(root)) return [];
  const keys: string[] = [];
  for (const item of root.items) if (isPair(item) && isScalar(item.key)) keys.push(String(item.key.value).toLowerCase());
  return keys;
}

/**
 * A whole YAML document that is a Fluent Bit YAML config: it has `pipeline`,
 * or all its top-level keys are Fluent Bit sections and one of them is
 * `service`/`parsers`/`multiline_parsers`/`includes`/`env` (Helm values also
 * have a `service:` key, next to many others).
 */
export function isYamlConfigRoot(root: unknown): boolean {
  const keys = topKeys(root);
  if (keys.length === 0) return false;
  if (keys.includes('pipeline')) return true;
  return keys.every((k) => YAML_KNOWN_KEYS.includes(k)) && keys.some((k) => YAML_FILE_KEYS.includes(k));
}

/**
 * A `.yaml` ConfigMap value that parses (alias-safe, no toJS) to a map with
 * a Fluent Bit YAML section key (`includes` counts: a main file that only
 * includes others, as --to-yaml writes for a classic file of @INCLUDEs), or
 * whose keys are all Fluent Bit sections with `env` among them (the
 * variables file a config includes; --to-yaml writes one for a key of
 * `@SET` lines).
 */
export function looksLikeYamlConfig(text: string): boolean {
  return sniffYamlConfig(text) === 'valid';
}

/** A line at column 0 that opens one of those sections (`pipeline:`, `service:  # comment`...): YAML_CONFIG_KEYS and `includes`. */
const YAML_CONFIG_KEY_LINE = /^(?:pipeline|service|parsers|multiline_parsers|includes)[ \t]*:(?:[ \t]|$)/im;

/** The words of YAML_FILE_KEYS (multiline_parsers holds parsers), in any case: sniffYamlConfig's test before a parse. */
const SECTION_WORD = /pipeline|service|parsers|includes|env/i;

/** A line at column 0 that opens a Fluent Bit YAML section (the cheap test before a parse). */
const YAML_SECTION_LINE = /^(?:pipeline|service|parsers|multiline_parsers|includes|env)[ \t]*:(?:[ \t]|$)/im;

/**
 * A text under another name than `.yaml`/`.yml` (a `.conf` file or
 * ConfigMap key a YAML config includes: Fluent Bit reads an `includes:`
 * target as YAML whatever its name) that is a Fluent Bit YAML config: it
 * parses without an error to a map whose keys are Fluent Bit sections
 * (isYamlConfigRoot, stricter than sniffYamlConfig, which a YAML name
 * backs). Parses only texts with a line that opens such a section.
 */
export function isYamlConfigText(text: string): boolean {
  if (!YAML_SECTION_LINE.test(text)) return false;
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  return doc.errors.length === 0 && isYamlConfigRoot(doc.contents);
}

/**
 * Whether a text under a YAML name (`*.yaml` ConfigMap key) is a Fluent Bit
 * YAML config, with one parse: `valid` as looksLikeYamlConfig says; `broken`
 * when yaml reports an error but a line opens a section only a Fluent Bit
 * config has (it is meant as one: read as a YAML config, its syntax errors
 * are reported where they are, instead of the key being taken for something
 * else; Fluent Bit refuses it); undefined otherwise.
 */
export function sniffYamlConfig(text: string): 'valid' | 'broken' | undefined {
  if (text.trim() === '') return undefined;
  // Every answer but undefined needs a top-level key (lowercased) that is one of these words, or the line test below:
  // a text that holds none of them, not even spelled with escapes in a double-quoted key, is not parsed (issue #14: the
  // reader-mismatch check sniffs every classic extraFiles key, and the parse was ~2.5% of a tree's migration).
  if (!text.includes('\\') && !SECTION_WORD.test(text)) return undefined;
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) return YAML_CONFIG_KEY_LINE.test(text) ? 'broken' : undefined;
  // Or only Fluent Bit sections with `env` among them: an env-only file that a config includes (its `${VAR}`s), as
  // isYamlConfigRoot reads a whole file.
  return topKeys(doc.contents).some((k) => YAML_CONFIG_KEYS.includes(k) || k === 'includes') || isYamlConfigRoot(doc.contents) ? 'valid' : undefined;
}
