import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Scalar, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../source/diagnostic.js';
import { containsClassicConfig, isConfName, isYamlConfigRoot, isYamlName, isYamlPath, looksLikeYamlConfig } from '../source/sniff-format.js';
import type { SourceFile } from '../source/source-file.js';
import type {
  ConfigMapInfo,
  ConfigMapRef,
  Discovery,
  EmbeddedConfig,
  FileKind,
  FluentBitConfigResource,
  FluentBitImage,
  FluentBitResource,
  HelmValuesInfo,
  KustomizationInfo,
  OperatorInput,
  OtherKey,
  PodTemplate,
  YamlPath,
} from './discovery-types.js';
import { embedScalar, isEmbeddedText } from '../yaml/embedded-text.js';
import { findChartRoots, findHelmConfigScalars, readHelmValues } from './helm-values.js';
import { isFluentBitImage, parseImageRef } from './image-ref.js';
import { classifyConf, isFluentBitConfKey } from './conf-kind.js';
import { checkBinary, checkEmpty, checkLongLines } from './input-checks.js';
import { isKustomizationFileName, isKustomizationObject, readKustomization } from './kustomization.js';
import { identityMap } from '../yaml/offset-map.js';
import { readFluentBitConfigResource, readFluentBitResource, readOperatorInput } from './operator-inputs.js';
import { readPodTemplate } from './pod-templates.js';
import { checkTemplateFile, checkYamlTemplate } from './template-check.js';
import { yamlErrors } from '../yaml/validate-yaml.js';
import { getMap, getSeq, getString } from '../yaml/yaml-nodes.js';

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
  kinds: Set<FileKind>;
}

function idOf(path: string, docIndex: number, yamlPath: YamlPath): string {
  return `${path}#${docIndex}/${yamlPath.join('/')}`;
}

function addScalarConfig(
  c: Collector,
  node: Scalar,
  base: Omit<EmbeddedConfig, 'id' | 'path' | 'text' | 'style' | 'map' | 'start' | 'end' | 'node'>,
): boolean {
  const embedded = embedScalar(c.file.text, node);
  if (!isEmbeddedText(embedded)) {
    c.diagnostics.push({
      code: 'UNSUPPORTED_SCALAR_STYLE',
      severity: 'warning',
      message: `'${base.name}' holds a Fluent Bit config in a ${embedded.style} scalar: ${embedded.reason}; left unchanged`,
      start: embedded.start,
      end: embedded.end,
    });
    return false;
  }
  c.configs.push({
    ...base,
    id: idOf(c.file.path, base.docIndex, base.yamlPath),
    path: c.file.path,
    text: embedded.text,
    style: embedded.style,
    map: embedded.map,
    start: embedded.start,
    end: embedded.end,
    node,
  });
  return true;
}

/**
 * A ConfigMap's `data` (and `binaryData`), or a Secret's `stringData` (and
 * its base64 `data`, listed by name only: base64 text cannot be edited in
 * place), with the keys that hold Fluent Bit configs.
 */
function readConfigMap(c: Collector, obj: YAMLMap, docIndex: number, objectPath: YamlPath, kind: 'ConfigMap' | 'Secret'): void {
  const meta = getMap(obj, 'metadata');
  const ref: ConfigMapRef = { kind, name: getString(meta, 'name'), namespace: getString(meta, 'namespace'), docIndex, objectPath };
  const keys: string[] = [];
  const sections = kind === 'Secret' ? (['stringData', 'data'] as const) : (['data', 'binaryData'] as const);
  for (const section of sections) {
    const data = getMap(obj, section);
    for (const pair of data?.items ?? []) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      keys.push(name);
      const yamlPath = [...objectPath, section, name];
      const value = pair.value;
      const text = isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
      const format =
        section === 'binaryData' || (kind === 'Secret' && section === 'data') || text === undefined || !isScalar(value)
          ? undefined
          : isConfName(name) && isFluentBitConfKey(text)
            ? 'classic'
            : isYamlName(name) && looksLikeYamlConfig(text)
              ? 'yaml'
              : containsClassicConfig(text)
                ? 'classic'
                : undefined;
      if (format && isScalar(value) && addScalarConfig(c, value, { format, origin: 'configmap', name, docIndex, yamlPath, configMap: ref })) {
        continue;
      }
      const range = (isScalar(value) ? value.range : undefined) ?? pair.key.range ?? [0, 0, 0];
      c.otherKeys.push({ name, configMap: ref, docIndex, yamlPath, start: range[0], end: range[1] });
    }
  }
  c.configMaps.push({ ...ref, keys, node: obj });
}

function readObject(c: Collector, obj: YAMLMap, docIndex: number, objectPath: YamlPath): void {
  const kind = getString(obj, 'kind');
  if (kind === 'List' || (kind?.endsWith('List') && getSeq(obj, 'items'))) {
    getSeq(obj, 'items')?.items.forEach((item, i) => {
      if (isMap(item)) readObject(c, item, docIndex, [...objectPath, 'items', i]);
    });
    return;
  }
  if (kind === 'ConfigMap' || kind === 'Secret') readConfigMap(c, obj, docIndex, objectPath, kind);
  if (isKustomizationObject(obj)) c.kustomizations.push(readKustomization(obj, docIndex));
  const fluentBit = readFluentBitResource(obj, docIndex);
  if (fluentBit) c.fluentBits.push(fluentBit);
  const fluentBitConfig = readFluentBitConfigResource(obj);
  if (fluentBitConfig) c.fluentBitConfigs.push(fluentBitConfig);
  const pod = readPodTemplate(obj, docIndex, objectPath);
  if (pod) {
    c.podTemplates.push(pod);
    for (const ctr of pod.containers) {
      if (ctr.image && isFluentBitImage(ctr.image.image)) {
        c.images.push({ ...ctr.image, source: 'container', node: ctr.imageNode, docIndex });
      }
    }
  }
  const input = readOperatorInput(obj, docIndex);
  if (input) c.operatorInputs.push(input);
}

function readValues(c: Collector, root: YAMLMap, docIndex: number): void {
  const info = readHelmValues(root, docIndex);
  if (info.isFluentBitChart || info.imageRepository !== undefined || info.present.imageTag || info.volumesKey) c.helmValues ??= info;
  const chartRoots = findChartRoots(root);
  for (const r of chartRoots) c.helmCharts.push(r.path.length === 0 ? info : readHelmValues(r.map, docIndex, r.path));
  for (const chart of c.helmCharts.filter((h) => h.docIndex === docIndex)) {
    const image = chart.image?.image ?? (chart.isFluentBitChart ? 'cr.fluentbit.io/fluent/fluent-bit' : undefined);
    if (image !== undefined && isFluentBitImage(image)) {
      c.images.push({ ...parseImageRef(image), source: 'helm-values', node: chart.image && isScalar(chart.image.node) ? chart.image.node : undefined, docIndex });
    }
  }
  const roots = chartRoots.map((r) => r.path);
  for (const s of findHelmConfigScalars(root, roots.length > 0 ? roots : [[]])) {
    // The chart values the string belongs to: the deepest root above it.
    const chartRoot = roots.filter((r) => r.every((k, i) => s.yamlPath[i] === k)).sort((a, b) => b.length - a.length)[0] ?? [];
    addScalarConfig(c, s.node, { format: 'classic', origin: 'helm-value', name: s.name, docIndex, yamlPath: s.yamlPath, helmRole: s.role, chartRoot });
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
    images: [],
    diagnostics,
    documents: [],
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
export function discoverFile(file: SourceFile): Discovery {
  try {
    return readFile(file);
  } catch (error) {
    // yaml's parser and composer recurse once per nesting level: a few
    // thousand levels of `- ` or `[` overflow the stack. That is bad input,
    // not a bug: report it on the file instead of throwing out of migrate().
    if (!(error instanceof RangeError)) throw error;
    const at = { code: 'YAML_SYNTAX', severity: 'error', start: 0, end: 0 } as const;
    return emptyDiscovery(file, 'invalid', [{ ...at, message: `the YAML is nested too deeply to parse (${error.message})` }]);
  }
}

function readFile(file: SourceFile): Discovery {
  const isYaml = isYamlPath(file.path);
  // A classic config may hold a few NUL bytes (Fluent Bit reads them; the grammar models them).
  const binary = checkBinary(file.text, { allowNul: !isYaml });
  if (binary) return emptyDiscovery(file, 'binary', [binary]);
  const empty = checkEmpty(file.text);
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
  if (empty) return emptyDiscovery(file, 'empty', [empty]);
  const tooLong = checkLongLines(file.text);
  if (tooLong) return emptyDiscovery(file, 'invalid', [tooLong]);

  // prettyErrors: false (see yamlErrors): the prettifier is quadratic on long lines of errors.
  const documents = parseAllDocuments(file.text, { keepSourceTokens: true, prettyErrors: false, uniqueKeys: false });
  const docs: Document.Parsed[] = Array.isArray(documents) ? documents : [];
  const yamlTemplate = checkYamlTemplate(file.path, file.text, docs);
  if (yamlTemplate.isWholeFile && yamlTemplate.diagnostic) return { ...emptyDiscovery(file, 'template', [yamlTemplate.diagnostic]), documents: docs };
  const errors = yamlErrors(docs);
  if (errors.length > 0) return { ...emptyDiscovery(file, 'invalid', errors), documents: docs };

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
    kinds: new Set(),
  };
  const roots = docs.map((d) => d.contents);
  const isK8s = (r: unknown): boolean => isMap(r) && getString(r, 'kind') !== undefined && getString(r, 'apiVersion') !== undefined;
  if (docs.length === 1 && yamlTemplate.skipped.size === 0 && !roots.some(isK8s) && roots.some(isYamlConfigRoot)) {
    return { ...emptyDiscovery(file, 'yaml-conf', []), configs: [wholeFileConfig(file, 'yaml')], documents: docs };
  }
  if (yamlTemplate.diagnostic) c.diagnostics.push(yamlTemplate.diagnostic);
  docs.forEach((doc, docIndex) => {
    if (yamlTemplate.skipped.has(docIndex)) return;
    const root = doc.contents;
    if (!isMap(root)) {
      if (isSeq(root)) root.items.forEach((item, i) => isMap(item) && isK8s(item) && readObject(c, item, docIndex, [i]));
      if (isSeq(root)) c.kinds.add('manifest');
      return;
    }
    if (isK8s(root)) {
      c.kinds.add('manifest');
      readObject(c, root, docIndex, []);
    } else if (isKustomizationFileName(file.path) && getString(root, 'kind') === undefined) {
      // A kustomization.yaml may omit apiVersion and kind: it is not a values file.
      c.kinds.add('manifest');
      c.kustomizations.push(readKustomization(root, docIndex));
    } else {
      c.kinds.add('helm-values');
      readValues(c, root, docIndex);
    }
  });
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
    images: c.images,
    diagnostics: c.diagnostics,
    documents: docs,
  };
}
