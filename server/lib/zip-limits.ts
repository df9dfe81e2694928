/**
 * Bounds on a zip file (an XLSX is one) checked before anything reads it: a zip bomb of a few
 * kilobytes can unpack to gigabytes and keep a thread busy and its memory full. The central
 * directory at the end of the file lists every entry's packed and unpacked size; they are summed
 * and compared without unpacking (`checkZipSizes`, cheap enough for the event loop). Because
 * those sizes are written by whoever made the file, `checkZipUnpacks` then unpacks each entry with
 * zlib stopping at the declared size, so a file that lies about its sizes fails early too (worker pool).
 *
 * @example
 * checkZipSizes(bytes, { maxUnpackedBytes: 40 * 1024 * 1024, maxRatio: 200 });
 */
import { inflateRawSync } from "node:zlib";

export interface ZipLimits {
  /** All entries unpacked together. */
  maxUnpackedBytes: number;
  /** Unpacked ÷ packed size of one entry larger than a megabyte; sheets reach 10–30, bombs 1000. */
  maxRatio: number;
  /** Entries in the zip (an XLSX has a dozen or a few hundred). */
  maxEntries?: number;
}

/** Why the zip is refused: `damaged` (not a readable zip) or `too_large` (beyond a limit, named in `reason`). */
export class ZipLimitError extends Error {
  constructor(
    readonly kind: "damaged" | "too_large",
    readonly reason: { de: string; en: string },
  ) {
    super(reason.en);
  }
}

interface ZipEntry {
  name: string;
  method: number;
  packed: number;
  unpacked: number;
  localHeader: number;
}

const damaged = () => new ZipLimitError("damaged", { de: "die Datei ist beschädigt oder keine ZIP-Datei", en: "the file is damaged or not a ZIP file" });
const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);
const RATIO_FROM_BYTES = 1024 * 1024;

/** The entries of the central directory, from its end record; throws `damaged` when there is none. */
function entriesOf(bytes: Uint8Array, maxEntries: number): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw damaged();
  const count = view.getUint16(end + 10, true);
  if (count > maxEntries) throw new ZipLimitError("too_large", { de: `mehr als ${maxEntries} Einträge in der ZIP-Datei`, en: `more than ${maxEntries} entries in the ZIP file` });
  const entries: ZipEntry[] = [];
  let at = view.getUint32(end + 16, true);
  for (let index = 0; index < count; index++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw damaged();
    const nameLength = view.getUint16(at + 28, true);
    entries.push({
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      packed: view.getUint32(at + 20, true),
      unpacked: view.getUint32(at + 24, true),
      localHeader: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** Checks the declared sizes (total, ratio, entry count) without unpacking anything. */
export function checkZipSizes(bytes: Uint8Array, limits: ZipLimits): void {
  const limit = megabytes(limits.maxUnpackedBytes);
  let total = 0;
  for (const entry of entriesOf(bytes, limits.maxEntries ?? 2000)) {
    if (entry.unpacked === 0xffffffff || entry.packed === 0xffffffff) {
      throw new ZipLimitError("too_large", { de: "die Datei ist im ZIP64-Format (über 4 GB entpackt)", en: "the file is in ZIP64 format (over 4 GB unpacked)" });
    }
    total += entry.unpacked;
    if (total > limits.maxUnpackedBytes) {
      throw new ZipLimitError("too_large", { de: `die Datei entpackt sich auf mehr als ${limit} MB`, en: `the file unpacks to more than ${limit} MB` });
    }
    if (entry.unpacked > RATIO_FROM_BYTES && entry.unpacked / Math.max(entry.packed, 1) > limits.maxRatio) {
      throw new ZipLimitError("too_large", {
        de: `„${entry.name}“ ist mehr als ${limits.maxRatio}-fach gepackt (typisch für eine ZIP-Bombe)`,
        en: `"${entry.name}" is packed more than ${limits.maxRatio} times (typical of a zip bomb)`,
      });
    }
  }
}

/**
 * Checks the declared sizes, then unpacks every entry with zlib stopping at its declared size: a
 * zip whose entries unpack to more than they declare is refused before any other reader sees it.
 * Costs one extra pass of unpacking (bounded by `maxUnpackedBytes`); run it in the worker pool.
 */
export function checkZipUnpacks(bytes: Uint8Array, limits: ZipLimits): void {
  checkZipSizes(bytes, limits);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const entry of entriesOf(bytes, limits.maxEntries ?? 2000)) {
    const at = entry.localHeader;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) throw damaged();
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    if (start + entry.packed > bytes.length) throw damaged();
    const packed = bytes.subarray(start, start + entry.packed);
    let length: number;
    if (entry.method === 0) length = packed.length;
    else if (entry.method === 8) {
      try {
        length = inflateRawSync(packed, { maxOutputLength: Math.max(entry.unpacked, 1) }).length;
      } catch {
        throw new ZipLimitError("damaged", {
          de: `„${entry.name}“ entpackt sich nicht zur angegebenen Größe (beschädigt oder manipuliert)`,
          en: `"${entry.name}" does not unpack to its stated size (damaged or tampered with)`,
        });
      }
    } else throw damaged();
    if (length !== entry.unpacked) {
      throw new ZipLimitError("damaged", {
        de: `„${entry.name}“ entpackt sich nicht zur angegebenen Größe (beschädigt oder manipuliert)`,
        en: `"${entry.name}" does not unpack to its stated size (damaged or tampered with)`,
      });
    }
  }
}
