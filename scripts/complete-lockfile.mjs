// The npm registry reachable here serves only the Linux builds of platform-specific optional packages
// (@next/swc-*, @tailwindcss/oxide-*, …), so `npm install` leaves the others out of package-lock.json, and
// `npm ci` then refuses the lock file as incomplete. This adds a version-only entry for every optional
// dependency the lock file lacks; npm ci skips those that do not match the platform, as it always does.
// Run it after every `npm install` that changes dependencies.
import { readFileSync, writeFileSync } from "node:fs";

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const packages = lock.packages;
const missing = [];
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = location ? `${location}/node_modules/${name}` : `node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    packages[hoisted] = { version, optional: true };
    missing.push(`${name}@${version}`);
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
console.log(missing.length ? `added ${missing.length} optional entries: ${missing.join(", ")}` : "lock file complete");
