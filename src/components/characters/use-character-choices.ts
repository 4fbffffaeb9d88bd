"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

/**
 * The person's characters by name, for a picker. Read afresh whenever a picker opens: a list cached before an
 * import must not hide a character that exists now.
 */
export function useCharacterChoices() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.characters.list.queryOptions({ sort: "name" }), refetchOnMount: "always" });
}
