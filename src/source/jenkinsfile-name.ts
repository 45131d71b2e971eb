// No imports: the CLI's walk (collect-inputs.ts, loaded before the engine) and format sniffing share it.

const JENKINSFILE_NAME = /^jenkinsfile(?:\..+)?$|\.jenkinsfile$/i;

/** `Jenkinsfile`, `Jenkinsfile.deploy`, `deploy.jenkinsfile` (by the file's own name, any directory): a Jenkins pipeline (Groovy). */
export function isJenkinsfilePath(path: string): boolean {
  return JENKINSFILE_NAME.test(path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1));
}
