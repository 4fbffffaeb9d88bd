import Link from "next/link";
import { NAVIGATION_LINKS } from "@/components/app-shell/navigation-links";
import { SystemStatusCard } from "@/components/system/system-status-card";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export default function HomePage() {
  return (
    <div className="space-y-10">
      <section className="space-y-3">
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Your people and your characters, together.</h1>
        <p className="max-w-2xl text-muted-foreground">
          Coterie is a self-hosted place to keep your AI characters, chat with them through the model you choose,
          send files straight from browser to browser, and meet friends in rooms where everyone&apos;s character
          can speak.
        </p>
      </section>
      <section aria-label="Sections" className="grid gap-4 sm:grid-cols-2">
        {NAVIGATION_LINKS.map(({ href, label, icon: Icon, description }) => (
          <Link key={href} href={href} className="group rounded-xl outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
            <Card className="h-full transition-colors group-hover:border-primary/50">
              <CardHeader>
                <CardTitle className="flex items-center gap-2">
                  <Icon className="size-5 text-primary" aria-hidden />
                  {label}
                </CardTitle>
                <CardDescription>{description}</CardDescription>
              </CardHeader>
            </Card>
          </Link>
        ))}
      </section>
      <section className="max-w-md">
        <SystemStatusCard />
      </section>
    </div>
  );
}
