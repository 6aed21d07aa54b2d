// test/integration/downloadFaults.test.ts with bigger counts: the connection dropped at 100 seeded
// random offsets (FIN, destroy and RST; every fourth continued by a new downloader from the files on
// disk, as after an editor restart), several drops in one download, drops followed by a flipped
// byte, truncated files and bodies, lying Content-Lengths, redirect loops, a real small disk (tmpfs)
// that is too small or fills up midway, and the same faults through the worker's models feature.
// What is checked and how: test/support/downloadFaults.suite.ts.
import { downloadFaultTests } from '../support/downloadFaults.suite';

const MiB = 1024 * 1024;

describe('download faults (stress)', function () {
  this.timeout(20 * 60_000);
  downloadFaultTests({
    label: 'download faults',
    defaultSeed: 20261122,
    blobBytes: 8 * MiB + 12_345,
    drops: 100,
    manyDropDownloads: 10,
    flipsAfter: 10,
    flipsBefore: 5,
    truncatedFiles: 5,
    truncatedBodies: 3,
    lyingLengths: { bigger: 3, smaller: 3, maxDelta: 1_000_000 },
    redirectLoops: 3,
    redirectLoopsAfterDrop: 3,
    smallDiskBytes: 2 * MiB,
    roomyDiskExtraBytes: 4 * MiB,
    fillsMidway: 3,
    workerFaults: ['drop', 'loop', 'liar', 'short'],
  });
});
