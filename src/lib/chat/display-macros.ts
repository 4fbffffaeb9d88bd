/** Messages are stored as written ({{user}}, {{char}}); the page shows them with the names filled in. */
export function withNames(text: string, names: { char: string; user: string }): string {
  return text.replace(/\{\{\s*char\s*\}\}|<(?:BOT|CHAR)>/gi, names.char).replace(/\{\{\s*user\s*\}\}|<USER>/gi, names.user);
}
