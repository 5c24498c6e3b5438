/** The app's environment for a sandbox that a test or benchmark started on its own ports. */
export function sandboxAppEnv(sandbox: { dir: string; port: number; controlUrl: string }): Record<string, string> {
  return {
    TELEGRAM_MODE: "sandbox",
    SANDBOX_DIR: sandbox.dir,
    SANDBOX_HOST: "127.0.0.1",
    SANDBOX_PORT: String(sandbox.port),
    SANDBOX_CONTROL_PORT: new URL(sandbox.controlUrl).port,
  };
}
