import { beforeEach } from 'vitest';
import { yieldToEventLoop } from './yield.js';

// Every test starts after a turn of the event loop (test/helpers/yield.ts says
// why): vitest runs a file's tests back to back with only microtasks between
// them, so without this turn the busy stretch that must stay under vitest's
// 60 s RPC timer is the sum of a file's synchronous tests, not the longest one.
beforeEach(yieldToEventLoop);
