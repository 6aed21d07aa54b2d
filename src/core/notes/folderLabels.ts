// What a search result says about the folder it comes from: the folder's name ("notes", "vault"),
// as people call it. Two folders with one name ("work/notes", "home/notes") get as many parent
// names as it takes to tell them apart, so a label always names one folder.
import * as path from 'node:path';

/** The label of each folder, in the order given. */
export function folderLabels(folders: readonly string[]): string[] {
  const parts = folders.map((f) => path.resolve(f).split(/[\\/]+/).filter(Boolean));
  const depth = parts.map(() => 1);
  const labelAt = (i: number): string => (parts[i]!.length === 0 ? path.resolve(folders[i]!) : parts[i]!.slice(-depth[i]!).join('/'));
  for (;;) {
    const labels = parts.map((_, i) => labelAt(i));
    const clashing = labels.map((l, i) => labels.indexOf(l) !== i || labels.lastIndexOf(l) !== i);
    const canGrow = clashing.map((c, i) => c && depth[i]! < parts[i]!.length);
    if (!canGrow.some(Boolean)) return labels;
    canGrow.forEach((grow, i) => {
      if (grow) depth[i] = depth[i]! + 1;
    });
  }
}
