/** A failed mutation as a form shows it: field-level messages from the server's zod issues, one message for the rest. */
import { TRPCClientError } from "@trpc/client";

export type TFormErrors = { form: string | null; fields: Record<string, string> };

export function formErrors(error: unknown): TFormErrors {
  if (!error) return { form: null, fields: {} };
  if (!(error instanceof TRPCClientError)) return { form: "Something went wrong. Please try again.", fields: {} };
  const data = (error as TRPCClientError<never>).data as { zodIssues?: { path: PropertyKey[]; message: string }[] } | undefined;
  const issues = data?.zodIssues ?? [];
  if (issues.length === 0) return { form: error.message, fields: {} };
  return { form: null, fields: Object.fromEntries(issues.map((issue) => [String(issue.path[0]), issue.message])) };
}
