import { Composer, isMap, isPair, isScalar, isSeq, Pair, parseAllDocuments, parseDocument, Parser, Scalar, visit, YAMLMap, YAMLSeq, type Document, type Node } from 'yaml';
import { decodeBase64, readKubernetesBase64 } from '../source/base64.js';
import { base64LineNote, base64Map } from '../yaml/base64-map.js';
import { settleTokenFields, trimSourceTokens } from '../yaml/drop-source-tokens.js';
import { SOURCE_TOKEN_READ } from '../yaml/source-options.js';
import { readAllPieces, yamlPieces } from '../yaml/yaml-pieces.js';
import { fluentBitShapeErrors, type ShapeState } from '../yaml/fluent-bit-shape.js';
import type { Diagnostic } from '../source/diagnostic.js';
import { LineIndex } from '../source/line-index.js';
import { containsClassicConfig, foreignLanguage, isConfName, isYamlConfigRoot, isYamlConfigText, isYamlName, isYamlPath, looksLikeYamlConfig, sniffYamlConfig } from '../source/sniff-format.js';
import type { SourceFile } from '../source/source-file.js';
import type {
  ChartKind,
  ChartRelease,
  ChartReleaseInfo,
  ConfigMapInfo,
  ConfigMapRef,
  TemplateParameter,
  Discovery,
  UmbrellaDependency,
  UmbrellaSubchart,
  DiscoveryHints,
  EmbeddedConfig,
  FileKind,
  FluentBitConfigResource,
  FluentBitImage,
  FluentBitResource,
  HelmRepositoryRef,
  HelmValuesInfo,
  KustomizationInfo,
  LoggingOperatorAgent,
  OperatorInput,
  OperatorParser,
  OperatorParserFilter,
  OperatorLuaFilter,
  OperatorMultilineParser,
  OtherKey,
  PodTemplate,
  ValuesFileLink,
  ValuesFromRef,
  ValuesText,
  YamlPath,
} from './discovery-types.js';
import { embedScalar, isEmbeddedText } from '../yaml/embedded-text.js';
import { findChartRoots, findHelmConfigScalars, readHelmValues } from './helm-values.js';
import { isAtOrBelow } from './umbrella.js';
import { addFluxSource, type FluxSourceMap } from './flux-source.js';
import { fluxSourcesOf } from './flux-sources.js';
import { isFluentBitImage, parseImageRef } from './image-ref.js';
import { classifyConf, isFluentBitConfKey } from './conf-kind.js';
import { checkBinary, checkEmpty, checkLongLines } from './input-checks.js';
import { isKustomizationFileName, isKustomizationObject, readKustomization } from './kustomization.js';
import { composeMaps, identityMap, tailMap, type OffsetMap } from '../yaml/offset-map.js';
import { aliasSearch, indexAliases, resolveAlias, type BadAlias, type SharedAnchor } from '../yaml/aliases.js';
import { chartBaseName, grafanaChartOf, sniffChartKind } from './chart-kind.js';
import { helmfileEnvironments, isFleetName, isHelmfileName, readFleetReleases, readHelmfileReleases, readReleaseValues, type HelmRepositories, type ReleaseChart, type ReleaseValues } from './releases.js';
import { readFluentBitConfigResource, readFluentBitResource, readOperatorInput, readOperatorMultilineParser, readOperatorParser, readOperatorParserFilters, readOperatorLuaFilters } from './operator-inputs.js';
import { readLoggingAgents } from './logging-operator.js';
import { readPodTemplate } from './pod-templates.js';
import { checkTemplateFile, checkYamlTemplate } from './template-check.js';
import { findFluentBitConfig } from './docker-signals.js';
import { isLiteralWord, kubectlConfigMapCommands } from './kubectl-configmap.js';
import { badAliasErrors, fluentBitYamlErrors, isEmptyDocument, validateYaml, yamlErrors } from '../yaml/validate-yaml.js';
import { getMap, getNode, getSeq, getString, scalarSource } from '../yaml/yaml-nodes.js';

function baseName(path: string): string {
  return path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
}

interface Collector {
  readonly file: SourceFile;
  configs: EmbeddedConfig[];
  otherKeys: OtherKey[];
  configMaps: ConfigMapInfo[];
  podTemplates: PodTemplate[];
  operatorInputs: OperatorInput[];
  images: FluentBitImage[];
  diagnostics: Diagnostic[];
  helmValues: HelmValuesInfo | undefined;
  helmCharts: HelmValuesInfo[];
  kustomizations: KustomizationInfo[];
  fluentBits: FluentBitResource[];
  fluentBitConfigs: FluentBitConfigResource[];
  operatorParsers: OperatorParser[];
  operatorParserFilters: OperatorParserFilter[];
  operatorLuaFilters: OperatorLuaFilter[];
  operatorMultilineParsers: OperatorMultilineParser[];
  loggingAgents: LoggingOperatorAgent[];
  valuesTexts: ValuesText[];
  valuesFrom: ValuesFromRef[];
  templateRanges: (readonly [number, number])[];
  releases: ChartReleaseInfo[];
  /** The file's Flux HelmRepository objects (read before its HelmReleases, wherever they sit in the file). */
  helmRepositories: HelmRepositories;
  /** The same and those of other files the hints give (the file's own first): what its HelmReleases are resolved against. */
  knownRepositories: HelmRepositories;
  missingRepositories: HelmRepositoryRef[];
  readonly hints: DiscoveryHints | undefined;
  kinds: Set<FileKind>;
}

function idOf(path: string, docIndex: number, yamlPath: YamlPath): string {
  return `${path}#${docIndex}/${yamlPath.join('/')}`;
}

/**
 * Maps a diagnostic of a text embedded in the file (a values string, a
 * config in a ConfigMap key) to the file: offsets through `map`, the lines
 * a message names ("Parser docker at line 7") made the file's, the message
 * prefixed with the value's path.
 */
function embeddedToFile(fileText: string, text: string, map: OffsetMap, label: string, base64 = false): (d: Diagnostic) => Diagnostic {
  // Line indexes made on first use: a mapper is made for every YAML config of a ConfigMap key, errors or not, and
  // an index of the whole file per config was quadratic in a big manifest (issue #14).
  let inner: LineIndex | undefined;
  let outer: LineIndex | undefined;
  const fileLine = (line: string): number => {
    inner ??= new LineIndex(text);
    outer ??= new LineIndex(fileText);
    return outer.position(map.toOuter(inner.lineStart(Number(line)))).line;
  };
  return (d) => ({
    ...d,
    start: map.toOuter(d.start),
    end: map.toOuter(d.end),
    // base64 has no lines of its text: the lines stay the decoded text's, said so.
    message: `${label}: ${d.message.replace(/at line (\d+)/g, (_, n: string) => (base64 ? `at line ${n} of the decoded base64 value` : `at line ${fileLine(n)}`))}${base64 && !/at line \d/.test(d.message) ? base64LineNote({ text, encoding: 'base64' }, d.start) : ''}`,
  });
}

function addScalarConfig(
  c: Collector,
  node: Scalar,
  base: Omit<EmbeddedConfig, 'id' | 'path' | 'text' | 'style' | 'map' | 'start' | 'end' | 'node'>,
  within?: ValuesText,
  decoded?: string,
): boolean {
  const scalar = embedScalar(within ? within.text : c.file.text, node);
  // A base64 value: the config is its decoded text, edited through the base64 layer over the scalar's own map.
  const embedded = decoded === undefined || !isEmbeddedText(scalar) ? scalar : { ...scalar, text: decoded, map: base64Map(c.file.text, scalar, decoded) };
  const toFile = (o: number): number => (within ? within.map.toOuter(o) : o);
  if (!isEmbeddedText(embedded)) {
    c.diagnostics.push({
      code: 'UNSUPPORTED_SCALAR_STYLE',
      severity: 'warning',
      message: `'${base.name}' holds a Fluent Bit config in a ${embedded.style} scalar: ${embedded.reason}; left unchanged`,
      start: toFile(embedded.start),
      end: toFile(embedded.end),
    });
    return false;
  }
  const map = within ? composeMaps(embedded.map, within.map) : embedded.map;
  // A YAML-format config is a YAML text too: a syntax error is an error, as in the file's own documents, and so is what
  // Fluent Bit's reader refuses in valid YAML (every alias, an anchor name libyaml does not scan): Fluent Bit refuses the config.
  if (base.format === 'yaml') c.diagnostics.push(...validateYaml(embedded.text, { uniqueKeys: false, fluentBit: true }).map(embeddedToFile(c.file.text, embedded.text, map, base.yamlPath.join('.'), decoded !== undefined)));
  // Object.assign, not a spread: V8 (Node 20) builds `{ ...base, id, ... }` in a slow runtime call (NOTES.md "Tree throughput (branch `treeperf31`)"). Same keys, same order.
  c.configs.push(
    Object.assign(
      {},
      base,
      {
        id: idOf(c.file.path, base.docIndex, base.yamlPath),
        path: c.file.path,
        text: embedded.text,
        style: embedded.style,
        map,
        start: toFile(embedded.start),
        end: toFile(embedded.end),
        node,
      },
      within ? { within: { text: within, map: embedded.map } } : undefined,
      decoded !== undefined ? { encoding: 'base64' as const } : undefined,
    ),
  );
  return true;
}

/**
 * A ConfigMap's `data` (and `binaryData`), or a Secret's `stringData` (and
 * its base64 `data`), with the keys that hold Fluent Bit configs. A base64
 * value is decoded as Kubernetes decodes it and its text read like a
 * `stringData` value's (edited through yaml/base64-map.ts); one that cannot
 * be decoded but may hold a config is a `BASE64_UNREADABLE` warning.
 */
function readConfigMap(c: Collector, obj: YAMLMap, docIndex: number, objectPath: YamlPath, kind: 'ConfigMap' | 'Secret', params: ReadonlyMap<string, TemplateParameter> | undefined): void {
  const meta = getMap(obj, 'metadata');
  const ref: ConfigMapRef = { kind, name: getString(meta, 'name'), namespace: getString(meta, 'namespace'), docIndex, objectPath, ...(params && params.size > 0 ? { templateParameters: params } : {}) };
  const keys: string[] = [];
  const sections = kind === 'Secret' ? (['stringData', 'data'] as const) : (['data', 'binaryData'] as const);
  const linked = (c.hints?.valuesFrom ?? []).filter((r) => r.kind === kind && r.name === ref.name && (r.namespace === undefined || ref.namespace === undefined || r.namespace === ref.namespace));
  for (const section of sections) {
    const data = getMap(obj, section);
    for (const pair of data?.items ?? []) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      keys.push(name);
      const yamlPath = [...objectPath, section, name];
      const value = resolveAlias(pair.value);
      const text = isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
      const base64 = section === 'binaryData' || (kind === 'Secret' && section === 'data');
      const readable = !base64;
      const release = readable ? linked.find((r) => r.valuesKey === name && r.targetPath === undefined)?.release : undefined;
      // Chart values in a key (Flux's `valuesFrom` convention), linked or not: read as values, never as a classic config.
      const values = readable && text !== undefined && (release !== undefined || (isYamlName(name) && isChartValuesText(text)));
      const maps = values && isScalar(value) ? readValuesString(c, value, docIndex, yamlPath, release) : [];
      // The key as Flux reads it: a Secret's `data` decoded from base64 (read for the rules that judge the release, never edited).
      const decoded = kind === 'Secret' && section === 'data' && text !== undefined && isScalar(value) && linked.some((r) => r.valuesKey === name) ? decodeBase64(text) : undefined;
      const read = !isScalar(value) ? undefined : readable ? value : decoded !== undefined ? Object.assign(new Scalar(decoded), { range: value.range }) : undefined;
      if (read !== undefined && isScalar(value)) {
        let whole: { map: YAMLMap; text: undefined }[] | undefined;
        for (const ref of linked) {
          if (ref.valuesKey !== name) continue;
          const own = ref.targetPath !== undefined ? targetPathValues(ref.targetPath, read) : readable ? maps : (whole ??= base64Values(decoded as string, value));
          const notes = [readable ? undefined : 'base64 data', ref.targetPath === undefined ? undefined : `targetPath ${ref.targetPath}`].filter((n) => n !== undefined);
          if (own.length > 0) pushValuesFrom(c, ref, own, docIndex, `${kind} ${ref.name} key ${name}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`);
        }
      }
      // A base64 value (not chart values Flux reads) is read as Kubernetes decodes it, and its text like a `stringData` value's.
      const encoded = base64 && text !== undefined && isScalar(value) && !linked.some((r) => r.valuesKey === name) ? readKubernetesBase64(text) : undefined;
      const plain = encoded === undefined ? (base64 ? undefined : text) : 'text' in encoded ? encoded.text : undefined;
      const format = values || plain === undefined || !isScalar(value) ? undefined : configFormat(name, plain);
      if (format && isScalar(value) && addScalarConfig(c, value, { format, origin: 'configmap', name, docIndex, yamlPath, configMap: ref }, undefined, encoded !== undefined ? plain : undefined)) {
        continue;
      }
      if (encoded !== undefined && 'problem' in encoded && isScalar(value) && text !== undefined && mayHoldConfig(name, text)) {
        const [start, end] = value.range ?? [0, 0];
        c.diagnostics.push({
          code: 'BASE64_UNREADABLE',
          severity: 'warning',
          message: `${kind} ${ref.name ?? '(no name)'} ${section === 'data' ? 'data' : 'binaryData'} key '${name}' may hold a Fluent Bit config, but its value is not base64 of UTF-8 text as Kubernetes reads it: ${encoded.problem}; not read, left unchanged (fix the value, or move the text to ${kind === 'Secret' ? 'stringData' : 'data'})`,
          start,
          end,
        });
      }
      const range = (isScalar(value) ? value.range : undefined) ?? pair.key.range ?? [0, 0, 0];
      c.otherKeys.push({ name, configMap: ref, docIndex, yamlPath, start: range[0], end: range[1], ...(base64 && text !== undefined ? { base64: text } : {}) });
    }
  }
  c.configMaps.push(Object.assign({}, ref, { keys, node: obj })); // not a spread: V8 (Node 20) builds `{ ...a, b }` in a slow runtime call
}

/** The format of a ConfigMap (or Secret `stringData`, or decoded base64) key's text when it holds a Fluent Bit config. */
function configFormat(name: string, text: string): EmbeddedConfig['format'] | undefined {
  if (isConfName(name) && isFluentBitConfKey(text)) return 'classic';
  if (isYamlName(name) && sniffYamlConfig(text) !== undefined) return 'yaml';
  if (isYamlConfigText(text)) return 'yaml'; // e.g. a `.conf` key holding YAML, which a YAML config's includes: read as YAML
  return containsClassicConfig(text) ? 'classic' : undefined;
}

/** A base64 key that Kubernetes cannot read whose name is a config's, or whose text read leniently (blanks dropped) is one. */
function mayHoldConfig(name: string, text: string): boolean {
  if (isConfName(name) || isYamlName(name)) return true;
  const lenient = decodeBase64(text);
  return lenient !== undefined && configFormat(name, lenient) !== undefined;
}

/**
 * The `literals` of a kustomization's generators that hold a whole Fluent Bit config (`filters.conf=[FILTER]...`):
 * kustomize makes each a key of the generated ConfigMap or Secret, the text up to the first `=` its name and the rest
 * its value (api/kv/kv.go parseLiteralSource). Read as keys of that object: its name with the kustomization's
 * namePrefix/nameSuffix, the kustomization's namespace over the generator's (the namespace transformer overrides it).
 */
function readGeneratorLiterals(c: Collector, obj: YAMLMap, k: KustomizationInfo, objectPath: YamlPath): void {
  for (const [section, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
    getSeq(obj, section)?.items.forEach((g, index) => {
      const literals = isMap(g) ? getSeq(g, 'literals') : undefined;
      if (!literals) return;
      const name = getString(g, 'name');
      const generatorPath = [...objectPath, section, index];
      const ref: ConfigMapRef = { kind, name: name === undefined ? undefined : `${k.namePrefix ?? ''}${name}${k.nameSuffix ?? ''}`, namespace: k.namespace ?? getString(g, 'namespace'), docIndex: k.docIndex, objectPath: generatorPath };
      literals.items.forEach((item, i) => {
        if (!isScalar(item) || typeof item.value !== 'string') return;
        const eq = item.value.indexOf('=');
        if (eq <= 0) return;
        const key = item.value.slice(0, eq);
        const value = item.value.slice(eq + 1);
        const format = isConfName(key) && isFluentBitConfKey(value) ? 'classic' : isYamlName(key) && sniffYamlConfig(value) !== undefined ? 'yaml' : undefined;
        if (format === undefined) return;
        const yamlPath = [...generatorPath, 'literals', i];
        const embedded = embedScalar(c.file.text, item);
        if (!isEmbeddedText(embedded)) {
          c.diagnostics.push({ code: 'UNSUPPORTED_SCALAR_STYLE', severity: 'warning', message: `'${key}' holds a Fluent Bit config in a ${embedded.style} scalar: ${embedded.reason}; left unchanged`, start: embedded.start, end: embedded.end });
          return;
        }
        const map = tailMap(embedded.map, eq + 1);
        c.configs.push({ id: idOf(c.file.path, k.docIndex, yamlPath), path: c.file.path, format, origin: 'configmap', name: key, docIndex: k.docIndex, yamlPath, configMap: ref, text: value, style: embedded.style, map, start: map.toOuter(0), end: embedded.end, node: item });
      });
    });
  }
}

function readObject(c: Collector, obj: YAMLMap, docIndex: number, objectPath: YamlPath, params?: ReadonlyMap<string, TemplateParameter>): void {
  const kind = getString(obj, 'kind');
  if (kind === 'List' || (kind?.endsWith('List') && getSeq(obj, 'items'))) {
    getSeq(obj, 'items')?.items.forEach((item, i) => {
      if (isMap(item)) readObject(c, item, docIndex, [...objectPath, 'items', i], params);
    });
    return;
  }
  const embedded = embeddedObjects(obj, kind);
  if (embedded.length > 0) {
    const own = kind === 'Template' ? templateParameters(obj, c.file.text) : params;
    for (const e of embedded) readObject(c, e.map, docIndex, [...objectPath, ...e.path], own);
    return;
  }
  if (kind === 'ConfigMap' || kind === 'Secret') readConfigMap(c, obj, docIndex, objectPath, kind, params);
  if (isKustomizationObject(obj)) {
    const k = readKustomization(obj, docIndex);
    c.kustomizations.push(k);
    readGeneratorLiterals(c, obj, k, objectPath);
  }
  const fluentBit = readFluentBitResource(obj, docIndex);
  if (fluentBit) c.fluentBits.push(fluentBit);
  const fluentBitConfig = readFluentBitConfigResource(obj);
  if (fluentBitConfig) c.fluentBitConfigs.push(fluentBitConfig);
  const read = readPodTemplate(obj, docIndex, objectPath);
  const pod = read && params && params.size > 0 ? { ...read, templateParameters: new Map([...params].map(([k, v]) => [k, v.value])) } : read;
  if (pod) {
    c.podTemplates.push(pod);
    for (const ctr of pod.containers) {
      if (ctr.image && isFluentBitImage(ctr.image.image)) {
        c.images.push(Object.assign({}, ctr.image, { source: 'container' as const, node: ctr.imageNode, docIndex })); // not a spread: see addScalarConfig
      }
    }
  }
  const input = readOperatorInput(obj, docIndex, objectPath);
  if (input) c.operatorInputs.push(input);
  const parser = readOperatorParser(obj, docIndex);
  if (parser) c.operatorParsers.push(parser);
  c.operatorParserFilters.push(...readOperatorParserFilters(obj, docIndex));
  c.operatorLuaFilters.push(...readOperatorLuaFilters(obj, docIndex));
  const multilineParser = readOperatorMultilineParser(obj, docIndex);
  if (multilineParser) c.operatorMultilineParsers.push(multilineParser);
  c.loggingAgents.push(...readLoggingAgents(obj, docIndex));
  const release = readReleaseValues(obj, docIndex, objectPath, c.file.path, c.knownRepositories);
  if (release.missingRepository) c.missingRepositories.push(release.missingRepository);
  readReleases(c, release, docIndex);
}

/** The Flux HelmRepository objects of a file's documents (top level, a List's items, a YAML sequence of objects). */
function fileHelmRepositories(docs: readonly Document.Parsed[], skipped: ReadonlySet<number>): HelmRepositories {
  const out: FluxSourceMap = new Map();
  for (const source of fluxSourcesOf(docs, skipped)) addFluxSource(source, out);
  return out;
}

/**
 * Objects written inside another object and created as written: an
 * OpenShift Template's `objects` (`template.openshift.io/v1`, or the older
 * `v1`; `oc process` substitutes its `${PARAMETERS}`), a Crossplane
 * provider-kubernetes Object's `spec.forProvider.manifest`, and the `base`
 * of a Crossplane Composition's `spec.resources[]` (patches apply over it).
 * They are read as a List's items are.
 */
function embeddedObjects(obj: YAMLMap, kind: string | undefined): { readonly map: YAMLMap; readonly path: YamlPath }[] {
  const apiVersion = getString(obj, 'apiVersion') ?? '';
  const items = (seq: ReturnType<typeof getSeq>, key: YamlPath, sub?: string): { map: YAMLMap; path: YamlPath }[] =>
    (seq?.items ?? []).flatMap((item, i) => {
      const map = sub === undefined ? item : getMap(item, sub);
      return isMap(map) ? [{ map, path: sub === undefined ? [...key, i] : [...key, i, sub] }] : [];
    });
  if (kind === 'Template' && (apiVersion === 'v1' || apiVersion.startsWith('template.openshift.io/'))) return items(getSeq(obj, 'objects'), ['objects']);
  if (kind === 'Object' && apiVersion.startsWith('kubernetes.crossplane.io/')) {
    const manifest = getMap(getMap(getMap(obj, 'spec'), 'forProvider'), 'manifest');
    return manifest ? [{ map: manifest, path: ['spec', 'forProvider', 'manifest'] }] : [];
  }
  if (kind === 'Composition' && apiVersion.startsWith('apiextensions.crossplane.io/')) return items(getSeq(getMap(obj, 'spec'), 'resources'), ['spec', 'resources'], 'base');
  return [];
}

/** Ansible's Kubernetes modules that create the objects of their `definition`. */
export const ANSIBLE_K8S_MODULES: ReadonlySet<string> = new Set(['k8s', 'kubernetes.core.k8s', 'community.kubernetes.k8s', 'community.okd.k8s', 'redhat.openshift.k8s']);

/**
 * The objects an Ansible playbook or tasks file (a YAML sequence of plays or
 * tasks) creates with `kubernetes.core.k8s` (or its older names) from an
 * inline `definition:` (one object, or a list of them), in plays' `tasks`,
 * `pre_tasks`, `post_tasks`, `handlers` and `block`/`rescue`/`always`. Ansible
 * renders their `{{ }}` strings first: read like a values string, a templated
 * value is reported, never edited. A `definition` string (`lookup('template',
 * ...)`) or a `src:`/`template:` file is read on its own: the CLI puts it in
 * the task's batch (deploy/ansible.ts ansibleManifests).
 */
function ansibleDefinitions(seq: YAMLSeq, at: YamlPath, depth = 0): { readonly map: YAMLMap; readonly path: YamlPath }[] {
  const out: { map: YAMLMap; path: YamlPath }[] = [];
  if (depth > 16) return out;
  seq.items.forEach((item, i) => {
    if (!isMap(item) || getString(item, 'kind') !== undefined) return;
    for (const pair of item.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (ANSIBLE_K8S_MODULES.has(key) && isMap(pair.value)) {
        const definition = pair.value.get('definition', true);
        if (isMap(definition)) out.push({ map: definition, path: [...at, i, key, 'definition'] });
        else if (isSeq(definition)) definition.items.forEach((d, j) => isMap(d) && out.push({ map: d, path: [...at, i, key, 'definition', j] }));
      } else if (['tasks', 'pre_tasks', 'post_tasks', 'handlers', 'block', 'rescue', 'always'].includes(key) && isSeq(pair.value)) {
        out.push(...ansibleDefinitions(pair.value, [...at, i, key], depth + 1));
      }
    }
  });
  return out;
}

/**
 * An OpenShift Template's parameters with a default `value` (a string):
 * `oc process` puts it where `${NAME}` stands unless `-p NAME=...` overrides
 * it. `generate` and `from` parameters have no fixed default: left out.
 */
function templateParameters(obj: YAMLMap, text: string): ReadonlyMap<string, TemplateParameter> {
  const out = new Map<string, TemplateParameter>();
  let lines: LineIndex | undefined;
  for (const p of getSeq(obj, 'parameters')?.items ?? []) {
    const name = getString(p, 'name');
    const node = getNode(p, 'value');
    const value = scalarSource(node);
    const at = node?.range?.[0] ?? 0;
    if (name === undefined || value === undefined || value === '') continue;
    lines ??= new LineIndex(text);
    out.set(name, { value, line: lines.position(at).line, start: at, end: node?.range?.[1] ?? at });
  }
  return out;
}

/**
 * The release a values file is a value set of: the one link's release at the
 * link's precedence. A file two releases (or one release twice) name is judged
 * on its own, as before: its one config cannot be two releases' configs.
 */
function valuesFileRelease(links: readonly ValuesFileLink[] | undefined): ChartRelease | undefined {
  if (links?.length !== 1) return undefined;
  const link = links[0] as ValuesFileLink;
  return { ...link.release, precedence: link.precedence, ...(link.target !== undefined ? { target: link.target } : {}) };
}

/**
 * A Flux `valuesFrom` item's values as its release takes them (the rules that
 * judge a release see them, chartRelease): its own maps first, then what wins
 * over them (DiscoveryHints.valuesFromAfter: later items, `spec.values`).
 */
function pushValuesFrom(c: Collector, ref: ValuesFromRef, own: readonly { map: YAMLMap; text: ValuesText | undefined }[], docIndex: number, what: string): void {
  const after = c.hints?.valuesFromAfter?.find((l) => l.release.id === ref.release.id && l.precedence === ref.release.precedence)?.after ?? [];
  const values = [...own.map(({ map, text }) => ({ map, text, precedence: ref.release.precedence })), ...after.map((map) => ({ map, text: undefined }))];
  c.releases.push({ release: ref.release, docIndex, chartNode: undefined, versionNode: undefined, otherValues: true, values, valuesFile: true, valuesFrom: what });
}

/**
 * A `targetPath` as Helm's strvals reads the key of `<path>=<value>` (helm pkg/strvals/parser.go `key`, `listItem`,
 * `runesUntil`): names split at `.`, `[n]` list indexes (0 to 65536), a backslash taking the next character as it
 * is (`a\.b` is one name). Undefined for what strvals refuses or reads as more than one value (an empty name, a
 * `,` or `=` in the path, a bad index, nesting past 30 levels).
 */
export function strvalsPath(path: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  let name = '';
  let i = 0;
  // After an index: `.`, `[` or the end; a name must come before `.`/`[`.
  let afterIndex = false;
  while (i < path.length) {
    const ch = path[i] as string;
    if (afterIndex && ch !== '.' && ch !== '[') return undefined;
    if (ch === '\\') {
      if (i + 1 >= path.length) return undefined;
      name += path[i + 1];
      i += 2;
      continue;
    }
    if (ch === ',' || ch === '=') return undefined;
    if (ch === '.') {
      if (!afterIndex) {
        if (name === '') return undefined;
        out.push(name);
      }
      name = '';
      afterIndex = false;
      i++;
      continue;
    }
    if (ch === '[') {
      if (!afterIndex) {
        if (name === '') return undefined;
        out.push(name);
      }
      name = '';
      const close = path.indexOf(']', i);
      const digits = close < 0 ? '' : path.slice(i + 1, close);
      if (!/^\+?\d{1,5}$/.test(digits) || Number(digits) > 65536) return undefined;
      out.push(Number(digits));
      afterIndex = true;
      i = close + 1;
      continue;
    }
    name += ch;
    i++;
  }
  if (!afterIndex) {
    if (name === '') return undefined;
    out.push(name);
  }
  // strvals MaxNestedNameLevel: 30 dots after names.
  return out.filter((k) => typeof k === 'string').length > 31 ? undefined : out;
}

/**
 * A `valuesFrom` key with `targetPath`: its text is one value at that path
 * (fluxcd/pkg chartutil ReplacePathValue: Helm's strvals.ParseInto, a quoted
 * value taken as a string without its quotes), here a map holding the key's
 * node at that path (strvalsPath: list indexes make lists, the items before
 * the index null).
 */
function targetPathValues(path: string, node: Scalar): { map: YAMLMap; text: undefined }[] {
  const keys = strvalsPath(path);
  if (typeof node.value !== 'string' || keys === undefined) return [];
  const quoted = /^(?:'.*'|".*")$/s.test(node.value);
  const leaf = new Scalar(quoted ? node.value.slice(1, -1) : node.value);
  leaf.range = node.range;
  let value: Node = leaf;
  for (const key of [...keys].reverse()) {
    if (typeof key === 'number') {
      const seq = new YAMLSeq();
      for (let j = 0; j < key; j++) seq.items.push(new Scalar(null));
      seq.items.push(value);
      value = seq;
      continue;
    }
    const map = new YAMLMap();
    map.items.push(new Pair(new Scalar(key), value));
    value = map;
  }
  return isMap(value) ? [{ map: value, text: undefined }] : [];
}

/**
 * A Secret `data` key's values (base64): the decoded YAML document, read only for the rules that judge the release
 * (flb-migrate never edits base64); every node is placed at the base64 value, where findings about it point.
 */
function base64Values(decoded: string, node: Scalar): { map: YAMLMap; text: undefined }[] {
  const doc = parseDocument(decoded, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return [];
  const range = node.range;
  visit(doc, { Node: (_key, n) => { n.range = range ? [range[0], range[1], range[2]] : n.range; } });
  return [{ map: doc.contents, text: undefined }];
}

/** The chart values an object gives a release (Argo CD, Flux, kustomize helmCharts), read as values of that release. */
function readReleases(c: Collector, release: ReleaseValues, docIndex: number): void {
  const values = new Map<string, { map: YAMLMap; text: ValuesText | undefined; precedence: number }[]>();
  const add = (id: string, map: YAMLMap, text: ValuesText | undefined, precedence: number): void => {
    const list = values.get(id) ?? [];
    list.push({ map, text, precedence });
    values.set(id, list);
  };
  for (const set of release.sets) {
    if (set.map) {
      readValues(c, set.map, { docIndex, prefix: set.yamlPath, text: undefined, release: set.release, defaultsOnly: false });
      add(set.release.id, set.map, undefined, set.release.precedence);
    } else if (set.string) {
      for (const read of readValuesString(c, set.string, docIndex, set.yamlPath, set.release)) add(set.release.id, read.map, read.text, set.release.precedence);
    } else readValues(c, emptyValuesAt(set.node), { docIndex, prefix: set.yamlPath, text: undefined, release: set.release, defaultsOnly: true });
  }
  c.valuesFrom.push(...release.valuesFrom);
  for (const ref of release.valuesFrom) {
    if (ref.at === undefined || !c.hints?.valuesFromMissing?.some((m) => m.release.id === ref.release.id && m.release.precedence === ref.release.precedence)) continue;
    const object = `${ref.kind} ${ref.namespace !== undefined ? `${ref.namespace}/` : ''}${ref.name}`;
    const message = `${ref.release.label} takes values from ${object} (key ${ref.valuesKey}${ref.targetPath !== undefined ? `, targetPath ${ref.targetPath}` : ''}), which is not among the inputs (it is read from the cluster): what it sets was not checked; add the file that defines it to the run, or check its values by hand`;
    c.diagnostics.push({ code: 'VALUES_FROM_NOT_FOUND', severity: 'info', message, start: ref.at[0], end: ref.at[1] });
  }
  for (const chart of release.charts) {
    const sets = (values.get(chart.release.id) ?? []).sort((a, b) => a.precedence - b.precedence);
    // Values files of the batch that are Go templates (readBatch's hint): said, not read, as templated names are.
    const templates = (c.hints?.templateValuesFiles ?? []).filter(([id]) => id === chart.release.id).flatMap(([, precedence]) => {
      const node = chart.valuesFileRefs?.find((r) => r.precedence === precedence)?.node;
      return node ? [{ node, precedence, why: 'template-file' as const }] : [];
    });
    // `{{ .Environment.Name }}` items none of whose files the batch holds (readBatch's hint): a templated name, unread.
    const unfound = (c.hints?.unfoundEnvironmentFiles ?? []).filter(([id]) => id === chart.release.id).flatMap(([, precedence]) => {
      const node = chart.valuesFileRefs?.find((r) => r.precedence === precedence && r.target !== undefined)?.node;
      return node ? [{ node, precedence, why: 'templated-name' as const }] : [];
    });
    const unchecked = [...(chart.uncheckedValuesFiles ?? []), ...templates, ...unfound];
    c.releases.push({ release: chart.release, docIndex, chartNode: chart.chartNode, versionNode: chart.versionNode, ...(chart.sourceVersion ? { sourceVersion: chart.sourceVersion } : {}), ...(chart.unknownSource !== undefined ? { unknownSource: chart.unknownSource } : {}), otherValues: chart.otherValues, values: sets, ...(chart.valuesFileRefs ? { valuesFileRefs: chart.valuesFileRefs } : {}), ...(unchecked.length > 0 ? { uncheckedValuesFiles: unchecked } : {}), ...(chart.localChart ? { localChart: chart.localChart } : {}) });
    readLocalChart(c, chart);
  }
}

/**
 * What is said at a release that deploys a local chart (readBatch's hints): that no input holds the chart
 * (LOCAL_CHART_NOT_FOUND), or, for an umbrella chart of the batch, each Fluent Bit subchart the release turns off
 * (SUBCHART_DISABLED: its values in this release are left alone).
 */
function readLocalChart(c: Collector, chart: ReleaseChart): void {
  const node = chart.chartNode;
  const range = node?.range;
  if (!range || !chart.localChart) return;
  if (c.hints?.localChartsMissing?.includes(chart.release.id)) {
    const message = `${chart.release.label} deploys the local chart ${chart.localChart.path}, which is not among the inputs: the values it gives that chart's subcharts (a Fluent Bit dependency under its alias) are read by their shape only; run flb-migrate on the release and the chart together`;
    c.diagnostics.push({ code: 'LOCAL_CHART_NOT_FOUND', severity: 'info', message, start: range[0], end: range[1] });
  }
  const link = c.hints?.umbrellaReleases?.find((l) => l.release === chart.release.id);
  for (const u of link?.subcharts ?? []) {
    if (u.enabled) continue;
    const message = `dependency ${u.chart} of ${link?.chartPath ?? 'the chart'} is disabled for this release (${u.why}), so Helm does not render it: its values under ${u.path.join('.')} are left alone (Docker-era settings in them are not reported)`;
    c.diagnostics.push({ code: 'SUBCHART_DISABLED', severity: 'info', message, start: range[0], end: range[1] });
  }
}

/**
 * A Carvel ytt data values document: annotated `#@data/values` (or
 * `#@data/values-schema`) in the comment before it, as the TKG / Tanzu
 * packages' values files are.
 */
function isYttDataValues(doc: Document.Parsed): boolean {
  // Before a `---` the comment is the document's; without one, yaml gives it to the root map or its first key.
  const root = doc.contents;
  const first = isMap(root) ? root.items[0] : undefined;
  const firstKey = isPair(first) && isScalar(first.key) ? first.key.commentBefore : undefined;
  return [doc.commentBefore, root?.commentBefore, firstKey].some((c) => c !== undefined && c !== null && /^@data\/values/m.test(c));
}

/** Where a set of values sits and what it is given to. */
interface ValuesContext {
  readonly docIndex: number;
  /** Path of the values root in its document (for a values string: the string's path), for ids. */
  readonly prefix: YamlPath;
  readonly text: ValuesText | undefined;
  readonly release: ChartRelease | undefined;
  /** The release gives the chart no values: its defaults apply. */
  readonly defaultsOnly: boolean;
  /** Carvel ytt data values (`#@data/values`), not Helm values: no chart's knobs or defaults are assumed, only their configs read. */
  readonly ytt?: boolean;
  /** The values are a chart's values.yaml: where its Fluent Bit subcharts' values sit (DiscoveryHints.umbrella). */
  readonly umbrella?: readonly UmbrellaSubchart[];
}

/**
 * A ConfigMap key's text that is a chart values document (it parses as a
 * YAML map and holds a chart root: the fluent/fluent-bit chart's knobs, a
 * Fluent Bit image, a chart of ours), not a YAML-format Fluent Bit config.
 */
function isChartValuesText(text: string): boolean {
  if (looksLikeYamlConfig(text)) return false;
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  return doc.errors.length === 0 && isMap(doc.contents) && findChartRoots(doc.contents).length > 0;
}

/** An empty values map standing for a release without values, placed at `node` for findings. */
function emptyValuesAt(node: YAMLMap): YAMLMap {
  const map = new YAMLMap();
  if (node.range) map.range = [node.range[0], node.range[0], node.range[0]];
  return map;
}

/** The chart a release's values are for: what the release names, else the values' shape, else `fluent-bit` for a chart of that name. */
function releaseChartKind(root: YAMLMap, release: ChartRelease | undefined): ChartKind | undefined {
  if (!release) return undefined;
  if (release.kind !== undefined) return release.kind;
  const sniffed = sniffChartKind(root);
  if (sniffed) return sniffed;
  return release.chart !== undefined && chartBaseName(release.chart) === 'fluent-bit' ? 'fluent-bit' : 'other';
}

/**
 * Chart values written as a YAML string (Argo CD `helm.values`, a Flux
 * `valuesFrom` key): parsed as their own document, read like a values file,
 * with every node's offsets in the string's text and a map back to the file.
 */
function readValuesString(c: Collector, node: Scalar, docIndex: number, yamlPath: YamlPath, release: ChartRelease | undefined): { map: YAMLMap; text: ValuesText }[] {
  const embedded = embedScalar(c.file.text, node);
  const label = yamlPath.join('.');
  if (!isEmbeddedText(embedded)) {
    c.diagnostics.push({ code: 'UNSUPPORTED_SCALAR_STYLE', severity: 'warning', message: `'${label}' holds chart values in a ${embedded.style} scalar: ${embedded.reason}; not read`, start: embedded.start, end: embedded.end });
    return [];
  }
  const docs = parseAllDocuments(embedded.text, SOURCE_TOKEN_READ);
  const parsed: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  const toFile = embeddedToFile(c.file.text, embedded.text, embedded.map, label);
  const template = checkYamlTemplate(c.file.path, embedded.text, parsed);
  if (template.diagnostic) {
    c.diagnostics.push(toFile(template.diagnostic));
    // One diagnostic speaks for the templated string: the safety net does not report inside it again.
    c.templateRanges.push([embedded.start, embedded.end]);
  }
  if (template.isWholeFile) return [];
  const errors = yamlErrors(parsed);
  if (errors.length > 0) {
    c.diagnostics.push(...errors.map(toFile));
    return [];
  }
  const mayHoldAlias = aliasSearch(embedded.text);
  const bad: BadAlias[] = [];
  const sharedAnchors: SharedAnchor[] = parsed.flatMap((d, i) => indexAliases(d, mayHoldAlias, template.skipped.has(i) ? undefined : bad));
  if (bad.length > 0) {
    c.diagnostics.push(...badAliasErrors(embedded.text, bad, parsed).map(toFile));
    return [];
  }
  const text: ValuesText = {
    id: `values:${c.file.path}#${docIndex}/${yamlPath.join('/')}`,
    path: c.file.path,
    text: embedded.text,
    map: embedded.map,
    start: embedded.start,
    end: embedded.end,
    sharedAnchors,
    documents: parsed,
  };
  c.valuesTexts.push(text);
  const maps: { map: YAMLMap; text: ValuesText }[] = [];
  parsed.forEach((doc, i) => {
    if (template.skipped.has(i) || !isMap(doc.contents)) return;
    readValues(c, doc.contents, { docIndex, prefix: yamlPath, text, release, defaultsOnly: false });
    maps.push({ map: doc.contents, text });
  });
  return maps;
}

/**
 * One set of chart values: the chart roots it holds (the root, or subchart
 * keys of an umbrella chart), their knobs, and the Fluent Bit configs in
 * their strings. `ctx` says where the values sit (a values file's root, an
 * Argo CD `valuesObject`, a Flux `spec.values`, a values string) and which
 * release they are given to.
 */
function readValues(c: Collector, root: YAMLMap, ctx: ValuesContext): void {
  const { docIndex, prefix, text, release } = ctx;
  // A chartless HelmRelease of a kustomize patch file: the chart of the release it patches (read-batch linkPatchCharts).
  const patched = release?.helmRelease !== undefined && release.chart === undefined && prefix.length > 0 ? c.hints?.patchedCharts?.find(([at]) => at === docIndex)?.[1] : undefined;
  const kind = patched ?? releaseChartKind(root, release);
  // grafana's fluent-bit chart and loki-stack (whose fluent-bit subchart is grafana's) render their own ConfigMap:
  // their values are that chart's whatever their shape (a `config.inputs` key there is not the fluent chart's).
  const grafana = release !== undefined && kind === 'other' && grafanaChartOf(release.chart, release.repoURL) !== undefined;
  const sniffed = ctx.defaultsOnly || grafana
    ? kind === undefined || kind === 'other' ? [] : [{ map: root, path: [] as YamlPath, kind }]
    : findChartRoots(root, kind);
  // An umbrella chart's values.yaml: its Fluent Bit subcharts' values are those charts' values whatever their shape; a disabled one's are left alone.
  // A release's values when it deploys an umbrella chart of the batch: its subcharts as that release sees them.
  const umbrella = ctx.umbrella ?? (release ? c.hints?.umbrellaReleases?.find((l) => l.release === release.id)?.subcharts : undefined) ?? [];
  const disabled = umbrella.filter((u) => !u.enabled).map((u) => u.path);
  const subcharts = umbrellaRoots(root, umbrella, release);
  // A disabled subchart's values: SUBCHART_DISABLED at its dependency speaks for them (the safety net does not report inside).
  for (const path of disabled) {
    const node = nodeAtYamlPath(root, path);
    // In a values string (an Argo CD `helm.values`), the node's offsets are the string's: taken to the file's.
    if (isMap(node) && node.range) c.templateRanges.push(text ? [text.map.toOuter(node.range[0]), text.map.toOuter(node.range[1])] : [node.range[0], node.range[1]]);
  }
  const found: { map: YAMLMap; path: YamlPath; kind: ChartKind | undefined; release?: ChartRelease; subchart?: YamlPath }[] = umbrella.length === 0
    ? sniffed
    : [...sniffed.filter((r) => !subcharts.some((u) => samePath(u.path, r.path)) && !disabled.some((p) => isAtOrBelow(r.path, p))), ...subcharts];
  // A ytt package's values have the fluent/fluent-bit chart's shape (`config.inputs`) but none of its templates.
  const chartRoots = ctx.ytt ? found.map((r) => ({ ...r, kind: 'other' as const })) : found;
  const infos = chartRoots.map((r) => {
    // Subcharts' values are their own chart roots: the lists and inputs below them are theirs.
    const below = (p: YamlPath): boolean => chartRoots.some((o) => o.path.length > r.path.length && o.path.length === r.path.length + p.length && p.every((k, i) => o.path[r.path.length + i] === k));
    const own = r.release ?? release;
    return readHelmValues(r.map, docIndex, [...prefix, ...r.path], Object.assign({ subchart: r.subchart ?? r.path }, text ? { text } : undefined, own ? { release: own } : undefined, r.kind ? { chartKind: r.kind } : undefined), below);
  });
  if (!release && !text && prefix.length === 0) {
    const info = infos.find((i) => i.rootPath.length === 0) ?? readHelmValues(root, docIndex);
    if (info.isFluentBitChart || info.imageRepository !== undefined || info.present.imageTag || info.volumesKey) c.helmValues ??= info;
  }
  c.helmCharts.push(...infos);
  for (const chart of infos) {
    const image = chart.image?.image ?? (chart.isFluentBitChart ? 'cr.fluentbit.io/fluent/fluent-bit' : undefined);
    if (image !== undefined && isFluentBitImage(image)) {
      c.images.push(Object.assign({}, parseImageRef(image), { source: 'helm-values' as const, node: !text && chart.image && isScalar(chart.image.node) ? chart.image.node : undefined, docIndex })); // not a spread: see addScalarConfig
    }
  }
  if (ctx.defaultsOnly || grafana) return;
  const roots = chartRoots.map((r) => r.path);
  for (const s of findHelmConfigScalars(root, roots.length > 0 ? roots : [[]])) {
    if (disabled.some((p) => isAtOrBelow(s.yamlPath, p))) continue;
    // The chart values the string belongs to: the deepest root above it.
    const chartRoot = roots.filter((r) => r.every((k, i) => s.yamlPath[i] === k)).sort((a, b) => b.length - a.length)[0] ?? [];
    const info = infos.find((i) => samePath(i.rootPath, [...prefix, ...chartRoot]));
    const chartDir = info?.release ? `helm:${info.release.id}/${info.subchart.join('/')}` : release ? `helm:${release.id}/${chartRoot.join('/')}` : undefined;
    // The chart writes `config.extraFiles` keys as files next to fluent-bit.conf: a `*.yaml` one may be a YAML-format config.
    const format: EmbeddedConfig['format'] = s.role === 'extraFile' && isYamlName(s.name) && sniffYamlConfig(String(s.node.value)) !== undefined ? 'yaml' : 'classic';
    addScalarConfig(
      c,
      s.node,
      Object.assign({ format, origin: 'helm-value' as const, name: s.name, docIndex, yamlPath: [...prefix, ...s.yamlPath], helmRole: s.role, chartRoot: [...prefix, ...chartRoot] }, chartDir ? { chartDir } : undefined),
      text,
    );
  }
}

function samePath(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.every((k, i) => b[i] === k);
}

/** The node at `path` (map keys) below `root`. */
function nodeAtYamlPath(root: YAMLMap, path: readonly string[]): unknown {
  let at: unknown = root;
  for (const key of path) at = isMap(at) ? getNode(at, key) : undefined;
  return at;
}

/** The maps of an umbrella chart's values.yaml that hold its enabled Fluent Bit subcharts' values, with the chart each is for. */
function umbrellaRoots(root: YAMLMap, umbrella: readonly UmbrellaSubchart[], own: ChartRelease | undefined): { map: YAMLMap; path: YamlPath; kind: ChartKind | undefined; release: ChartRelease; subchart: YamlPath }[] {
  const out: { map: YAMLMap; path: YamlPath; kind: ChartKind | undefined; release: ChartRelease; subchart: YamlPath }[] = [];
  for (const u of umbrella) {
    if (!u.enabled || out.some((o) => samePath(o.path, u.path))) continue;
    const at = nodeAtYamlPath(root, u.path);
    if (!isMap(at)) continue;
    // `fluent-bit` of a repository we cannot place: the values' shape says which chart, else the fluent/fluent-bit one (as for a release).
    const kind = u.kind === 'unplaced' ? sniffChartKind(at) ?? 'fluent-bit' : u.kind;
    out.push({ map: at, path: [...u.path], kind, release: umbrellaRelease(u, kind, own), subchart: [...u.subchart] });
  }
  return out;
}

/** The top chart of an umbrella as the release its subchart's value sets belong to (grouped and merged by build-deployment). */
function umbrellaRelease(u: UmbrellaSubchart, kind: ChartKind, own?: ChartRelease): ChartRelease {
  // A release's own set (of the release that deploys the umbrella): its id, label, precedence and `--set` parameters.
  if (own && own.id === u.release.id) return { ...own, chart: u.release.name, repoURL: u.release.repository, kind };
  return { id: u.release.id, label: u.release.label, chart: u.release.name, repoURL: u.release.repository, kind, precedence: u.release.precedence };
}

/**
 * The Fluent Bit dependencies of a Chart.yaml or requirements.yaml that the
 * batch's values.yaml files give no values (DiscoveryHints.umbrellaDependencies):
 * the subchart runs with its chart's defaults, read as a release without
 * values is, at the dependency item; a disabled one gets SUBCHART_DISABLED.
 */
function readUmbrellaDependencies(c: Collector, docs: readonly Document.Parsed[], deps: readonly UmbrellaDependency[]): void {
  const said = new Set<string>();
  for (const dep of deps) {
    const item = getSeq(docs[dep.docIndex]?.contents, 'dependencies')?.items[dep.index];
    if (!isMap(item)) continue;
    const key = `${dep.docIndex}/${dep.index}/${dep.enabled}`;
    if (said.has(key)) continue;
    said.add(key);
    if (!dep.enabled) {
      const name = getNode(item, 'alias') ?? getNode(item, 'name');
      const range = name?.range ?? item.range ?? [0, 0, 0];
      const message = `dependency ${dep.chart} is disabled (${dep.why}), so Helm does not render it: its values under ${dep.path.join('.')} are left alone (Docker-era settings in them are not reported); if it is turned on elsewhere (--set, another values file), run flb-migrate on those values`;
      c.diagnostics.push({ code: 'SUBCHART_DISABLED', severity: 'info', message, start: range[0], end: range[1] });
      continue;
    }
    const kind: ChartKind = dep.kind === 'unplaced' ? 'fluent-bit' : dep.kind;
    const read = readHelmValues(emptyValuesAt(item), dep.docIndex, ['dependencies', dep.index], { subchart: [...dep.subchart], chartKind: kind, release: umbrellaRelease(dep, kind) });
    const info = { ...read, dependency: { chart: dep.chart, path: dep.path.join('.') } };
    c.helmCharts.push(info);
    if (info.isFluentBitChart) c.images.push({ ...parseImageRef('cr.fluentbit.io/fluent/fluent-bit'), source: 'helm-values', node: undefined, docIndex: dep.docIndex });
  }
}

function wholeFileConfig(file: SourceFile, format: 'classic' | 'yaml'): EmbeddedConfig {
  return {
    id: file.path,
    path: file.path,
    format,
    origin: 'file',
    name: baseName(file.path),
    docIndex: 0,
    yamlPath: [],
    text: file.text,
    style: 'file',
    map: identityMap(file.text.length),
    start: 0,
    end: file.text.length,
  };
}

function emptyDiscovery(file: SourceFile, fileKind: FileKind, diagnostics: Diagnostic[], configs: EmbeddedConfig[] = []): Discovery {
  return {
    path: file.path,
    text: file.text,
    fileKind,
    configs,
    otherKeys: [],
    configMaps: [],
    podTemplates: [],
    operatorInputs: [],
    helmValues: undefined,
    helmCharts: [],
    kustomizations: [],
    fluentBits: [],
    fluentBitConfigs: [],
    operatorParsers: [],
    operatorParserFilters: [],
    operatorLuaFilters: [],
    operatorMultilineParsers: [],
    loggingAgents: [],
    images: [],
    diagnostics,
    documents: [],
    valuesTexts: [],
    valuesFrom: [],
    helmRepositories: new Map(),
    missingRepositories: [],
    sharedAnchors: [],
    hints: undefined,
    templateRanges: [],
    releases: [],
  };
}

/**
 * Finds everything flb-migrate cares about in one file, with exact locations:
 * embedded Fluent Bit configs (ConfigMaps, Helm values strings, whole
 * `.conf`/fluent-bit.yaml files), pod templates with containers, mounts and
 * volumes, Fluent Operator tail inputs, Fluent Bit image tags.
 *
 * - Pure: no I/O; never throws for bad input. Problems are diagnostics with
 *   path/line/column in the outer file (YAML_SYNTAX, TEMPLATE_SYNTAX,
 *   BINARY_FILE, EMPTY_FILE, NOT_FLUENT_BIT, UNSUPPORTED_SCALAR_STYLE).
 * - A YAML file with syntax errors, and any template, yields no configs (no
 *   edits); a template gets one TEMPLATE_SYNTAX, a warning when it holds a
 *   Fluent Bit config or a Docker-era setting, else an info.
 * - Files not named `.yaml`/`.yml`/`.json` are classic configs (identity
 *   map) when their content says so; other `.conf` files (nginx, INI, ...)
 *   get one NOT_FLUENT_BIT info.
 * - Aliases are never expanded (no toJS), so alias bombs cost nothing.
 */
/**
 * `parseAllDocuments(text, { keepSourceTokens: true, prettyErrors: false,
 * uniqueKeys: false })`, each document's CST trimmed to what edits and
 * discovery read (trimSourceTokens) as soon as it is composed: a stream of
 * many documents never holds the whole file's CST (memory, issue #14).
 * An empty stream gives no documents.
 */
function parseDocumentsTrimmed(text: string): Document.Parsed[] {
  settleTokenFields();
  const composer = new Composer(SOURCE_TOKEN_READ);
  const docs: Document.Parsed[] = [];
  for (const doc of composer.compose(new Parser().parse(text))) {
    trimSourceTokens([doc]);
    docs.push(doc);
  }
  return docs;
}

/**
 * A big Fluent Bit YAML config file (what --to-yaml writes), found without yaml's CST and Document of the whole
 * text (~50x the text while composing; memory, issue #14): its pieces (yaml-pieces.ts) parse without an error or a
 * warning, so the whole text does, as one block map of these top-level keys, with no anchor, alias or template
 * marker, and with no shape Fluent Bit refuses (fluentBitShapeErrors, run on the pieces): so nothing for
 * fluentBitYamlErrors either; then readFile's whole parse would answer 'yaml-conf', with no
 * diagnostic, exactly when these keys do, and its documents are
 * parsed on first read (the safety net reads them for a text holding a Docker signal). Undefined otherwise: the
 * whole parse decides.
 */
function bigYamlConfig(file: SourceFile): Discovery | undefined {
  if (file.text.length < yamlPieces.minBytes || /\{[{%]/.test(file.text)) return undefined;
  // keepSourceTokens only adds tokens to the nodes: the errors and warnings are those of the whole read's options.
  // What Fluent Bit refuses in its shape (fluent-bit-shape.ts: a second service section among them) is checked on
  // the pieces as they are read; any refusal is left to the whole read, which reports it with the rest.
  const read = readAllPieces(file.text, { prettyErrors: false, uniqueKeys: false }, (root) => {
    const topKeys: Node[] = [];
    const refused = fluentBitShapeErrors(root, { serviceSeen: false, topKeys } satisfies ShapeState).length > 0;
    return { keys: topKeys, refused };
  });
  if (!read || read.refused) return undefined;
  const keys = read.keys;
  if (keys.some((k) => isScalar(k) && (k.value === 'kind' || k.value === 'apiVersion'))) return undefined;
  const root = new YAMLMap();
  for (const k of keys) root.items.push(new Pair(k));
  if (!isYamlConfigRoot(root)) return undefined;
  let documents: Document.Parsed[] | undefined;
  const d = { ...emptyDiscovery(file, 'yaml-conf', []), configs: [wholeFileConfig(file, 'yaml')] };
  return Object.defineProperty(d, 'documents', { get: () => (documents ??= parseDocumentsTrimmed(file.text)), enumerable: true });
}

/**
 * A stream's documents are a Fluent Bit YAML config: one of them is a config root (isYamlConfigRoot) and every other
 * is one too or empty (an empty one that libyaml reads is refused: fluentBitYamlErrors). A stream that mixes config
 * documents with other documents (chart values, a Kubernetes object, a scalar) is not a file Fluent Bit runs: it is
 * read as before, document by document.
 */
function isYamlConfigStream(docs: readonly Document.Parsed[]): boolean {
  const config = (d: Document.Parsed): boolean => isYamlConfigRoot(d.contents) || isPipelineWithoutPipeline(d.contents);
  return docs.some(config) && docs.every((d) => isEmptyDocument(d) || config(d));
}

/** Every top-level key of the YAML format (fluent-bit-config-format.md B.1), and the plugin lists of `pipeline`. */
const SECTION_OR_PLUGIN_LIST = new Set([
  'pipeline', 'service', 'parsers', 'multiline_parsers', 'includes', 'env', 'customs', 'plugins', 'upstream_servers', 'stream_processor', 'extensions',
  'inputs', 'filters', 'outputs',
]);

/**
 * A Fluent Bit YAML config whose plugin lists stand at the top, without `pipeline:` (probe section-inputs-top-level):
 * every top-level key is a section or `inputs`/`filters`/`outputs`, and one of these is a non-empty list of maps that
 * each have a `name`. Fluent Bit refuses it ("env list is only allowed in env section"): read as a config, so that
 * fluentBitYamlErrors says so, instead of as chart values holding nothing.
 */
function isPipelineWithoutPipeline(root: unknown): boolean {
  if (!isMap(root) || root.items.length === 0) return false;
  let lists = 0;
  for (const pair of root.items) {
    if (!isScalar(pair.key)) return false;
    const key = String(pair.key.value).toLowerCase();
    if (!SECTION_OR_PLUGIN_LIST.has(key)) return false;
    if (key !== 'inputs' && key !== 'filters' && key !== 'outputs') continue;
    const v = pair.value;
    if (!isSeq(v) || v.items.length === 0) return false;
    if (!v.items.every((it) => isMap(it) && it.items.some((p) => isScalar(p.key) && String(p.key.value).toLowerCase() === 'name'))) return false;
    lists++;
  }
  return lists > 0;
}

export function discoverFile(file: SourceFile, hints?: DiscoveryHints): Discovery {
  try {
    const d = readFile(file, hints);
    // Keep only the CST tokens edits read (memory, issue #14); the file's own documents are trimmed as they are parsed.
    for (const v of d.valuesTexts) trimSourceTokens(v.documents);
    return hints ? { ...d, hints } : d;
  } catch (error) {
    // yaml's parser and composer recurse once per nesting level: a few
    // thousand levels of `- ` or `[` overflow the stack. That is bad input,
    // not a bug: report it on the file instead of throwing out of migrate().
    if (!(error instanceof RangeError)) throw error;
    const at = { code: 'YAML_SYNTAX', severity: 'error', start: 0, end: 0 } as const;
    return emptyDiscovery(file, 'invalid', [{ ...at, message: `the YAML is nested too deeply to parse (${error.message})` }]);
  }
}

/**
 * An empty values file that environments (ApplicationSet elements) of releases name (readBatch's links): each such
 * environment runs its release's other sets, an empty map laid over them (build-deployment environmentsImage), so the
 * environment is deployed, not missing.
 */
function emptyEnvironmentFile(links: readonly ValuesFileLink[]): ChartReleaseInfo[] {
  return links.flatMap((link) => {
    if (link.target === undefined) return [];
    const release = { ...link.release, precedence: link.precedence, target: link.target };
    return [{ release, docIndex: 0, chartNode: undefined, versionNode: undefined, otherValues: true, values: [{ map: new YAMLMap(), text: undefined, precedence: link.precedence }], valuesFile: true, sharedEnvironmentFile: true as const }];
  });
}

/**
 * A Terraform, HCL, Jsonnet or source file (foreignLanguage): never a config, never
 * edited. One info at the first sign of a Fluent Bit config it holds (a
 * heredoc `[INPUT]`, a `pipeline:`), so that an embedded config is not
 * passed over without a word; the safety net warns at each Docker-era
 * setting. Nothing for a file with neither (the rest of a Terraform tree).
 */
function foreignDiscovery(file: SourceFile, language: string): Discovery {
  // A Jenkinsfile is Groovy: only its steps' helm lines are read (discover/jenkinsfile.ts, by read-batch), never its text as a config.
  if (language === 'Jenkinsfile' || language === 'Groovy') return emptyDiscovery(file, 'not-fluent-bit', []);
  const scripted = language === 'shell' || language === 'Make' ? kubectlNotFollowed(file.text, language === 'Make') : [];
  const at = findFluentBitConfig(file.text);
  if (at < 0) return emptyDiscovery(file, 'not-fluent-bit', scripted);
  const lineEnd = file.text.indexOf('\n', at);
  const end = (lineEnd < 0 ? file.text.length : lineEnd) - (file.text[lineEnd - 1] === '\r' ? 1 : 0);
  const message = `${language} file holding a Fluent Bit config: flb-migrate does not edit ${language}, Docker-era settings in it are warned at their lines; change them here by hand`;
  const notFluentBit: Diagnostic = { code: 'NOT_FLUENT_BIT', severity: 'info', message, start: at, end };
  return emptyDiscovery(file, 'not-fluent-bit', [notFluentBit, ...scripted].sort((a, b) => a.start - b.start));
}

/**
 * An info at each `kubectl create configmap` (or `secret generic`) of a script that makes files a ConfigMap or Secret
 * (`--from-file`) under a name, namespace or path that holds a variable (other than one naming the script's own
 * directory: discover/script-dirs.ts), after a `cd` to a directory not known, or with `--append-hash`
 * (deploy/script-configmaps.ts does not follow it).
 */
function kubectlNotFollowed(text: string, make: boolean): Diagnostic[] {
  return kubectlConfigMapCommands(text, { make }).flatMap((c): Diagnostic[] => {
    if (c.files.length === 0) return [];
    const unresolved = c.files.find((f) => f.resolved === undefined && f.path !== '');
    const why = c.appendHash
      ? '`--append-hash` adds a hash of its data to the name'
      : c.name === undefined
        ? undefined
        : !isLiteralWord(c.name.value)
          ? `its name \`${c.name.value}\` holds a variable`
          : !isLiteralWord(c.namespace ?? '')
            ? `its namespace \`${c.namespace ?? ''}\` holds a variable`
            : unresolved === undefined
              ? undefined
              : !isLiteralWord(unresolved.path)
                ? `a --from-file path (\`${unresolved.path}\`) holds a variable`
                : `its --from-file paths (\`${unresolved.path}\`) are read in the directory \`${c.lost ?? 'cd'}\` goes to`;
    if (why === undefined) return [];
    const [command, object] = c.kind === 'Secret' ? ['kubectl create secret generic', 'Secret'] : ['kubectl create configmap', 'ConfigMap'];
    const message = `${command}: ${why}, which flb-migrate does not follow: a workload mounting the ${object} is not tied to its files through this command; pass the DaemonSet's version with --fluent-bit-version if the files are judged on their own`;
    return [{ code: 'SCRIPT_CONFIGMAP_NOT_FOLLOWED', severity: 'info', message, start: c.start, end: c.start + 'kubectl'.length }];
  });
}

function readFile(file: SourceFile, hints: DiscoveryHints | undefined): Discovery {
  // A `.conf` file holding a Fluent Bit YAML config is read as YAML (what a YAML config's includes: do with it).
  const isYaml = isYamlPath(file.path) || (isYamlConfigText(file.text) && classifyConf(file.text).kind === 'other');
  // A classic config may hold a few NUL bytes (Fluent Bit reads them; the grammar models them).
  const binary = checkBinary(file.text, { allowNul: !isYaml });
  if (binary) return emptyDiscovery(file, 'binary', [binary]);
  const empty = checkEmpty(file.text);
  const language = foreignLanguage(file.path);
  if (language) return foreignDiscovery(file, language);
  const template = empty ? undefined : checkTemplateFile(file.path, file.text);
  if (template) return emptyDiscovery(file, 'template', [template]);
  if (!isYaml) {
    if (empty) return emptyDiscovery(file, 'empty', [empty], [wholeFileConfig(file, 'classic')]);
    const conf = classifyConf(file.text);
    if (conf.kind === 'other') {
      const message = `not a Fluent Bit config (${conf.what}): skipped`;
      return emptyDiscovery(file, 'not-fluent-bit', [{ code: 'NOT_FLUENT_BIT', severity: 'info', message, start: conf.start, end: conf.end }]);
    }
    return emptyDiscovery(file, 'classic-conf', [], [wholeFileConfig(file, 'classic')]);
  }
  if (empty) return hints?.valuesFileOf ? { ...emptyDiscovery(file, 'empty', [empty]), releases: emptyEnvironmentFile(hints.valuesFileOf) } : emptyDiscovery(file, 'empty', [empty]);
  const tooLong = checkLongLines(file.text);
  if (tooLong) return emptyDiscovery(file, 'invalid', [tooLong]);

  const config = hints ? undefined : bigYamlConfig(file);
  if (config) return config;
  // prettyErrors: false (see yamlErrors): the prettifier is quadratic on long lines of errors.
  const docs = parseDocumentsTrimmed(file.text);
  const yamlTemplate = checkYamlTemplate(file.path, file.text, docs);
  if (yamlTemplate.isWholeFile && yamlTemplate.diagnostic) return { ...emptyDiscovery(file, 'template', [yamlTemplate.diagnostic]), documents: docs };
  const errors = yamlErrors(docs);
  if (errors.length > 0) return { ...emptyDiscovery(file, 'invalid', errors), documents: docs };

  const helmRepositories = fileHelmRepositories(docs, yamlTemplate.skipped);
  const c: Collector = {
    file,
    configs: [],
    otherKeys: [],
    configMaps: [],
    podTemplates: [],
    operatorInputs: [],
    images: [],
    diagnostics: [],
    helmValues: undefined,
    helmCharts: [],
    kustomizations: [],
    fluentBits: [],
    fluentBitConfigs: [],
    operatorParsers: [],
    operatorParserFilters: [],
    operatorLuaFilters: [],
    operatorMultilineParsers: [],
    loggingAgents: [],
    valuesTexts: [],
    valuesFrom: [],
    templateRanges: [],
    releases: [],
    helmRepositories,
    knownRepositories: new Map([...(hints?.helmRepositories ?? []).filter(([k]) => !helmRepositories.has(k)), ...helmRepositories]),
    missingRepositories: [],
    hints,
    kinds: new Set(),
  };
  const roots = docs.map((d) => d.contents);
  const isK8s = (r: unknown): boolean => isMap(r) && getString(r, 'kind') !== undefined && getString(r, 'apiVersion') !== undefined;
  if (yamlTemplate.skipped.size === 0 && !roots.some(isK8s)) {
    // A Fluent Bit YAML config, of one document or several (Fluent Bit reads every document of the file into one
    // config, in order: NOTES.md "YAML configs of several documents"), so one whole-file config. What its reader
    // refuses in valid YAML is an error (every alias, anchor names libyaml does not scan, an empty document); the file
    // stays a config with its errors (an error blocks the file; includes and parsers files naming it still find it, as
    // for a config in a ConfigMap key).
    if (isYamlConfigStream(docs)) {
      return { ...emptyDiscovery(file, 'yaml-conf', fluentBitYamlErrors(file.text, docs)), configs: [wholeFileConfig(file, 'yaml')], documents: docs };
    }
  }
  const mayHoldAlias = aliasSearch(file.text);
  // An alias without its anchor before it in its document: an error like yaml's own (a templated document is not read).
  const bad: BadAlias[] = [];
  const sharedAnchors = docs.flatMap((d, i) => indexAliases(d, mayHoldAlias, yamlTemplate.skipped.has(i) ? undefined : bad));
  if (bad.length > 0) return { ...emptyDiscovery(file, 'invalid', badAliasErrors(file.text, bad, docs)), documents: docs };
  if (yamlTemplate.diagnostic) c.diagnostics.push(yamlTemplate.diagnostic);
  for (const i of yamlTemplate.skipped) {
    const range = docs[i]?.range;
    if (range) c.templateRanges.push([range[0], range[2]]);
  }
  let environments: string[] | null | undefined;
  const layer = hints?.helmfile;
  docs.forEach((doc, docIndex) => {
    if (yamlTemplate.skipped.has(docIndex)) return;
    const root = doc.contents;
    if (!isMap(root)) {
      if (isSeq(root)) root.items.forEach((item, i) => isMap(item) && isK8s(item) && readObject(c, item, docIndex, [i]));
      // An Ansible playbook or tasks file: the objects its kubernetes.core.k8s tasks create from an inline `definition`.
      if (isSeq(root)) for (const e of ansibleDefinitions(root, [])) if (isK8s(e.map)) readObject(c, e.map, docIndex, e.path);
      if (isSeq(root)) c.kinds.add('manifest');
      return;
    }
    if (isK8s(root)) {
      c.kinds.add('manifest');
      readObject(c, root, docIndex, []);
    } else if (isKustomizationFileName(file.path) && getString(root, 'kind') === undefined) {
      // A kustomization.yaml may omit apiVersion and kind: it is not a values file.
      c.kinds.add('manifest');
      const k = readKustomization(root, docIndex);
      c.kustomizations.push(k);
      readGeneratorLiterals(c, root, k, []);
      readReleases(c, readReleaseValues(root, docIndex, [], file.path), docIndex);
    } else if (layer?.baseOf) {
      // A helmfile base (`bases:`): its releases are the including helmfile's (layered before its own), read once per
      // helmfile that layers it in, with that state's environments and paths relative to that helmfile's directory.
      c.kinds.add('manifest');
      for (const of of layer.baseOf) readReleases(c, readHelmfileReleases(root, docIndex, file.path, of.environments ?? undefined, { baseOf: of.helmfile, repositories: of.repositories }), docIndex);
    } else if ((isHelmfileName(file.path) || layer?.helmfile) && (getSeq(root, 'releases') || layer)) {
      // A helmfile (or a nested one `helmfiles:` names, whatever its name): its releases' inline values are chart values
      // of those releases, not one values document; with layers (bases, nested), a document without releases is no values either.
      c.kinds.add('manifest');
      // `{{ .Environment.Name }}` takes the environments of the whole file and its bases (a templated document may define others: unknown).
      environments ??= yamlTemplate.skipped.size > 0 ? null : layer?.environments !== undefined ? (layer.environments === null ? null : [...layer.environments]) : (helmfileEnvironments(roots) ?? null);
      readReleases(c, readHelmfileReleases(root, docIndex, file.path, environments ?? undefined, layer?.repositories ? { repositories: layer.repositories } : {}), docIndex);
    } else if (isFleetName(file.path) && isMap(getMap(root, 'helm')) && getString(getMap(root, 'helm'), 'chart') !== undefined) {
      // A Fleet bundle: its values are the chart's, per release, not one values document.
      c.kinds.add('manifest');
      readReleases(c, readFleetReleases(root, docIndex, file.path), docIndex);
    } else {
      c.kinds.add('helm-values');
      const umbrella = hints?.umbrella && docs.findIndex((d) => isMap(d.contents)) === docIndex ? { umbrella: hints.umbrella } : {};
      // A values file one release names (Argo CD valueFiles, helmfile and Fleet file items, kustomize valuesFile) is one of
      // that release's value sets: merged with its others (deploy/build-deployment.ts helmWorkload) at the link's precedence.
      const release = hints?.wholeFile ?? valuesFileRelease(hints?.valuesFileOf);
      readValues(c, root, { docIndex, prefix: [], text: undefined, release, defaultsOnly: false, ytt: isYttDataValues(doc), ...umbrella });
      // The file a kustomize generator makes a `valuesFrom` key from: that item's values.
      const ref = hints?.wholeFileRef;
      if (ref) pushValuesFrom(c, ref, [{ map: root, text: undefined }], docIndex, `${ref.kind} ${ref.name} key ${ref.valuesKey}, made from this file by a kustomize generator`);
      // A values file a release of the batch names: the release as the rules that judge releases see it, this file's values first.
      const shared = (hints?.valuesFileOf?.length ?? 0) > 1;
      for (const link of hints?.valuesFileOf ?? []) {
        const values = [{ map: root, text: undefined, precedence: link.precedence }, ...link.after.map((map) => ({ map, text: undefined }))];
        // An environment's file several releases name (judged on its own): each release reads its image for that environment (build-deployment environmentsImage).
        const release = link.target !== undefined ? { ...link.release, precedence: link.precedence, target: link.target } : link.release;
        c.releases.push({ release, docIndex, chartNode: undefined, versionNode: undefined, otherValues: true, values, valuesFile: true, ...(shared && link.target !== undefined ? { sharedEnvironmentFile: true as const } : {}) });
      }
    }
  });
  // An empty environment's (element's) values file (readBatch links it): that environment runs the release's other sets
  // (an empty map over them, as a file several releases name is laid over them: build-deployment environmentsImage).
  if (hints?.valuesFileOf && !roots.some(isMap) && yamlTemplate.skipped.size === 0) c.releases.push(...emptyEnvironmentFile(hints.valuesFileOf));
  if (hints?.umbrellaDependencies) readUmbrellaDependencies(c, docs, hints.umbrellaDependencies);
  const fileKind: FileKind = c.kinds.has('manifest') ? 'manifest' : c.kinds.has('helm-values') ? 'helm-values' : 'manifest';
  return {
    path: file.path,
    text: file.text,
    fileKind,
    configs: c.configs,
    otherKeys: c.otherKeys,
    configMaps: c.configMaps,
    podTemplates: c.podTemplates,
    operatorInputs: c.operatorInputs,
    helmValues: c.helmValues,
    helmCharts: c.helmCharts,
    kustomizations: c.kustomizations,
    fluentBits: c.fluentBits,
    fluentBitConfigs: c.fluentBitConfigs,
    operatorParsers: c.operatorParsers,
    operatorParserFilters: c.operatorParserFilters,
    operatorLuaFilters: c.operatorLuaFilters,
    operatorMultilineParsers: c.operatorMultilineParsers,
    loggingAgents: c.loggingAgents,
    images: c.images,
    diagnostics: c.diagnostics,
    documents: docs,
    valuesTexts: c.valuesTexts,
    valuesFrom: c.valuesFrom,
    helmRepositories: c.helmRepositories,
    missingRepositories: c.missingRepositories,
    sharedAnchors,
    hints,
    templateRanges: c.templateRanges,
    releases: c.releases,
  };
}
