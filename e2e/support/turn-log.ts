/** Reads what coturn's verbose log (TURN_LOG_FILE) says it did for one TURN username. */
import { readFileSync } from "node:fs";
import { TURN_LOG_FILE } from "./constants";

export type TTurnUsage = {
  /** coturn accepted the username's credential (HMAC of the shared secret) and opened a session for it. */
  sessionOpened: boolean;
  allocated: boolean;
  permitted: boolean;
  /** The allocation was released and coturn wrote its last usage line, so `bytesSentToClient` is complete. */
  closed: boolean;
  /** Bytes coturn relayed to that user's browser, summed over its usage lines (written every 2048 packets and at the end). */
  bytesSentToClient: number;
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function turnUsage(username: string): TTurnUsage {
  const log = readFileSync(TURN_LOG_FILE, "utf8");
  const user = escapeRegExp(username);
  const packet = (name: string) => new RegExp(`user <${user}>: incoming packet ${name} processed, success`).test(log);
  const usage = new RegExp(`session \\d+: usage: realm=<[^>]*>, username=<${user}>, rp=\\d+, rb=\\d+, sp=\\d+, sb=(\\d+)`, "g");
  return {
    sessionOpened: new RegExp(`session \\d+: new, realm=<[^>]*>, username=<${user}>`).test(log),
    allocated: packet("ALLOCATE"),
    permitted: packet("CREATE_PERMISSION"),
    closed: new RegExp(`session \\d+: closed \\(2nd stage\\), user <${user}>`).test(log),
    bytesSentToClient: [...log.matchAll(usage)].reduce((total, match) => total + Number(match[1]), 0),
  };
}
