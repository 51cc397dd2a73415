/**
 * Time: {@link dev.jawait.time.Timer} (sleep, sleepUntil, timeout, interval, deadlines) on a real
 * clock driven by one daemon thread or by an executor's or reactor's run loop
 * ({@link dev.jawait.time.TimerDriver}), or on a {@link dev.jawait.time.VirtualTimer} that tests
 * advance by hand; {@link dev.jawait.time.Time} holds static shortcuts to the shared real timer.
 *
 * <h2>One timer queue per driver: a hierarchical wheel</h2>
 *
 * Every real-time driver (the {@code jawait-timer} thread, each executor's timer, each
 * {@code Reactor}'s timer, which also holds the socket timeouts) keeps its entries in a
 * {@code TimerWheel}: 8 levels of 64 slots over ~1 ms ticks, with O(1) insert and cancel, whose
 * due entries pass through a small heap so that they still fire in exact (deadline, registration)
 * order. The {@code VirtualTimer} keeps a 4-ary {@code TimerHeap}, which knows the exact next
 * deadline for its clock to jump to.
 *
 * <p>Why the wheel: measured side by side behind the same calls a driver makes (benchmarks
 * {@code dev.jawait.time.TimerQueues}, JMH, and {@code TimerQueuesInterleaved}, which alternates
 * the two queues in every round so that both see the same load on a shared machine; results in
 * {@code BENCHMARKS.md}, "Timer queues"), the wheel costs 0.58-1.02x the heap's time per operation:
 * about the same with 1,000-10,000 pending timers and 0.6-0.8x with 100,000, both for timeouts
 * that are cancelled before they fire (the common case for socket timeouts: every request
 * cancels one) and for timers that fire. The heap's cost grows with log n and with the cache
 * misses of sifting through entries scattered on the heap; the wheel touches one slot and the two
 * neighbours in its list. Its price is 16 bytes more per entry (two links and a slot index) and a
 * lower-bound "next deadline" (the start of a slot), which at worst wakes a driver once early for a
 * far-away timer. The margins are modest and the machine was noisy: the heap would be a fine
 * default too; the wheel's advantage grows with the number of pending timeouts, which is what a
 * server with many connections has.
 */
package dev.jawait.time;
