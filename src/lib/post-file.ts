/** Uploads one file as a raw request body; a refusal becomes an Error carrying the server's message. */
export async function postFile(url: string, file: Blob): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: "POST", body: file, headers: file.type ? { "content-type": file.type } : undefined });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown> & { error?: string };
  if (!response.ok) throw new Error(body.error ?? "The upload failed.");
  return body;
}
