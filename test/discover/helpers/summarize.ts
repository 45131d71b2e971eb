import { LineIndex } from '../../../src/source/line-index.js';
import { scalarString } from '../../../src/yaml/yaml-nodes.js';
import type { Discovery } from '../../../src/discover/discovery-types.js';

/** A stable, JSON-friendly digest of a Discovery (locations as outer line:col). */
export function summarize(d: Discovery): unknown {
  const index = new LineIndex(d.text);
  const at = (o: number | undefined): string => {
    if (o === undefined) return '?';
    const p = index.position(o);
    return `${p.line}:${p.column}`;
  };
  return {
    fileKind: d.fileKind,
    configs: d.configs.map((c) => ({
      name: c.name,
      format: c.format,
      origin: c.origin,
      style: c.style,
      yamlPath: c.yamlPath.join('/'),
      helmRole: c.helmRole,
      configMap: c.configMap?.name,
      innerStartAt: at(c.map.toOuter(0)),
      innerEndAt: at(c.map.toOuter(c.text.length)),
      text: c.text,
    })),
    otherKeys: d.otherKeys.map((k) => ({ name: k.name, configMap: k.configMap.name, at: at(k.start) })),
    configMaps: d.configMaps.map((m) => ({ name: m.name, namespace: m.namespace, docIndex: m.docIndex, keys: m.keys })),
    podTemplates: d.podTemplates.map((p) => ({
      kind: p.workloadKind,
      name: p.name,
      specPath: p.specPath.join('/'),
      containers: p.containers.map((c) => ({
        kind: c.kind,
        name: c.name,
        image: c.image?.image,
        tag: c.image?.tag,
        mounts: c.volumeMounts.map((m) => ({
          name: m.name,
          mountPath: m.mountPath,
          subPath: m.subPath,
          readOnly: m.readOnly,
          at: at(m.item.range?.[0]),
          volume: m.volume && { hostPath: m.volume.hostPath, configMap: m.volume.configMapName },
        })),
      })),
      volumes: p.volumes.map((v) => ({ name: v.name, hostPath: v.hostPath, configMap: v.configMapName, at: at(v.item.range?.[0]) })),
    })),
    operatorInputs: d.operatorInputs.map((o) => ({ kind: o.kind, name: o.name, entries: o.tail.items.map((p) => `${String((p.key as { value?: unknown } | null)?.value)}=${scalarString(p.value)}`) })),
    images: d.images.map((i) => ({ image: i.image, source: i.source, tag: i.tag, version: i.version, versionKind: i.versionKind, at: at(i.node?.range?.[0]) })),
    helmValues: d.helmValues && {
      isFluentBitChart: d.helmValues.isFluentBitChart,
      present: d.helmValues.present,
      volumesKey: d.helmValues.volumesKey,
      volumes: d.helmValues.daemonSetVolumes.map((v) => `${v.name}=${v.hostPath}`),
      mounts: d.helmValues.daemonSetVolumeMounts.map((m) => `${m.name}@${m.mountPath}${m.readOnly ? ' ro' : ''}`),
    },
    diagnostics: d.diagnostics.map((x) => `${at(x.start)} ${x.severity} ${x.code}`),
  };
}
