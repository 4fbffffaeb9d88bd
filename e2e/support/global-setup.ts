/**
 * Before any story: the fresh install's first account, which makes it the administrator, with known credentials.
 * Every story's own sign-ups then make ordinary members (the suite's server has REGISTRATION_MODE=open), and the
 * stories about administration sign in as this one.
 */
import type { FullConfig } from "@playwright/test";
import { ADMIN_PASSWORD, ADMIN_USERNAME } from "./constants";

export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL;
  if (!baseURL) throw new Error("global setup: no baseURL configured");
  const response = await fetch(`${baseURL}/api/trpc/auth.signUp`, {
    method: "POST",
    // Its own address, so the administrator's sign-up counts against no story's per-address limits.
    headers: { "content-type": "application/json", "x-forwarded-for": "10.254.0.1" },
    body: JSON.stringify({ json: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD, name: "Administrator" } }),
  });
  if (!response.ok) throw new Error(`global setup: signing up the administrator failed (${response.status}): ${await response.text()}`);
}
