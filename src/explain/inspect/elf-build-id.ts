/**
 * Finds the GNU build-id of an ELF file: the descriptor of the `NT_GNU_BUILD_ID` note (owner
 * `GNU`) in a `PT_NOTE` segment. The linker computes it as a hash over the linked content, so it
 * differs whenever anything else in the file does; a comparison sets it aside to see what else
 * differs. Read from the program headers (ELF spec, "Program Header" and "Note Section").
 */

/** Where the build-id bytes are in the file. */
export interface BuildIdRange {
  /** File offset of the descriptor (the id itself). */
  offset: number;
  /** Length of the descriptor in bytes (20 for SHA-1, 16 for MD5 ids). */
  length: number;
}

const PT_NOTE = 4;
const NT_GNU_BUILD_ID = 3;

/** The build-id's place in an ELF file, or undefined when it has none or the headers do not read. */
export function findBuildId(data: Uint8Array): BuildIdRange | undefined {
  if (data.length < 52 || data[0] !== 0x7f || data[1] !== 0x45 || data[2] !== 0x4c || data[3] !== 0x46) return undefined;
  const wide = data[4] === 2;
  const little = data[5] === 1;
  if ((data[4] !== 1 && !wide) || (data[5] !== 1 && data[5] !== 2)) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  const word = (at: number) => (wide ? Number(view.getBigUint64(at, little)) : u32(at));
  try {
    const phoff = word(wide ? 0x20 : 0x1c);
    const phentsize = u16(wide ? 0x36 : 0x2a);
    const phnum = u16(wide ? 0x38 : 0x2c);
    for (let i = 0; i < phnum; i++) {
      const header = phoff + i * phentsize;
      if (u32(header) !== PT_NOTE) continue;
      const offset = word(header + (wide ? 0x08 : 0x04));
      const size = word(header + (wide ? 0x20 : 0x10));
      const found = buildIdNote(view, u32, offset, Math.min(offset + size, data.length));
      if (found) return found;
    }
  } catch {
    // A header pointing past the end: no build-id that can be trusted.
  }
  return undefined;
}

function buildIdNote(view: DataView, u32: (at: number) => number, start: number, end: number): BuildIdRange | undefined {
  const pad = (n: number) => (n + 3) & ~3;
  for (let at = start; at + 12 <= end; ) {
    const namesz = u32(at);
    const descsz = u32(at + 4);
    const type = u32(at + 8);
    const name = at + 12;
    const desc = name + pad(namesz);
    if (desc + descsz > end) return undefined;
    const gnu = namesz === 4 && view.getUint8(name) === 0x47 && view.getUint8(name + 1) === 0x4e && view.getUint8(name + 2) === 0x55 && view.getUint8(name + 3) === 0;
    if (gnu && type === NT_GNU_BUILD_ID && descsz > 0) return { offset: desc, length: descsz };
    at = desc + pad(descsz);
  }
  return undefined;
}
