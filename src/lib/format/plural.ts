/** "1 message", "2 messages", "0 messages": a count with its noun, in the right number (English). */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : plural}`;
}
