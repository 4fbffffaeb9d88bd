/**
 * Turns what a provider or the network threw into one plain sentence for the person chatting, and a kind the
 * UI and tests can rely on. Raw provider bodies can echo request details, so they are never passed through whole.
 */
import { APICallError, RetryError } from "ai";
import { outboundFailureOf, type TOutboundFailure } from "@/server/net/outbound-errors";

export type TProviderErrorKind = "bad_key" | "rate_limited" | "context_too_long" | "unreachable" | "refused_address" | "model_not_found" | "provider_error";

export type TProviderFailure = { kind: TProviderErrorKind; message: string };

const CONTEXT_PATTERN = /context[_ ]length|context window|maximum context|too many tokens|prompt is too long|too long/i;
const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The provider's own message, shortened: it usually says exactly what is wrong. */
function providerMessage(error: APICallError): string {
  try {
    const body = JSON.parse(error.responseBody ?? "") as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof body.error === "string" ? body.error : (body.error?.message ?? body.message);
    if (typeof message === "string" && message.trim()) return message.trim().slice(0, 300);
  } catch {
    // Not JSON: fall back to the SDK's message.
  }
  return error.message.slice(0, 300);
}

/** The guarded fetch's own refusals and limits: the same words whatever the address would have answered. */
function describeOutboundFailure(failure: TOutboundFailure, message: string, providerLabel: string): TProviderFailure {
  switch (failure) {
    case "refused":
      return {
        kind: "refused_address",
        message: `${providerLabel}: ${message} It only reaches public addresses, and private ones its operator allows (ALLOW_PRIVATE_HOSTS).`,
      };
    case "timed_out":
      return { kind: "unreachable", message: `${providerLabel}: ${message} Try again, or check that the server at the base URL is answering.` };
    case "too_large":
    case "too_many_redirects":
      return { kind: "provider_error", message: `${providerLabel}: ${message}` };
  }
}

export function describeProviderError(error: unknown, providerLabel: string): TProviderFailure {
  const inner = RetryError.isInstance(error) ? error.lastError : error;
  const outbound = outboundFailureOf(inner);
  if (outbound) return describeOutboundFailure(outbound.failure, outbound.message, providerLabel);
  if (APICallError.isInstance(inner)) {
    const status = inner.statusCode ?? 0;
    const detail = providerMessage(inner);
    if (status === 401 || status === 403) return { kind: "bad_key", message: `${providerLabel} refused the API key (${status}): ${detail}` };
    if (status === 429) return { kind: "rate_limited", message: `${providerLabel} is rate-limiting requests; wait a moment and try again. (${detail})` };
    if (status === 404) return { kind: "model_not_found", message: `${providerLabel} does not know this model: ${detail}` };
    if (status === 400 && CONTEXT_PATTERN.test(detail)) {
      return { kind: "context_too_long", message: `The conversation is too long for this model's context window: ${detail}` };
    }
    // No status at all: the request never got an HTTP answer (the SDK says "Cannot connect to API").
    if (!status) return { kind: "unreachable", message: `${providerLabel} could not be reached${causeCode(inner) ? ` (${causeCode(inner)})` : ""}. Check the base URL and that the server is running.` };
    return { kind: "provider_error", message: `${providerLabel} answered with an error${status ? ` (${status})` : ""}: ${detail}` };
  }
  const code = causeCode(inner);
  if (code || (inner instanceof TypeError && /fetch failed/i.test(inner.message))) {
    return { kind: "unreachable", message: `${providerLabel} could not be reached${code ? ` (${code})` : ""}. Check the base URL and that the server is running.` };
  }
  return { kind: "provider_error", message: `${providerLabel} failed: ${inner instanceof Error ? inner.message.slice(0, 300) : "unknown error"}` };
}
