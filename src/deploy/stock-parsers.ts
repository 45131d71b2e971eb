/*
 * What Fluent Bit brings without any parsers file of the batch.
 */

/** A parser of the image's stock parsers.conf: its name, format, and the field its content lands in. */
export interface StockParser {
  readonly name: string;
  readonly format: 'regex' | 'json' | 'logfmt';
}

/**
 * The [PARSER]s of the official image's /fluent-bit/etc/parsers.conf, in
 * file order (fluent/fluent-bit conf/parsers.conf at d55459d, copied in
 * ../shared/corpus/fluent__fluent-bit/conf/parsers.conf). `docker` and
 * `cri` are unchanged since 1.2 and 1.0 (fluent-bit-config-format.md C.1);
 * `cri` captures the content as `message`.
 */
export const STOCK_PARSERS: readonly StockParser[] = [
  { name: 'apache', format: 'regex' },
  { name: 'apache2', format: 'regex' },
  { name: 'apache_error', format: 'regex' },
  { name: 'nginx', format: 'regex' },
  { name: 'k8s-nginx-ingress', format: 'regex' },
  { name: 'json', format: 'json' },
  { name: 'logfmt', format: 'logfmt' },
  { name: 'docker', format: 'json' },
  { name: 'docker-daemon', format: 'regex' },
  { name: 'syslog-rfc5424', format: 'regex' },
  { name: 'syslog-rfc3164-local', format: 'regex' },
  { name: 'syslog-rfc3164', format: 'regex' },
  { name: 'mongodb', format: 'regex' },
  { name: 'envoy', format: 'regex' },
  { name: 'istio-envoy-proxy', format: 'regex' },
  { name: 'cri', format: 'regex' },
  { name: 'kube-custom', format: 'regex' },
  { name: 'kmsg-netfilter-log', format: 'regex' },
];

/** The stock parsers file of the official image. */
export const STOCK_PARSERS_FILE = '/fluent-bit/etc/parsers.conf';

/** Multiline parsers compiled into Fluent Bit since 1.8 (fluent-bit-config-format.md C.2, C.4). */
export const BUILTIN_MULTILINE_PARSERS: ReadonlySet<string> = new Set(['docker', 'cri', 'go', 'python', 'java', 'ruby']);

/**
 * The [PARSER] names of the Fluent Operator image's /fluent-bit/etc/parsers.conf, in file order
 * (fluent/fluent-operator conf/parsers.conf, copied into the image by cmd/fluent-watcher/fluentbit/Dockerfile). Its
 * first line is `@INCLUDE /fluent-bit/config/parsers.conf`, the parsers the operator renders from ClusterParsers, so
 * those are defined before these.
 */
export const OPERATOR_IMAGE_PARSERS: readonly string[] = [
  'apache', 'apache2', 'apache_error', 'nginx', 'k8s-nginx-ingress', 'json', 'docker', 'docker-daemon', 'syslog-rfc5424',
  'syslog-rfc3164-local', 'syslog-rfc3164', 'mongodb', 'envoy', 'cri', 'kube-custom',
];
