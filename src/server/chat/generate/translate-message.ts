/** Translates a message into the reader's language with the translation scenario's model; the original stays. */
import "server-only";
import { z } from "zod";
import { saveTranslation, writableMessage } from "@/server/chat/messages";
import type { TDatabase } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { describeProviderError } from "@/server/llm/provider-errors";
import { resolveScenarioModel } from "@/server/models/generation-settings";
import { callModel } from "@/server/replies/model-call";

/** A BCP 47 language tag such as "fr" or "pt-BR". */
export const ZLanguageTag = z
  .string()
  .trim()
  .min(2)
  .max(35)
  .refine((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, "Not a language tag, e.g. fr or pt-BR.");

export function languageName(tag: string): string {
  return new Intl.DisplayNames(["en"], { type: "language" }).of(tag) ?? tag;
}

export function translationInstruction(tag: string): string {
  return `Translate the user's text into ${languageName(tag)}. Keep the meaning, tone, names, formatting and Markdown. Answer with the translation only.`;
}

export async function translateMessage(db: TDatabase, userId: string, messageId: string, language: string): Promise<{ translatedContent: string; translatedLanguage: string }> {
  const message = await writableMessage(db, userId, messageId);
  const target = await resolveScenarioModel(db, userId, "translation");
  let translated: string;
  try {
    const result = await callModel({ db, userId, scenario: "translation", chatId: message.chatId, target }, [
      { role: "system", content: translationInstruction(language) },
      { role: "user", content: message.content },
    ]);
    translated = result.text.trim();
  } catch (error) {
    throw new AppError("UNAVAILABLE", describeProviderError(error, target.provider.label).message);
  }
  if (!translated) throw new AppError("UNAVAILABLE", "The translation came back empty; try again.");
  await saveTranslation(db, message, translated, language);
  return { translatedContent: translated, translatedLanguage: language };
}
