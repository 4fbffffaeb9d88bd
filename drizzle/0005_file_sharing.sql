CREATE TABLE "file_share_channels" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"short_slug" text NOT NULL,
	"long_slug" text NOT NULL,
	"manifest" jsonb NOT NULL,
	"file_count" integer NOT NULL,
	"total_bytes" bigint NOT NULL,
	"password_hash" text,
	"uploader_peer_id" text,
	"download_count" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"renewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "file_share_channels" ADD CONSTRAINT "file_share_channels_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "file_share_channels_short_slug_idx" ON "file_share_channels" USING btree ("short_slug");--> statement-breakpoint
CREATE UNIQUE INDEX "file_share_channels_long_slug_idx" ON "file_share_channels" USING btree ("long_slug");--> statement-breakpoint
CREATE INDEX "file_share_channels_user_id_idx" ON "file_share_channels" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "file_share_channels_expires_at_idx" ON "file_share_channels" USING btree ("expires_at");