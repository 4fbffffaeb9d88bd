import Link from "next/link";

export function SiteFooter() {
  return (
    <footer className="border-t">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-6 text-sm text-muted-foreground">
        <span>Coterie — self-hosted, yours.</span>
        <Link href="/connection-test" className="hover:text-foreground">
          Connection test
        </Link>
        <a href="/api/health" className="hover:text-foreground">
          Health
        </a>
      </div>
    </footer>
  );
}
