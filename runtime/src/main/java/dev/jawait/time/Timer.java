package dev.jawait.time;

import dev.jawait.Future;
import java.time.Duration;
import java.util.Objects;

/**
 * A clock plus the driver that fires timers on it: the source of every time-based future
 * ({@link #sleep}, {@link #sleepUntil}, {@link #timeout}, {@link #interval}).
 *
 * <p>Code that takes a {@code Timer} instead of calling {@link Time}'s static methods can be tested
 * on a {@link VirtualTimer}, whose clock only moves when the test says so. Three kinds exist:
 * <ul>
 *   <li>{@link #system()} / {@link #create()}: real time ({@link System#nanoTime()}), fired by one
 *       daemon thread that parks until the earliest deadline and is not even started until the
 *       first timer is registered; with no timers it parks indefinitely, costing nothing;</li>
 *   <li>{@link #virtual()}: a {@link VirtualTimer} that fires due timers synchronously, in
 *       deadline order, on the thread that advances it;</li>
 *   <li>an executor's own timer ({@code LocalExecutor.timer()}, {@code WorkStealingExecutor.timer()}):
 *       real time fired by the executor's run loop, with no thread of its own (a
 *       {@link TimerDriver}).</li>
 * </ul>
 *
 * <p>Timers are kept in one {@link TimerQueue}: a {@link TimerWheel} for real clocks, a
 * {@link TimerHeap} for virtual ones (see the package documentation for why).
 * Cancelling a time future removes its entry at once. A time future registers with its timer at
 * its first poll, and its deadline is fixed when it is created ({@code sleep(d)} means "d after
 * the call"). All methods are thread-safe; wakers are woken outside the timer's lock.
 */
public abstract class Timer {
    /** Guards {@link #queue} and {@link #shutDown}. */
    final Object lock = new Object();

    final TimerQueue queue;
    boolean shutDown;

    Timer(TimerQueue queue) {
        this.queue = queue;
    }

    /** The shared real-time timer, driven by the daemon thread {@code jawait-timer}. */
    public static Timer system() {
        return RealTimer.SYSTEM;
    }

    /**
     * A new real-time timer with its own daemon thread (started at the first registration), for
     * code that wants isolation from the shared one. {@link RealTimer#close() Close} it when done.
     */
    public static RealTimer create() {
        return new RealTimer(null);
    }

    /** A new virtual timer whose clock starts at zero and moves only when advanced. */
    public static VirtualTimer virtual() {
        return new VirtualTimer();
    }

    /** The current time on this timer's clock, in nanoseconds since its origin. */
    abstract long nanoTime();

    /** Called under {@link #lock} when a newly added entry may be the earliest one ({@link TimerQueue#add}). */
    abstract void earliestChanged();

    /** The current time on this timer's clock. */
    public Deadline now() {
        return Deadline.ofNanos(nanoTime());
    }

    /** The deadline {@code d} from now on this timer's clock. */
    public Deadline deadlineAfter(Duration d) {
        return now().plus(d);
    }

    /** The time left until {@code deadline}; zero if it has passed. */
    public Duration remaining(Deadline deadline) {
        return Duration.ofNanos(Math.max(0, deadline.toNanos() - nanoTime()));
    }

    /**
     * A future that completes {@code d} after this call (at once if {@code d <= 0}). Completing
     * spends a unit of the task's {@link dev.jawait.task.Coop} budget, so a loop of elapsed
     * sleeps still gives way to the other tasks.
     */
    public Future<Void> sleep(Duration d) {
        return new Sleep(this, deadlineAfter(d).toNanos());
    }

    /** A future that completes at {@code deadline} (at once if it has passed). */
    public Future<Void> sleepUntil(Deadline deadline) {
        return new Sleep(this, deadline.toNanos());
    }

    /**
     * {@code future}, limited to {@code d} from this call: if it has not completed by then, the
     * returned future cancels it and fails with {@link java.util.concurrent.TimeoutException}
     * (thrown as it is, unwrapped). The inner future is polled before the deadline is checked, so
     * an inner future that is ready when the deadline passes still wins. The deadline itself is
     * exempt from the {@link dev.jawait.task.Coop} budget, so it fires however much of the budget
     * the inner future spends.
     */
    public <T> Future<T> timeout(Future<T> future, Duration d) {
        return timeoutAt(future, deadlineAfter(d));
    }

    /** Like {@link #timeout(Future, Duration)} with an absolute deadline. */
    public <T> Future<T> timeoutAt(Future<T> future, Deadline deadline) {
        return new Timeout<>(Objects.requireNonNull(future, "future"), new Sleep(this, deadline.toNanos()),
                deadline);
    }

    /**
     * A ticker whose first tick completes at once and then every {@code period}, catching up on
     * missed ticks with {@link MissedTickPolicy#BURST}.
     */
    public Interval interval(Duration period) {
        return intervalAt(now(), period, MissedTickPolicy.BURST);
    }

    /** A ticker whose first tick completes at once and then every {@code period}. */
    public Interval interval(Duration period, MissedTickPolicy policy) {
        return intervalAt(now(), period, policy);
    }

    /** A ticker whose first tick is at {@code start} and then every {@code period}. */
    public Interval intervalAt(Deadline start, Duration period, MissedTickPolicy policy) {
        return new Interval(this, start.toNanos(), period, policy);
    }

    /** The number of timers registered and not yet fired or cancelled. */
    public int pendingTimers() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /**
     * Adds {@code e} to the queue. Returns {@code false}, without adding it, if its deadline has
     * already passed (the caller completes at once).
     *
     * @throws IllegalStateException if the timer was closed
     */
    boolean schedule(TimerEntry e) {
        synchronized (lock) {
            if (shutDown) {
                throw new IllegalStateException("timer is closed: " + this);
            }
            if (e.deadline <= nanoTime()) {
                return false;
            }
            if (queue.add(e)) {
                earliestChanged();
            }
            return true;
        }
    }

    /** Removes {@code e} from the queue if it is still there. */
    void deregister(TimerEntry e) {
        synchronized (lock) {
            queue.remove(e);
        }
    }
}
