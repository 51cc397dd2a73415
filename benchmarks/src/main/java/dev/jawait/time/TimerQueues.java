package dev.jawait.time;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The two timer queues side by side (issue 6: "a hierarchical wheel or a heap — measure"): the
 * 4-ary {@link TimerHeap} and the hierarchical {@link TimerWheel}, behind the same
 * {@link TimerQueue} calls a timer driver makes (add, remove, pollDue on an advancing clock),
 * with {@link #pending} timers already waiting. It lives in the runtime's package to reach those
 * package-private types; the timer's lock around them is the same for both and left out.
 *
 * <ul>
 *   <li>{@link #insertCancel}: the socket-timeout case. Each operation cancels a random pending
 *       timer (a read that completed in time), adds a new one 10-60 s ahead, moves the clock by
 *       1 us and polls for due timers (none, in practice).</li>
 *   <li>{@link #insertFire}: timers that do fire. Each operation adds one 0-100 ms ahead, moves the
 *       clock so that {@link #pending} stay pending on average, and fires what is due (one per
 *       operation on average).</li>
 * </ul>
 * Score: ns per operation. Random choices are drawn in setup, so both queues see the same inputs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class TimerQueues {
    private static final int INPUTS = 1 << 16;
    private static final long MS = 1_000_000L;

    /** Which queue. */
    @Param({"heap", "wheel"})
    public String queue;

    /** Timers pending while the operations run. */
    @Param({"1000", "10000", "100000"})
    public int pending;

    private TimerQueue q;
    private TimerEntry[] live;
    private int[] victims;
    private long[] delays;
    private long now;
    private long step;
    private int cursor;

    @Setup(Level.Iteration)
    public void setUp() {
        q = queue.equals("heap") ? new TimerHeap() : new TimerWheel();
        SplittableRandom rnd = new SplittableRandom(42);
        victims = new int[INPUTS];
        delays = new long[INPUTS];
        for (int i = 0; i < INPUTS; i++) {
            victims[i] = rnd.nextInt(pending);
            delays[i] = rnd.nextLong(100 * MS);
        }
        now = 1_000 * MS;
        live = new TimerEntry[pending];
        for (int i = 0; i < pending; i++) {
            live[i] = new TimerEntry(now + 10_000 * MS + rnd.nextLong(50_000 * MS));
        }
        // insertFire: add one per step, mean delay 50 ms, so `pending` stay pending on average.
        step = 50 * MS / pending;
        cursor = 0;
    }

    /** The queue under test (for the smoke test). */
    TimerQueue queueForTests() {
        return q;
    }

    /** Fills the queue for {@link #insertCancel}. */
    @State(Scope.Thread)
    public static class Filled {
        @Setup(Level.Iteration)
        public void fill(TimerQueues b) {
            for (TimerEntry e : b.live) {
                b.q.add(e);
            }
        }
    }

    /** Cancel a random pending timeout, add a new one, advance 1 us, poll. */
    @Benchmark
    public Object insertCancel(Filled filled) {
        int k = cursor++ & (INPUTS - 1);
        int i = victims[k];
        q.remove(live[i]);
        TimerEntry e = new TimerEntry(now + 10_000 * MS + delays[k] * 400);
        q.add(e);
        live[i] = e;
        now += 1_000;
        return q.pollDue(now);
    }

    /** Add a timer 0-100 ms ahead, advance the clock, fire everything due. */
    @Benchmark
    public int insertFire(Spread spread) {
        int k = cursor++ & (INPUTS - 1);
        q.add(new TimerEntry(now + delays[k]));
        now += step;
        int fired = 0;
        while (q.pollDue(now) != null) {
            fired++;
        }
        return fired;
    }

    /** Fills the queue for {@link #insertFire} with timers spread over the next 100 ms. */
    @State(Scope.Thread)
    public static class Spread {
        @Setup(Level.Iteration)
        public void fill(TimerQueues b) {
            for (int i = 0; i < b.pending; i++) {
                b.q.add(new TimerEntry(b.now + b.delays[i & (INPUTS - 1)]));
            }
        }
    }
}
