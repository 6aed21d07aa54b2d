// Reads `git blame --porcelain` output: which commit and which author e-mail each line of the
// file (as it is now) comes from. The porcelain format names a commit's author only the first
// time the commit appears, so e-mails are remembered per commit. Lines that are not committed
// yet (edited, or in the text given with --contents) carry the all-zero commit and git's
// placeholder author <not.committed.yet>.

/** The e-mail git blame gives lines that no commit holds yet. */
export const NOT_COMMITTED_MAIL = 'not.committed.yet';

export interface BlamedLine {
  /** 1-based line in the file as blamed. */
  line: number;
  commit: string;
  /** The author's e-mail without the angle brackets, lower case; empty when git gave none. */
  authorMail: string;
}

const HEADER = /^([0-9a-f]{40}|[0-9a-f]{64}) \d+ (\d+)(?: \d+)?$/;

/** Every blamed line of porcelain (or line-porcelain) output, in the order git printed them. */
export function parseBlamePorcelain(output: string): BlamedLine[] {
  const mails = new Map<string, string>();
  const pending: { line: number; commit: string }[] = [];
  let current: { line: number; commit: string } | undefined;
  for (const raw of output.split('\n')) {
    if (current === undefined) {
      const header = HEADER.exec(raw);
      if (header) current = { commit: header[1]!, line: Number(header[2]) };
      continue;
    }
    // A line's text follows its header and commit fields, after a tab; it may look like anything.
    if (raw.startsWith('\t')) {
      pending.push(current);
      current = undefined;
    } else if (raw.startsWith('author-mail ')) {
      mails.set(current.commit, normalizeMail(raw.slice('author-mail '.length)));
    }
  }
  return pending.map(({ line, commit }) => ({ line, commit, authorMail: mails.get(commit) ?? '' }));
}

/** `<Ana@Example.org>` → `ana@example.org`: e-mails compare without brackets and case. */
export function normalizeMail(mail: string): string {
  const trimmed = mail.trim();
  const bare = trimmed.startsWith('<') && trimmed.endsWith('>') ? trimmed.slice(1, -1) : trimmed;
  return bare.trim().toLowerCase();
}
