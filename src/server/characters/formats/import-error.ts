/** Why a file could not be imported, as a code the UI can count and a sentence a person can act on. */
export const CARD_IMPORT_ERROR_CODES = [
  "UNSUPPORTED_FILE",
  "TOO_LARGE",
  "INVALID_JSON",
  "NOT_A_CARD",
  "INVALID_FIELD",
  "CORRUPT_IMAGE",
  "CORRUPT_ARCHIVE",
  "ARCHIVE_TOO_LARGE",
  "UNSAFE_PATH",
] as const;

export type TCardImportErrorCode = (typeof CARD_IMPORT_ERROR_CODES)[number];

export class CardImportError extends Error {
  constructor(
    readonly code: TCardImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "CardImportError";
  }
}

/**
 * Reads JSON carried inside a picture or an archive: text that is not JSON there means the container is damaged,
 * so that refusal is reworded as `damaged`; every other refusal passes through as it is.
 */
export function readInsideContainer<T>(read: () => T, damaged: CardImportError): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CardImportError && error.code === "INVALID_JSON") throw damaged;
    throw error;
  }
}
