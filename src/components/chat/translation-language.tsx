"use client";

import { useEffect, useState } from "react";
import { NativeSelect } from "@/components/ui/native-select";

const STORAGE_KEY = "coterie.translationLanguage";
const COMMON = ["en", "es", "fr", "de", "it", "pt-BR", "ru", "ja", "ko", "zh-CN", "ar", "hi", "tr", "pl", "nl", "uk"];

/** The reader's language for translations: the browser's own until they pick another (remembered on this device). */
export function useTranslationLanguage(): [string, (language: string) => void] {
  const [language, setLanguage] = useState("en");
  useEffect(() => {
    setLanguage(window.localStorage.getItem(STORAGE_KEY) ?? navigator.language ?? "en");
  }, []);
  return [
    language,
    (next) => {
      window.localStorage.setItem(STORAGE_KEY, next);
      setLanguage(next);
    },
  ];
}

export function TranslationLanguage({ value, onChange }: { value: string; onChange: (language: string) => void }) {
  const names = new Intl.DisplayNames(["en"], { type: "language" });
  const options = COMMON.includes(value) ? COMMON : [value, ...COMMON];
  return (
    <label className="flex items-center gap-2">
      Translate into
      <NativeSelect aria-label="Translation language" className="h-8" value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((code) => (
          <option key={code} value={code}>
            {names.of(code) ?? code}
          </option>
        ))}
      </NativeSelect>
    </label>
  );
}
