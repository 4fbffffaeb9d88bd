import { handlers } from "@/server/auth/auth-js";

export const { GET, POST } = handlers;
