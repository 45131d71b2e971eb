// No imports: the CLI's walk (collect-inputs.ts, loaded before the engine) and format sniffing share it.

const JENKINSFILE_NAME = /^jenkinsfile(?:\..+)?$|\.jenkinsfile$/i;
/**
 * A `Jenkinsfile.<ext>` in a data or document format is not a pipeline: a `Jenkinsfile.yaml` (Jenkins X, a pod
 * template) stays a YAML input the rules and the safety net read, a `Jenkinsfile.md` a document nobody walks.
 */
const NOT_GROOVY = /\.(?:ya?ml|json|md|markdown|txt|rst|adoc|html?)$/i;

/** `Jenkinsfile`, `Jenkinsfile.deploy`, `deploy.jenkinsfile` (by the file's own name, any directory): a Jenkins pipeline (Groovy). */
export function isJenkinsfilePath(path: string): boolean {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return JENKINSFILE_NAME.test(name) && !NOT_GROOVY.test(name);
}
