/**
 * The allowed private provider hosts as the admin page takes them: each entry a rule the guarded fetch reads with
 * its own parser (net/host-rules), so what is stored is exactly what it can apply. Entries are normalized (trimmed,
 * lower-cased) so the same rule is never stored twice.
 */
import { z } from "zod";
import { parseOutboundRule } from "@/server/net/host-rules";

export const PRIVATE_HOST_RULES_MAX = 100;

export const ZPrivateHostRule = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter a host.")
  .max(300, "Use at most 300 characters.")
  .superRefine((rule, context) => {
    const parsed = parseOutboundRule(rule);
    if (!parsed.ok) context.addIssue({ code: "custom", message: `Not a host rule: ${parsed.problem}.` });
  });

export const ZPrivateHostRules = z
  .array(ZPrivateHostRule)
  .max(PRIVATE_HOST_RULES_MAX, `Allow at most ${PRIVATE_HOST_RULES_MAX} hosts.`)
  .transform((rules) => [...new Set(rules)]);
