import { indentBlock } from './manifests.js';

/*
 * The small deployment the invariant tests break on purpose (invariants.test.ts on hand-made batches,
 * output-check.test.ts through the migration's own check): ConfigMap `fb` with fluent-bit.conf and
 * parsers.conf, and DaemonSet `fb` with an init container and a Fluent Bit container mounting /var/log
 * and the ConfigMap over /fluent-bit/etc.
 */

/** A tail input of the container logs with one more property line (`Parser docker`, `multiline.parser ...`). */
export const TAIL = (parser: string): string => `[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n    ${parser}\n`;

/** ConfigMap `fb`: fluent-bit.conf (a [SERVICE] loading parsers.conf, then `input`) and parsers.conf. */
export const invariantConfigMap = (input: string, parsers = '[PARSER]\n    Name docker\n    Format json\n'): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fb\ndata:\n  fluent-bit.conf: |\n${indentBlock('[SERVICE]\n    Parsers_File parsers.conf\n\n' + input)}\n  parsers.conf: |\n${indentBlock(parsers)}\n`;

/** DaemonSet `fb` running `image`, with `extra` lines before its volumes. */
export const invariantDaemonSet = (image: string, extra = ''): string => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fb
spec:
  template:
    spec:
      initContainers:
      - name: setup
        image: busybox
        volumeMounts:
        - name: varlog
          mountPath: /var/log
      containers:
      - name: fluent-bit
        image: ${image}
        volumeMounts:
        - name: varlog
          mountPath: /var/log
        - name: config
          mountPath: /fluent-bit/etc
${extra}      volumes:
      - name: varlog
        hostPath:
          path: /var/log
      - name: config
        configMap:
          name: fb
`;
