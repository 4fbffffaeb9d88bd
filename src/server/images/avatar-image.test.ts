import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { AVATAR_MAX_UPLOAD_BYTES, AVATAR_SIZE, processAvatarImage } from "./avatar-image";

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 120, g: 40, b: 200 } } }).png().toBuffer();

async function refusal(upload: Buffer) {
  const error = await processAvatarImage(upload).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("processAvatarImage", () => {
  it("re-encodes any accepted picture as a small square WebP", async () => {
    const avatar = await processAvatarImage(await png(640, 480));
    const metadata = await sharp(avatar.content).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: AVATAR_SIZE, height: AVATAR_SIZE });
    expect(avatar.contentType).toBe("image/webp");
    expect(avatar.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses bytes that only pretend to be an image", async () => {
    expect(await refusal(randomBytes(2048))).toMatchObject({ code: "INVALID_INPUT" });
    const truncated = (await png(200, 200)).subarray(0, 120);
    expect((await refusal(truncated)).code).toBe("INVALID_INPUT");
  });

  it("refuses formats it does not serve", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    expect(await refusal(svg)).toMatchObject({ code: "INVALID_INPUT", message: "Use a JPEG, PNG, WebP, GIF or AVIF picture." });
  });

  it("refuses oversized files and dimensions before decoding pixels", async () => {
    expect((await refusal(Buffer.alloc(AVATAR_MAX_UPLOAD_BYTES + 1))).code).toBe("PAYLOAD_TOO_LARGE");
    expect(await refusal(await png(8001, 1))).toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/8000 pixels/) as string });
    expect((await refusal(Buffer.alloc(0))).message).toBe("The file is empty.");
  });
});
