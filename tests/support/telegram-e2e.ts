// What every Telegram end-to-end file starts with: a sandbox data centre on its own
// ports, `next start` pointed at it, and Chromium.
import { startTestSandbox, type TestSandbox } from "../integration/support/sandbox";
import { launchBrowser, startApp, type LaunchedBrowser, type StartedApp } from "./e2e";
import { sandboxAppEnv } from "./sandbox-env";

export interface TelegramE2E {
  sandbox: TestSandbox;
  app: StartedApp;
  browser: LaunchedBrowser;
  stop(): Promise<void>;
}

export async function startTelegramE2E(env: Record<string, string> = {}): Promise<TelegramE2E> {
  const sandbox = await startTestSandbox();
  let app: StartedApp | undefined;
  try {
    app = await startApp({ env: { ...sandboxAppEnv({ ...sandbox, controlUrl: sandbox.running.controlUrl }), ...env } });
    const browser = await launchBrowser();
    const started = app;
    return {
      sandbox,
      app,
      browser,
      stop: async () => {
        await browser.dispose();
        await started.stop();
        await sandbox.stop();
      },
    };
  } catch (error) {
    await app?.stop();
    await sandbox.stop();
    throw error;
  }
}
