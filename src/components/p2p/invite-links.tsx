"use client";

import { memo } from "react";
import QRCode from "react-qr-code";
import { CopyButton } from "@/components/ui/copy-button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

/** A link to hand to others: a QR code of the short link, and both links with copy buttons. */
export const InviteLinks = memo(function InviteLinks({ shortUrl, longUrl, qrLabel, children }: { shortUrl: string; longUrl: string; qrLabel: string; children?: React.ReactNode }) {
  return (
    <div className="flex flex-wrap items-start gap-6">
      <div className="rounded-lg bg-white p-3">
        <LinkQrCode value={shortUrl} label={qrLabel} />
      </div>
      {/* At least this wide, so that in a narrow column the links go below the code instead of beside it in slivers. */}
      <div className="max-w-full min-w-52 flex-1 space-y-3">
        <CopyableLink label="Short link" url={shortUrl} />
        <CopyableLink label="Readable link" url={longUrl} />
        {children}
      </div>
    </div>
  );
});

/**
 * Memoized on its own: InviteLinks re-renders with its page whenever it is given children, and drawing a QR code
 * scores eight masks, which the uploader's page was redoing on every progress report during a transfer.
 */
const LinkQrCode = memo(function LinkQrCode({ value, label }: { value: string; label: string }) {
  return <QRCode value={value} size={148} aria-label={label} />;
});

function CopyableLink({ label, url }: { label: string; url: string }) {
  return (
    <div className="space-y-1">
      <Label>{label}</Label>
      <div className="flex gap-2">
        {/* Wrapped, not scrolled: the whole link stays readable in a narrow column or on a phone. */}
        <Textarea readOnly rows={1} value={url} aria-label={label} onFocus={(event) => event.currentTarget.select()} className="min-h-9 resize-none font-mono text-xs break-all [field-sizing:content] md:text-xs" />
        <CopyButton text={url} label={`Copy ${label.toLowerCase()}`} />
      </div>
    </div>
  );
}
