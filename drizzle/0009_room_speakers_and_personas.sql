ALTER TABLE "messages" ADD COLUMN "speaker_name" text;--> statement-breakpoint
ALTER TABLE "connect_participants" ADD COLUMN "persona_id" text;--> statement-breakpoint
ALTER TABLE "connect_participants" ADD CONSTRAINT "connect_participants_persona_id_personas_id_fk" FOREIGN KEY ("persona_id") REFERENCES "public"."personas"("id") ON DELETE set null ON UPDATE no action;