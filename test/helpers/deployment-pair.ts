import { indentBlock } from './manifests.js';

/*
 * A deployment of two files that the containerd migration changes both of
 * (deployment-atomic tests): DaemonSet `name` mounting Docker's container
 * directory (docker-volume removes it) and ConfigMap (or Secret) `name` whose
 * tail input reads `Parser docker` (tail-parser edits it).
 */

/** The classic config of the ConfigMap: a tail input of the container logs with `Parser docker`, then `extra`. */
export const pairConfig = (extra = ''): string => `[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n    Parser docker\n${extra}`;

/** ConfigMap `name` holding fluent-bit.conf (`config`). */
export const pairConfigMap = (name: string, config = pairConfig()): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  fluent-bit.conf: |\n${indentBlock(config)}\n`;

/** DaemonSet `name` mounting `/var/lib/docker/containers` and its config from a ConfigMap (or Secret) `name`. */
export const pairDaemonSet = (name: string, from: 'configMap' | 'secret' = 'configMap'): string => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
spec:
  template:
    spec:
      containers:
        - name: fluent-bit
          image: fluent/fluent-bit:2.2.0
          volumeMounts:
            - name: config
              mountPath: /fluent-bit/etc/
            - name: varlibdockercontainers
              mountPath: /var/lib/docker/containers
              readOnly: true
            - name: varlog
              mountPath: /var/log
      volumes:
        - name: config
          ${from}:
            ${from === 'secret' ? 'secretName' : 'name'}: ${name}
        - name: varlibdockercontainers
          hostPath:
            path: /var/lib/docker/containers
        - name: varlog
          hostPath:
            path: /var/log
`;
