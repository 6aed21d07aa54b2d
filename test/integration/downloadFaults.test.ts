// A few of each download fault against a loopback server serving a generated file (sha256 computed
// here), a real small disk (tmpfs), and the worker's models feature: drops at random offsets with
// resume, drops combined with other faults, and the full disk. The same tests with bigger counts are
// test/stress/downloadFaults.stress.ts; both are test/support/downloadFaults.suite.ts. The single
// cases (one flipped byte, a truncated file, a lying Content-Length, a redirect loop, the https
// rule, file names leaving the folder) are in downloader.test.ts.
import { downloadFaultTests } from '../support/downloadFaults.suite';

const MiB = 1024 * 1024;

describe('download faults (fast tier)', function () {
  this.timeout(60_000);
  downloadFaultTests({
    label: 'download faults (fast)',
    defaultSeed: 7_004,
    blobBytes: 4 * MiB + 777,
    drops: 10,
    manyDropDownloads: 0,
    flipsAfter: 1,
    flipsBefore: 1,
    truncatedFiles: 0,
    truncatedBodies: 1,
    lyingLengths: { bigger: 0, smaller: 1, maxDelta: 100_000 },
    redirectLoops: 0,
    redirectLoopsAfterDrop: 1,
    smallDiskBytes: 1 * MiB,
    roomyDiskExtraBytes: 3 * MiB,
    fillsMidway: 1,
    workerFaults: [],
  });
});
