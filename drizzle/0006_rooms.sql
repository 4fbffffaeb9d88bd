CREATE TABLE "connect_participants" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"user_id" text NOT NULL,
	"display_name" text NOT NULL,
	"peer_id" text NOT NULL,
	"is_host" boolean DEFAULT false NOT NULL,
	"character_id" text,
	"character_name" text NOT NULL,
	"character_thumbnail" text,
	"character_description" text DEFAULT '' NOT NULL,
	"talkativeness" real DEFAULT 0.5 NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"left_at" timestamp with time zone,
	"kicked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "connect_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"title" text NOT NULL,
	"short_slug" text NOT NULL,
	"long_slug" text NOT NULL,
	"max_participants" integer DEFAULT 8 NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"turn_policy" text DEFAULT 'natural' NOT NULL,
	"max_ai_replies_per_message" integer DEFAULT 3 NOT NULL,
	"host_peer_id" text,
	"expires_at" timestamp with time zone NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "connect_participants" ADD CONSTRAINT "connect_participants_session_id_connect_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."connect_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connect_participants" ADD CONSTRAINT "connect_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connect_participants" ADD CONSTRAINT "connect_participants_character_id_characters_id_fk" FOREIGN KEY ("character_id") REFERENCES "public"."characters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connect_sessions" ADD CONSTRAINT "connect_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connect_participants_session_idx" ON "connect_participants" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "connect_participants_session_user_idx" ON "connect_participants" USING btree ("session_id","user_id");--> statement-breakpoint
CREATE INDEX "connect_participants_active_idx" ON "connect_participants" USING btree ("session_id") WHERE "connect_participants"."left_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "connect_sessions_short_slug_idx" ON "connect_sessions" USING btree ("short_slug");--> statement-breakpoint
CREATE UNIQUE INDEX "connect_sessions_long_slug_idx" ON "connect_sessions" USING btree ("long_slug");--> statement-breakpoint
CREATE INDEX "connect_sessions_user_id_idx" ON "connect_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "connect_sessions_expires_at_idx" ON "connect_sessions" USING btree ("expires_at");