// A test that runs for a long time without giving the event loop a turn makes
// vitest fail the whole run: the worker's report of the test's start waits for
// its answer on a 60 s timer (birpc's default, not configurable in vitest 3),
// and a worker that stays busy past it reads the answer only after the timer
// fired ("Timeout calling onTaskUpdate", an unhandled error, exit 1, with
// every test passed). Awaiting a promise is not enough (microtasks never reach
// the I/O phase); setImmediate is. Long loops in tests call this every few
// seconds of work.
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
