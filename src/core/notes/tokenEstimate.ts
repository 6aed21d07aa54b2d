// A cheap stand-in for the embedding model's tokenizer, for tests and for indexing before the
// model is present. It mimics WordPiece on English: short words are one piece, long or rare words
// several, each punctuation mark one. Chunk sizes only need to be about right, so the estimate is
// allowed to be off by a few tokens per sentence.

const PIECE = /[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu;
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function approximateTokenCount(text: string): number {
  let count = 0;
  for (const match of text.matchAll(PIECE)) {
    const piece = match[0];
    if (piece.length <= 6) count += 1;
    else if (UNSPACED_SCRIPT.test(piece)) count += piece.length;
    else count += Math.ceil(piece.length / 6);
  }
  return count;
}
