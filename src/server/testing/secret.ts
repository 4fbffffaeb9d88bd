import { installAppSecret } from "@/server/secrets";

/** A fixed secret for tests that issue tokens; the server installs the real one at start. */
export const TEST_APP_SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

export function installTestAppSecret(): void {
  installAppSecret(TEST_APP_SECRET);
}
