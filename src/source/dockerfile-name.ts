// No imports: the CLI's walk (collect-inputs.ts, loaded before the engine) and format sniffing share it.

const DOCKERFILE_NAME = /^(?:dockerfile|containerfile)(?:\..+)?$|\.(?:dockerfile|containerfile)$/i;

/** `Dockerfile`, `Containerfile`, `Dockerfile.prod`, `app.dockerfile` (by the file's own name, any directory). */
export function isDockerfilePath(path: string): boolean {
  return DOCKERFILE_NAME.test(path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1));
}
