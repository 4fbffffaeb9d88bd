import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { AccountSlot } from "@/components/auth/account-slot";
import { CspCompatibleZod } from "@/components/app-shell/csp-compatible-zod";
import { SiteFooter } from "@/components/app-shell/site-footer";
import { SiteHeader } from "@/components/app-shell/site-header";
import { ThemeProvider } from "@/components/app-shell/theme-provider";
import { NONCE_HEADER } from "@/server/http/security-headers";
import { TRPCReactProvider } from "@/trpc/react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Coterie", template: "%s · Coterie" },
  description: "A self-hosted home for you, your friends and your AI characters.",
  // The files in public/ (scripts/render-icons.mjs draws the PNGs from icon.svg).
  manifest: "/manifest.webmanifest",
  icons: {
    icon: [{ url: "/favicon.ico", sizes: "48x48" }, { url: "/icon.svg", type: "image/svg+xml" }],
    apple: "/apple-touch-icon.png",
  },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#17151c" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The page's CSP nonce (src/proxy.ts), for next-themes' inline script that sets the theme before first paint.
  // Reading a request header also renders every page per request, which a fresh nonce needs anyway.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`} suppressHydrationWarning>
      <body className="flex min-h-dvh flex-col font-sans">
        <CspCompatibleZod />
        <ThemeProvider nonce={nonce}>
          <TRPCReactProvider>
            <SiteHeader account={<AccountSlot />} />
            <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">{children}</main>
            <SiteFooter />
            <Toaster richColors closeButton />
          </TRPCReactProvider>
        </ThemeProvider>
      </body>
    </html>
  );
}
