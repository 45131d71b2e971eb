import type { FileDiagnostic } from '../source/diagnostic.js';
import { normalizePath } from './paths.js';
import type { Container, Deployment, LineParsersFile, MissedRef, Mount } from './types.js';
import { base64LineNote } from '../yaml/base64-map.js';

/*
 * INCLUDE_NOT_IN_MOUNT: a reference whose target a container cannot have.
 * The path is inside a directory mounted whole (no subPath) from a
 * ConfigMap/Secret of the batch that has no such key (or whose `items` do
 * not list it): the mount hides the image's files there, so "it may be
 * supplied by the image" (INCLUDE_NOT_FOUND) does not hold. A missing
 * `@INCLUDE` / `includes:` file or a glob with no match makes Fluent Bit
 * abort (fluent-bit-config-format.md A.9); a missing parsers file is logged
 * and skipped before 5.1, fatal from 5.1 (C.5). One diagnostic per
 * reference, naming the containers that hide it.
 */

/** `ConfigMap fb`, `Secret fb`, `the chart's ConfigMap`, `projected volume cfg`. */
function volumeLabel(mount: Mount | undefined): { what: string; listed: boolean } {
  const source = mount?.volume?.source;
  switch (source?.kind) {
    case 'configMap':
      return { what: `ConfigMap ${source.name ?? '(unnamed)'}`, listed: source.items !== undefined };
    case 'secret':
      return { what: `Secret ${source.name ?? '(unnamed)'}`, listed: source.items !== undefined };
    case 'projected':
      // Its sources' keys (or listed items) are its files: name them, so the fix says where a key goes.
      return {
        what: `the projected volume ${mount?.name ?? '(unnamed)'} (${source.sources.map((s) => `${s.kind === 'configMap' ? 'ConfigMap' : 'Secret'} ${s.name ?? '(unnamed)'}`).join(', ') || 'no sources'})`,
        listed: source.sources.some((s) => s.items !== undefined),
      };
    case 'chart':
      return { what: "the chart's ConfigMap", listed: false };
    default:
      return { what: `volume ${mount?.name ?? '(unnamed)'}`, listed: false };
  }
}

/** `DaemonSet fluent-bit`, with the container's name when its workload has several Fluent Bit containers, and the environment when it is one deployment of a release (`DaemonSet (environment staging)`). */
export function containerName(c: Container): string {
  const w = c.workload;
  const base = `${w.kind}${w.name ? ` ${w.name}` : ''}`;
  const several = w.containers.filter((x) => x.runsFluentBit && x.role !== 'init').length > 1;
  const notes = [...(several && c.name ? [`container ${c.name}`] : []), ...(w.releaseDeployment !== undefined ? [w.releaseDeployment] : [])];
  return notes.length > 0 ? `${base} (${notes.join(', ')})` : base;
}

function message(miss: MissedRef, hiders: readonly Container[], others: readonly Container[]): string {
  const { what, listed } = volumeLabel(miss.mount);
  const mountPath = normalizePath(miss.mount?.mountPath ?? miss.path);
  const who = [...new Set(hiders.map(containerName))].join(', ');
  const not = miss.kind === 'glob' ? `matches no ${listed ? 'item' : 'key'} of ${what}` : `is not ${listed ? 'among the items' : 'a key'} of ${what}`;
  const consequence =
    miss.kind === 'parsers-file'
      ? 'Fluent Bit cannot open it ("could not open parser configuration file") and starts without those parsers (5.1 and later abort at start)'
      : miss.kind === 'glob'
        ? 'Fluent Bit aborts at start (a glob with no match is fatal)'
        : `Fluent Bit aborts at start (a missing ${miss.config.format === 'yaml' ? 'includes: file' : '@INCLUDE'} is fatal)`;
  const fix = listed
    ? `list ${miss.kind === 'glob' ? 'a matching key' : 'the key'} in the volume's items (adding it to ${what} if it lacks it) or fix the ${miss.kind === 'glob' ? 'pattern' : 'name'}`
    : miss.kind === 'glob'
      ? 'add a matching key or fix the pattern'
      : 'add the key or fix the name';
  const otherNames = [...new Set(others.map(containerName))];
  const plural = otherNames.length > 1;
  const only = otherNames.length > 0 ? ` (${otherNames.join(', ')}, which also ${plural ? 'read' : 'reads'} this config, ${plural ? 'are' : 'is'} not affected)` : '';
  return `'${miss.ref}' ${not}, which ${who} ${hiders.length > 1 ? 'mount' : 'mounts'} over ${mountPath}${only}: the image's files there are hidden and ${consequence}; ${fix}`;
}

/** One INCLUDE_NOT_IN_MOUNT warning per reference that some Fluent Bit container of the batch cannot resolve, at the reference. */
export function missingRefDiagnostics(deployment: Deployment): FileDiagnostic[] {
  const byRef = new Map<string, { miss: MissedRef; hiders: Container[] }>();
  for (const c of deployment.containers) {
    if (!c.runsFluentBit || c.role === 'init') continue;
    for (const miss of c.missingRefs) {
      const key = `${miss.config.id}:${miss.start}`;
      const entry = byRef.get(key);
      if (entry) {
        if (!entry.hiders.includes(c)) entry.hiders.push(c);
      } else byRef.set(key, { miss, hiders: [c] });
    }
  }
  const out: FileDiagnostic[] = [];
  for (const { miss, hiders } of byRef.values()) {
    // Other containers that read the config and resolve this reference (or may get it from the image).
    const others = deployment.containersOf(miss.config).filter((c) => c.role !== 'init' && c.mainConfig?.kind === 'config' && !hiders.includes(c));
    const start = miss.config.map.toOuter(miss.start);
    out.push({
      code: 'INCLUDE_NOT_IN_MOUNT',
      severity: 'warning',
      path: miss.config.path,
      start,
      end: Math.max(start, miss.config.map.toOuter(miss.end)),
      message: message(miss, hiders, others) + base64LineNote(miss.config, miss.start),
    });
  }
  out.push(...lineParsersDiagnostics(deployment));
  out.push(...mainConfigDiagnostics(deployment));
  out.push(...blankConfigDiagnostics(deployment));
  // In file order (not container order): a partitioned file's chunks give them so (partition.ts).
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.start - b.start));
}

/** The command-line item that gives a `-R` value: the word itself (`-R FILE`), else the item holding it (`--parser=FILE`, a script). */
function lineParsersNode(c: Container, ref: string): { start: number; end: number } | undefined {
  const items = [...(c.command?.items ?? []), ...(c.args?.items ?? [])];
  const item = items.find((i) => i.value === ref) ?? items.find((i) => i.value.includes(ref));
  const range = item?.node.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

function lineParsersMessage(f: LineParsersFile, who: string): string {
  const exits = 'Fluent Bit exits at start when a -R / --parser file is not there (fluent-bit.c: flb_parser_conf_file_stat fails before the config is read)';
  const relative = f.ref.startsWith('/') ? '' : '; a relative path is looked up from the directory Fluent Bit starts in, not the -c file\'s';
  if (f.lookup.kind === 'unknown') return `'${f.ref}' (-R of ${who}) is not among the inputs; it may be supplied by the image, and ${exits}${relative}`;
  const { what, listed } = volumeLabel(f.mount);
  const mountPath = normalizePath(f.mount?.mountPath ?? f.lookup.path);
  const fix = listed ? `list the key in the volume's items (adding it to ${what} if it lacks it) or fix the -R path` : 'add the key or fix the -R path';
  return `'${f.ref}' (-R) is not ${listed ? 'among the items' : 'a key'} of ${what}, which ${who} mounts over ${mountPath}: the image's files there are hidden and ${exits}; ${fix}`;
}

/** A -R or -c path that starts with a blank: the flag and the path written as one command-line item. */
function blankPathMessage(flag: '-R' | '-c', ref: string, who: string): string {
  const fails = flag === '-R' ? 'flb_parser_conf_file_stat fails before the config is read' : 'the configuration file cannot be opened';
  return `the ${flag} path of ${who} is '${ref}', with a leading blank: the flag and the path are one command-line item, and Fluent Bit's getopt takes the rest of that item as the path, blank included, which names no file, so Fluent Bit exits at start (fluent-bit.c: ${fails}); write them as two items ("${flag}", "${ref.trim()}")`;
}

/** COMMAND_LINE_BLANK_PATH for a `-c` value written in its flag's item, at that item. */
function blankConfigDiagnostics(deployment: Deployment): FileDiagnostic[] {
  const out: FileDiagnostic[] = [];
  const seen = new Set<string>();
  for (const c of deployment.containers) {
    if (c.blankConfigArg === undefined || c.role === 'init') continue;
    const at = lineParsersNode(c, c.blankConfigArg);
    const key = `${c.workload.path}:${at?.start ?? -1}`;
    if (!at || seen.has(key)) continue;
    seen.add(key);
    out.push({ code: 'COMMAND_LINE_BLANK_PATH', severity: 'warning', path: c.workload.path, start: at.start, end: at.end, message: blankPathMessage('-c', c.blankConfigArg, containerName(c)) });
  }
  return out;
}

/**
 * A `-R FILE` / `--parser FILE` a container cannot have: INCLUDE_NOT_IN_MOUNT
 * (warning) when a mount whose keys we know hides it, INCLUDE_NOT_FOUND (info)
 * when it is not among the inputs; at the command-line item, once per item.
 */
function lineParsersDiagnostics(deployment: Deployment): FileDiagnostic[] {
  const out: FileDiagnostic[] = [];
  const seen = new Set<string>();
  for (const c of deployment.containers) {
    if (!c.runsFluentBit || c.role === 'init') continue;
    for (const f of c.lineParsersMissing) {
      const at = lineParsersNode(c, f.ref);
      if (!at) continue;
      const key = `${c.workload.path}:${at.start}:${f.ref}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (/^\s/.test(f.ref)) {
        out.push({ code: 'COMMAND_LINE_BLANK_PATH', severity: 'warning', path: c.workload.path, start: at.start, end: at.end, message: blankPathMessage('-R', f.ref, containerName(c)) });
        continue;
      }
      const missing = f.lookup.kind === 'missing';
      out.push({
        code: missing ? 'INCLUDE_NOT_IN_MOUNT' : 'INCLUDE_NOT_FOUND',
        severity: missing ? 'warning' : 'info',
        path: c.workload.path,
        start: at.start,
        end: at.end,
        message: lineParsersMessage(f, containerName(c)),
      });
    }
  }
  return out;
}

/** Where to say that a container's `-c` file is missing: its `-c` value as written, else (the image's CMD) the mount that hides it. */
function mainConfigNode(c: Container, path: string, mount: Mount | undefined): { path: string; start: number; end: number } | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (c.configPathFrom === 'args' || c.configPathFrom === 'command') {
    const items = [...(c.command?.items ?? []), ...(c.args?.items ?? [])];
    const item = items.find((i) => i.value === path) ?? items.find((i) => i.value.includes(path)) ?? items.find((i) => i.value.endsWith(base));
    const range = item?.node.range;
    return range ? { path: c.workload.path, start: range[0], end: range[1] } : undefined;
  }
  if (c.configPathFrom !== 'default') return undefined;
  const range = mount?.info?.item.range;
  return range ? { path: c.workload.path, start: range[0], end: range[0] } : undefined;
}

/**
 * A container whose `-c` file (written, or the image's default
 * /fluent-bit/etc/fluent-bit.conf) is inside a ConfigMap/Secret mount whose
 * keys we know and is none of them: Fluent Bit exits at start ("Error reading
 * configuration file"). The usual cause is a move to the YAML format that
 * replaced the `fluent-bit.conf` key with `fluent-bit.yaml` and kept the
 * image's CMD: the message names the main config the volume holds.
 * INCLUDE_NOT_IN_MOUNT at the `-c` value, or at the mount; once per place.
 */
function mainConfigDiagnostics(deployment: Deployment): FileDiagnostic[] {
  const out: FileDiagnostic[] = [];
  const seen = new Set<string>();
  for (const c of deployment.containers) {
    if (!c.runsFluentBit || c.role === 'init' || c.mainConfig?.kind !== 'missing' || c.configPath === undefined) continue;
    const path = c.mainConfig.path;
    const mount = c.mounts.find((m) => m.mountPath !== undefined && m.subPath === undefined && path.startsWith(`${normalizePath(m.mountPath).replace(/\/$/, '')}/`));
    const at = mainConfigNode(c, path, mount);
    if (!at) continue;
    const key = `${at.path}:${at.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { what, listed } = volumeLabel(mount);
    const mountPath = normalizePath(mount?.mountPath ?? path).replace(/\/$/, '');
    const who = containerName(c);
    const dir = path.slice(0, path.lastIndexOf('/'));
    const mains = c.configs.filter((x) => x.origin === 'configmap' && /^fluent-bit\.(?:ya?ml|conf)$/.test(x.name)).map((x) => `${dir}/${x.name}`);
    const main = mains.length === 1 ? mains[0] : undefined;
    const from = c.configPathFrom === 'default' ? ", the image's default" : '';
    const fix = main !== undefined ? `run the config it holds with -c ${main}` : listed ? "list the key in the volume's items or fix the -c path" : 'add the key or fix the -c path';
    out.push({
      code: 'INCLUDE_NOT_IN_MOUNT',
      severity: 'warning',
      path: at.path,
      start: at.start,
      end: at.end,
      message: `'${path}' (the -c file of ${who}${from}) is not ${listed ? 'among the items' : 'a key'} of ${what}, which ${who} mounts over ${mountPath}: the image's files there are hidden and Fluent Bit exits at start ("Error reading configuration file"); ${fix}`,
    });
  }
  return out;
}
