"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter } from "@/components/ui/card";
import { FormAlert } from "@/components/ui/form-alert";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ownImageOrNull } from "@/lib/own-image";
import { postFile } from "@/lib/post-file";
import { useTRPC } from "@/trpc/react";

type TProfileDraft = { name: string; username: string };

export function ProfileForm() {
  const trpc = useTRPC();
  const profile = useQuery(trpc.account.profile.queryOptions());
  if (profile.isPending) return <p className="text-muted-foreground">Loading profile…</p>;
  if (profile.isError) return <p className="text-destructive">Could not load your profile: {profile.error.message}</p>;
  return (
    <div className="space-y-6">
      <AvatarEditor image={ownImageOrNull(profile.data.image)} name={profile.data.name ?? profile.data.username ?? "?"} />
      <ProfileFields initial={{ name: profile.data.name ?? "", username: profile.data.username ?? "" }} />
    </div>
  );
}

function useRefreshProfile() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.account.profile.queryKey() });
    router.refresh(); // the header shows the name and picture too
  };
}

function ProfileFields({ initial }: { initial: TProfileDraft }) {
  const trpc = useTRPC();
  const refresh = useRefreshProfile();
  const [draft, setDraft] = useState(initial);
  const save = useMutation(
    trpc.account.updateProfile.mutationOptions({
      onSuccess: async () => {
        toast.success("Profile saved");
        await refresh();
      },
    }),
  );
  const issues = (save.error?.data as { zodIssues?: { path: PropertyKey[]; message: string }[] } | undefined)?.zodIssues ?? [];
  const fieldError = (field: keyof TProfileDraft) => issues.find((issue) => issue.path[0] === field)?.message;
  const formError = save.error && issues.length === 0 ? save.error.message : null;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate(draft);
  }

  return (
    <Card>
      <form onSubmit={onSubmit}>
        <CardContent className="space-y-4">
          <FormAlert>{formError}</FormAlert>
          <div className="space-y-1.5">
            <Label htmlFor="profile-name">Display name</Label>
            <Input id="profile-name" value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
            {fieldError("name") && <p className="text-sm text-destructive">{fieldError("name")}</p>}
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="profile-username">Username</Label>
            <Input
              id="profile-username"
              value={draft.username}
              autoComplete="username"
              onChange={(event) => setDraft({ ...draft, username: event.target.value })}
            />
            {fieldError("username") && <p className="text-sm text-destructive">{fieldError("username")}</p>}
          </div>
        </CardContent>
        <CardFooter className="mt-4">
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save profile"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function AvatarEditor({ image, name }: { image: string | null; name: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshProfile();
  const fileInput = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const remove = useMutation(trpc.account.removeAvatar.mutationOptions({ onSuccess: refresh }));

  async function onFileChosen(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setUploading(true);
    try {
      await postFile("/api/account/avatar", file);
      toast.success("Picture updated");
      await refresh();
    } catch (error) {
      toast.error((error as Error).message);
    } finally {
      setUploading(false);
    }
  }

  return (
    <Card>
      <CardContent className="flex flex-wrap items-center gap-4">
        {image ? (
          // eslint-disable-next-line @next/next/no-img-element -- served by our own route, already 256 px WebP
          <img src={image} alt="Your profile picture" width={64} height={64} className="size-16 rounded-full object-cover" />
        ) : (
          <span aria-hidden className="grid size-16 place-items-center rounded-full bg-primary text-2xl text-primary-foreground">
            {name.slice(0, 1).toUpperCase()}
          </span>
        )}
        <div className="flex flex-wrap gap-2">
          <input ref={fileInput} type="file" accept="image/png,image/jpeg,image/webp,image/gif,image/avif" className="hidden" aria-label="Picture file" onChange={onFileChosen} />
          <Button variant="outline" disabled={uploading} onClick={() => fileInput.current?.click()}>
            {uploading ? "Uploading…" : image ? "Change picture" : "Upload picture"}
          </Button>
          {image && (
            <Button variant="ghost" disabled={remove.isPending} onClick={() => remove.mutate()}>
              Remove
            </Button>
          )}
        </div>
        <p className="w-full text-xs text-muted-foreground">JPEG, PNG, WebP, GIF or AVIF, up to 5 MiB.</p>
      </CardContent>
    </Card>
  );
}
