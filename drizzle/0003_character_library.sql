CREATE TABLE "blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"content" "bytea" NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "character_assets" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"character_id" text NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"ext" text NOT NULL,
	"blob_sha256" text NOT NULL,
	"thumbnail_sha256" text,
	"width" integer,
	"height" integer,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "characters" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"nickname" text,
	"description" text DEFAULT '' NOT NULL,
	"personality" text DEFAULT '' NOT NULL,
	"scenario" text DEFAULT '' NOT NULL,
	"first_message" text DEFAULT '' NOT NULL,
	"example_dialogue" text DEFAULT '' NOT NULL,
	"system_prompt" text DEFAULT '' NOT NULL,
	"post_history_instructions" text DEFAULT '' NOT NULL,
	"alternate_greetings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"group_only_greetings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"creator_notes" text DEFAULT '' NOT NULL,
	"creator_notes_multilingual" jsonb,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"creator" text DEFAULT '' NOT NULL,
	"character_version" text DEFAULT '' NOT NULL,
	"source" jsonb,
	"card_created_at" timestamp with time zone,
	"card_modified_at" timestamp with time zone,
	"extensions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"lorebook" jsonb,
	"avatar_asset_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lorebook_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"character_id" text NOT NULL,
	"position" integer NOT NULL,
	"keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"secondary_keys" text[],
	"content" text DEFAULT '' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"insertion_order" real DEFAULT 0 NOT NULL,
	"case_sensitive" boolean,
	"use_regex" boolean DEFAULT false NOT NULL,
	"constant" boolean,
	"selective" boolean,
	"priority" real,
	"name" text,
	"comment" text,
	"placement" text,
	"source_id" text,
	"extensions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"unknown_fields" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "personas" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"avatar_sha256" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "character_assets" ADD CONSTRAINT "character_assets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "character_assets" ADD CONSTRAINT "character_assets_character_id_characters_id_fk" FOREIGN KEY ("character_id") REFERENCES "public"."characters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "character_assets" ADD CONSTRAINT "character_assets_blob_sha256_blobs_sha256_fk" FOREIGN KEY ("blob_sha256") REFERENCES "public"."blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "character_assets" ADD CONSTRAINT "character_assets_thumbnail_sha256_blobs_sha256_fk" FOREIGN KEY ("thumbnail_sha256") REFERENCES "public"."blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "characters" ADD CONSTRAINT "characters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lorebook_entries" ADD CONSTRAINT "lorebook_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lorebook_entries" ADD CONSTRAINT "lorebook_entries_character_id_characters_id_fk" FOREIGN KEY ("character_id") REFERENCES "public"."characters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personas" ADD CONSTRAINT "personas_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personas" ADD CONSTRAINT "personas_avatar_sha256_blobs_sha256_fk" FOREIGN KEY ("avatar_sha256") REFERENCES "public"."blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "character_assets_character_id_idx" ON "character_assets" USING btree ("character_id");--> statement-breakpoint
CREATE INDEX "character_assets_user_id_idx" ON "character_assets" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "characters_user_id_updated_at_idx" ON "characters" USING btree ("user_id","updated_at");--> statement-breakpoint
CREATE INDEX "characters_tags_idx" ON "characters" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "lorebook_entries_character_id_position_idx" ON "lorebook_entries" USING btree ("character_id","position");--> statement-breakpoint
CREATE INDEX "personas_user_id_idx" ON "personas" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "personas_one_default_per_user_idx" ON "personas" USING btree ("user_id") WHERE "personas"."is_default";