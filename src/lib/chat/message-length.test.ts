import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_CHARACTERS, messageLengthNotice, MESSAGE_COUNTER_FROM } from "./message-length";

describe("messageLengthNotice", () => {
  it("says nothing well under the limit", () => {
    expect(messageLengthNotice(0)).toBeNull();
    expect(messageLengthNotice(MESSAGE_COUNTER_FROM - 1)).toBeNull();
  });

  it("counts near the limit, and refuses only past it", () => {
    expect(messageLengthNotice(MESSAGE_COUNTER_FROM)).toEqual({ count: "18,000 / 20,000", tooLong: false });
    expect(messageLengthNotice(MAX_MESSAGE_CHARACTERS)).toEqual({ count: "20,000 / 20,000", tooLong: false });
    expect(messageLengthNotice(MAX_MESSAGE_CHARACTERS + 1)).toEqual({ count: "20,001 / 20,000", tooLong: true });
  });
});
