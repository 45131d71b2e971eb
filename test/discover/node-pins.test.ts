import { parseDocument, type YAMLMap } from 'yaml';
import { describe, expect, it } from 'vitest';
import { dockerNodeSign, windowsNodeSign } from '../../src/discover/pod-templates.js';

/* Pods pinned to a node pool by a label: Docker nodes (mixed clusters in transition) and Windows nodes. */

const spec = (text: string): YAMLMap => parseDocument(text).contents as YAMLMap;

describe('dockerNodeSign', () => {
  it.each([
    ['nodeSelector:\n  container-runtime: docker\n', "its pod's nodeSelector container-runtime: docker"],
    ['nodeSelector:\n  cloud.google.com/gke-container-runtime: Docker\n', "its pod's nodeSelector cloud.google.com/gke-container-runtime: docker"],
    ['nodeSelector:\n  kubernetes.io/os: linux\n  node.kubernetes.io/container-runtime: docker\n', "its pod's nodeSelector node.kubernetes.io/container-runtime: docker"],
    ['affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n        - matchExpressions:\n            - {key: container-runtime, operator: In, values: [docker]}\n', "its pod's nodeAffinity requires container-runtime In [docker]"],
  ])('%s is pinned', (text, sign) => {
    expect(dockerNodeSign(spec(text))).toBe(sign);
  });

  it.each([
    'nodeSelector:\n  container-runtime: containerd\n',
    'nodeSelector:\n  eks.amazonaws.com/nodegroup: ng-docker\n',
    'nodeSelector:\n  kubernetes.azure.com/os-sku: Ubuntu\n',
    'nodeSelector:\n  runtime-docker: "true"\n',
    'affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n        - matchExpressions:\n            - {key: container-runtime, operator: NotIn, values: [docker]}\n',
    'affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n        - matchExpressions:\n            - {key: container-runtime, operator: In, values: [docker, containerd]}\n',
    'affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n        - matchExpressions:\n            - {key: container-runtime, operator: In, values: [docker]}\n        - matchExpressions:\n            - {key: kubernetes.io/os, operator: In, values: [linux]}\n',
    'affinity:\n  nodeAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n      - weight: 1\n        preference:\n          matchExpressions:\n            - {key: container-runtime, operator: In, values: [docker]}\n',
  ])('%s is not pinned', (text) => {
    expect(dockerNodeSign(spec(text))).toBeUndefined();
  });

  it('windowsNodeSign reads the OS labels only', () => {
    expect(windowsNodeSign(spec('nodeSelector:\n  kubernetes.io/os: windows\n'))).toBe("its pod's nodeSelector kubernetes.io/os: windows");
    expect(windowsNodeSign(spec('nodeSelector:\n  container-runtime: windows\n'))).toBeUndefined();
  });
});
