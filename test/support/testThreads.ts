// The thread count the tests give llama.cpp and onnxruntime (WorkerConfig.threads, Embedder's
// threads): one. Both runtimes make their threads wait for each other at every step, spinning; when
// other processes keep every core busy, a thread that is not running holds the others up, and a
// tiny model runs many times slower with two threads than with one. Measured on a 2-core machine
// with both cores kept busy: ~100 tokens of stories260K took 0.3 s with 1 thread and 20–30 s with 2,
// so tests timed out. The test models are far too small to gain from a second thread anyway.
export const TEST_THREADS = 1;
