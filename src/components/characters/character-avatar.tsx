import { cn } from "@/lib/utils";

/** A character's picture (a thumbnail in lists), or its initial when it has none. */
export function CharacterAvatar({
  characterId,
  avatarAssetId,
  name,
  thumbnail = true,
  className,
}: {
  characterId: string;
  avatarAssetId: string | null;
  name: string;
  thumbnail?: boolean;
  className?: string;
}) {
  if (!avatarAssetId) {
    return (
      <div aria-hidden className={cn("grid place-items-center bg-primary/15 text-3xl font-semibold text-primary", className)}>
        {name.slice(0, 1).toUpperCase()}
      </div>
    );
  }
  const src = `/api/characters/${characterId}/assets/${avatarAssetId}${thumbnail ? "?thumbnail=1" : ""}`;
  // eslint-disable-next-line @next/next/no-img-element -- owner-only route; next/image would cache it publicly
  return <img src={src} alt={`Picture of ${name}`} className={cn("object-cover", className)} />;
}
