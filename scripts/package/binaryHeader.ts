// What a native binary was built for, read from its first bytes: the ELF machine, the Mach-O CPU
// type (every slice of a universal binary) or the PE machine. Packaging and its unit test use it
// to prove that a VSIX holds only its own platform's binaries without running them.

export type BinaryFormat = 'elf' | 'macho' | 'pe';
/** Node's names (process.arch) for the machines a VSIX target can have, plus what we can recognise. */
export type BinaryArch = 'x64' | 'arm64' | 'ia32' | 'arm' | 'riscv64' | 'ppc64' | 's390x' | 'unknown';

export interface BinaryHeader {
  format: BinaryFormat;
  /** One entry for a thin binary; a Mach-O universal binary lists every slice. */
  arches: BinaryArch[];
}

/** The bytes a header needs: PE puts its machine after a DOS stub whose offset is in the header. */
export const HEADER_BYTES = 4096;

const ELF_MACHINES: Record<number, BinaryArch> = { 0x03: 'ia32', 0x28: 'arm', 0x3e: 'x64', 0xb7: 'arm64', 0xf3: 'riscv64', 0x15: 'ppc64', 0x16: 's390x' };
const MACHO_CPU_TYPES: Record<number, BinaryArch> = { 0x01000007: 'x64', 0x0100000c: 'arm64', 0x07: 'ia32', 0x0c: 'arm' };
const PE_MACHINES: Record<number, BinaryArch> = { 0x8664: 'x64', 0xaa64: 'arm64', 0x14c: 'ia32', 0x1c4: 'arm' };

/** The header of a native binary, or undefined when the bytes are not one (a script, a text file). */
export function readBinaryHeader(bytes: Buffer): BinaryHeader | undefined {
  return readElf(bytes) ?? readMachO(bytes) ?? readPe(bytes);
}

function readElf(b: Buffer): BinaryHeader | undefined {
  if (b.length < 20 || b.readUInt32BE(0) !== 0x7f454c46) return undefined;
  const littleEndian = b[5] === 1;
  const machine = littleEndian ? b.readUInt16LE(18) : b.readUInt16BE(18);
  return { format: 'elf', arches: [ELF_MACHINES[machine] ?? 'unknown'] };
}

function readMachO(b: Buffer): BinaryHeader | undefined {
  if (b.length < 8) return undefined;
  const magicLE = b.readUInt32LE(0);
  // Thin Mach-O, 32- or 64-bit, written little-endian by every arm64 and x86 toolchain.
  if (magicLE === 0xfeedfacf || magicLE === 0xfeedface) {
    return { format: 'macho', arches: [MACHO_CPU_TYPES[b.readUInt32LE(4)] ?? 'unknown'] };
  }
  // Universal ("fat") binary: big-endian count, then 20-byte (fat_arch) or 32-byte (fat_arch_64) entries.
  const magicBE = b.readUInt32BE(0);
  if (magicBE !== 0xcafebabe && magicBE !== 0xcafebabf) return undefined;
  const count = b.readUInt32BE(4);
  // Java class files share 0xcafebabe; their "count" is a version number far above any slice count.
  if (count === 0 || count > 16) return undefined;
  const entrySize = magicBE === 0xcafebabf ? 32 : 20;
  const arches: BinaryArch[] = [];
  for (let i = 0; i < count && 8 + (i + 1) * entrySize <= b.length; i++) {
    arches.push(MACHO_CPU_TYPES[b.readUInt32BE(8 + i * entrySize)] ?? 'unknown');
  }
  return { format: 'macho', arches };
}

function readPe(b: Buffer): BinaryHeader | undefined {
  if (b.length < 0x40 || b.readUInt16LE(0) !== 0x5a4d) return undefined; // "MZ"
  const peOffset = b.readUInt32LE(0x3c);
  if (peOffset + 6 > b.length || b.readUInt32LE(peOffset) !== 0x00004550) return undefined; // "PE\0\0"
  return { format: 'pe', arches: [PE_MACHINES[b.readUInt16LE(peOffset + 4)] ?? 'unknown'] };
}

/** The format native code has on a platform (Node's process.platform names). */
export function formatOfPlatform(platform: string): BinaryFormat {
  if (platform === 'darwin') return 'macho';
  if (platform === 'win32') return 'pe';
  return 'elf';
}
