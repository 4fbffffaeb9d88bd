import type { Metadata } from "next";
import { PasswordForm } from "@/components/settings/password-form";
import { SignInMethods } from "@/components/settings/sign-in-methods";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Sign-in methods" };

export default async function SignInMethodsPage() {
  await requireViewer("/settings/sign-in-methods");
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Sign-in methods</h1>
        <p className="text-muted-foreground">
          Link other accounts to sign in with them too. Accounts are linked only here, never by matching e-mail.
        </p>
      </div>
      <SignInMethods />
      <PasswordForm />
    </div>
  );
}
