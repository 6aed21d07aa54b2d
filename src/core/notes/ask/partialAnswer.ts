// The answer text so far, read out of a JSON answer that is still streaming in
// ({"answer": "The key rot…): a model constrained to the answer schema writes JSON, and the panel
// shows the words as they come, not the braces. Escapes are decoded; a half-written escape at the
// end waits for its next piece.

const ANSWER_START = /"answer"\s*:\s*"/;
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function partialAnswerText(json: string): string {
  const start = ANSWER_START.exec(json);
  if (!start) return '';
  let out = '';
  for (let i = start.index + start[0].length; i < json.length; i++) {
    const c = json[i]!;
    if (c === '"') return out;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = json[i + 1];
    if (next === undefined) return out;
    if (next === 'u') {
      const hex = json.slice(i + 2, i + 6);
      if (hex.length < 4) return out;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 5;
      continue;
    }
    out += SIMPLE_ESCAPES[next] ?? next;
    i++;
  }
  return out;
}
