"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FileAudio, ImagePlus } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { postFile } from "@/lib/post-file";
import { useTRPC } from "@/trpc/react";

type TAsset = { id: string; type: string; name: string; ext: string; isImage: boolean };
const ASSET_TYPES = ["icon", "emotion", "background", "user_icon", "other"] as const;

/** The character's assets: pictures as thumbnails; choose the avatar, add or remove assets. */
export function AssetGallery({ characterId, assets, avatarAssetId }: { characterId: string; assets: TAsset[]; avatarAssetId: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.characters.pathKey() });
  const onError = (error: { message: string }) => toast.error(error.message);
  const setAvatar = useMutation(trpc.characters.setAvatar.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(trpc.characters.removeAsset.mutationOptions({ onSuccess: refresh, onError }));
  const fileInput = useRef<HTMLInputElement>(null);
  const [type, setType] = useState<(typeof ASSET_TYPES)[number]>("emotion");
  const [name, setName] = useState("");
  const [uploading, setUploading] = useState(false);

  async function upload(file: File | undefined) {
    if (!file) return;
    const ext = file.name.split(".").pop()?.toLowerCase() ?? "";
    const assetName = name.trim() || file.name.replace(/\.[^.]+$/, "");
    setUploading(true);
    try {
      const query = new URLSearchParams({ type, name: assetName, ext });
      await postFile(`/api/characters/${characterId}/assets?${query}`, file);
      toast.success(`Added ${assetName}`);
      setName("");
      await refresh();
    } catch (error) {
      toast.error((error as Error).message);
    } finally {
      setUploading(false);
    }
  }

  return (
    <div className="space-y-4">
      {assets.length === 0 && <p className="text-sm text-muted-foreground">No assets.</p>}
      <ul aria-label="Assets" className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {assets.map((asset) => (
          <li key={asset.id} className="space-y-2 rounded-lg border p-2 text-sm">
            {asset.isImage ? (
              // eslint-disable-next-line @next/next/no-img-element -- owner-only route
              <img src={`/api/characters/${characterId}/assets/${asset.id}?thumbnail=1`} alt={`${asset.type} ${asset.name}`} className="aspect-square w-full rounded-md object-cover" />
            ) : (
              <div className="grid aspect-square place-items-center rounded-md bg-muted">
                <FileAudio className="size-8 text-muted-foreground" aria-hidden />
              </div>
            )}
            <p className="truncate font-medium">{asset.name}</p>
            <div className="flex flex-wrap items-center gap-1">
              <Badge variant="secondary">{asset.type}</Badge>
              {asset.id === avatarAssetId && <Badge variant="success">Avatar</Badge>}
            </div>
            <div className="flex flex-wrap gap-1">
              {asset.isImage && asset.id !== avatarAssetId && (
                <Button size="sm" variant="outline" onClick={() => setAvatar.mutate({ id: characterId, assetId: asset.id })}>
                  Use as avatar
                </Button>
              )}
              <Button size="sm" variant="ghost" aria-label={`Remove ${asset.name}`} onClick={() => remove.mutate({ id: characterId, assetId: asset.id })}>
                Remove
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap items-center gap-2">
        <NativeSelect aria-label="Asset type" value={type} onChange={(event) => setType(event.target.value as (typeof ASSET_TYPES)[number])}>
          {ASSET_TYPES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </NativeSelect>
        <Input aria-label="Asset name" placeholder="Name (e.g. happy)" value={name} onChange={(event) => setName(event.target.value)} className="max-w-48" />
        <input
          ref={fileInput}
          type="file"
          className="hidden"
          aria-label="Asset file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = "";
            void upload(file);
          }}
        />
        <Button variant="outline" disabled={uploading} onClick={() => fileInput.current?.click()}>
          <ImagePlus /> {uploading ? "Uploading…" : "Add asset"}
        </Button>
      </div>
    </div>
  );
}
