// What the packages' types leave out.

import "node:test";

declare module "node:test" {
  interface TestContext {
    /** Whether the test passed so far: in Node since 20.12 and 21.7, not yet in @types/node 20. */
    readonly passed: boolean;
  }
}

declare global {
  namespace WebdriverIO {
    interface Capabilities {
      /** tauri-driver's capability: the app to start and its arguments. */
      "tauri:options"?: { application: string; args?: string[] };
    }
  }
}
