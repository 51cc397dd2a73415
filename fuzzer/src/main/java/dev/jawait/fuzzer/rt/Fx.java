package dev.jawait.fuzzer.rt;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.internal.Sneaky;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The runtime side of generated programs: the awaited test futures, the side-effect log and the
 * helpers generated code calls.
 *
 * <p>Every future made by {@link #v} gets a creation index {@code k}. Its outcome is a pure
 * function of {@code k} and the current {@link Schedule}: whether it fails (and with what) comes
 * from {@link Schedule#failSeed}, how it completes (ready, suspend and wake on the polling thread,
 * or completed from another thread) from {@link Schedule#suspendSeed}. The synchronous twin
 * creates the same futures in the same order and {@link SyncAwait} takes their predetermined
 * outcome, so both see the same values and failures.
 *
 * <p>A schedule may have a cancel point ({@link Schedule#cancelFrom}): in a machine run, the
 * first poll of that future calls the abort the runner installed ({@link #onCancelPoint}); in the
 * twin, {@link SyncAwait} throws {@code CancellationException} there. Either way the run is
 * {@link #cancelled()} from then on. Cancelling an {@code FxFuture} logs {@code cancel <tag>#<k>},
 * so the log shows that (and when) the awaited child was cancelled.
 *
 * <p>State is static: programs run one at a time.
 */
public final class Fx {
    private Fx() {}

    /** How one awaited future completes. */
    public enum Behavior {
        /** Ready at the first poll. */
        READY,
        /** Pending at the first poll, which wakes the waker at once on the polling thread. */
        SUSPEND_SAME_THREAD,
        /** Pending at the first poll; the completer thread completes it and wakes the waker. */
        OTHER_THREAD
    }

    /** How the log shows a cancelled future: this, then {@code <tag>#<k>}. */
    public static final String CANCELLED = "cancel ";

    /** Iterations and calls a program may make before {@link FxBudgetError}. */
    static final int STEP_LIMIT = 4000;

    private static final List<String> LOG = new ArrayList<>();
    private static volatile Schedule schedule = Schedule.of(0, 0, 0);
    private static int created;
    private static int steps;
    /** Whether the run has passed its cancel point. */
    private static boolean cancelled;
    /** Machine runs with a cancel point: aborts the running task (installed by the runner). */
    private static Runnable abortAtCancelPoint;
    private static final LinkedBlockingQueue<Runnable> COMPLETIONS = new LinkedBlockingQueue<>();

    static {
        Thread completer = new Thread(Fx::completeLoop, "fx-completer");
        completer.setDaemon(true);
        completer.start();
    }

    /** Starts a run under {@code s}: clears the log, the counters and the cancellation state. */
    public static synchronized void begin(Schedule s) {
        schedule = s;
        created = 0;
        steps = 0;
        cancelled = false;
        abortAtCancelPoint = null;
        LOG.clear();
    }

    /**
     * For a machine run with a cancel point: {@code abort} runs when the cancel point's first poll
     * is about to return pending, inside the task's poll (so the executor must cancel the task when
     * that poll returns, not poll it again); or, for a cancel point completed from the
     * {@code fx-completer} thread and {@link Schedule#abortsFromCompleter}, from that thread
     * before it completes the future. Call after {@link #begin}.
     */
    public static synchronized void onCancelPoint(Runnable abort) {
        abortAtCancelPoint = abort;
    }

    /** Whether the run has passed its cancel point. */
    public static synchronized boolean cancelled() {
        return cancelled;
    }

    /** Futures created so far in this run. */
    public static synchronized int created() {
        return created;
    }

    /**
     * Whether {@code f}, being awaited, is the run's cancel point: the first suspending future from
     * index {@link Schedule#cancelFrom} on. True at most once per run; the run is cancelled from then on.
     */
    static synchronized boolean passCancelPoint(FxFuture<?> f) {
        if (cancelled || !schedule.cancels() || f.k < schedule.cancelFrom() || f.behavior == Behavior.READY) {
            return false;
        }
        cancelled = true;
        return true;
    }

    private static synchronized Runnable abortAtCancelPoint() {
        if (abortAtCancelPoint == null) {
            throw new IllegalStateException("a machine reached its cancel point, but nobody can abort it");
        }
        return abortAtCancelPoint;
    }

    /** The log of the run so far (a copy). */
    public static synchronized List<String> log() {
        return new ArrayList<>(LOG);
    }

    /** Appends to the side-effect log. */
    public static synchronized void log(String entry) {
        LOG.add(entry);
    }

    /** Counts one loop iteration or call; throws {@link FxBudgetError} past the limit. */
    public static synchronized void step() {
        if (++steps > STEP_LIMIT) {
            throw new FxBudgetError();
        }
    }

    /** Class and message; a NullPointerException's helpful message names locals, so not that. */
    public static String describe(Throwable t) {
        if (t instanceof NullPointerException) {
            return t.getClass().getName();
        }
        return t.getClass().getName() + "(" + t.getMessage() + ")";
    }

    /** A future of this run, numbered in creation order: the schedule decides its outcome. */
    private record Created(int k, Schedule schedule) {
        static Created next() {
            synchronized (Fx.class) {
                return new Created(created++, Fx.schedule);
            }
        }

        Throwable failure(String tag) {
            return schedule.failureOf(k, tag);
        }

        Behavior behavior() {
            return schedule.behaviorOf(k);
        }
    }

    /** An awaitable future of {@code value} whose outcome the current schedule decides. */
    public static <T> Future<T> v(String tag, T value) {
        Created c = Created.next();
        return new FxFuture<>(tag, c.k(), value, c.failure(tag), c.behavior());
    }

    /**
     * A {@code CompletableFuture} of {@code value}, numbered, failing and completing like {@link
     * #v}'s futures, for {@code await(CompletionStage)}: already complete when {@link Behavior#READY},
     * otherwise completed by the {@code fx-completer} thread, whenever it gets to it (the machine
     * may find it done or not). Never a cancel point, and cancelling its await does nothing to it
     * (jawait's stage adapter only drops its waker), so nothing is logged for it.
     */
    public static <T> CompletableFuture<T> cs(String tag, T value) {
        Created c = Created.next();
        Throwable failure = c.failure(tag);
        CompletableFuture<T> stage = new CompletableFuture<>();
        Runnable complete = () -> {
            if (failure != null) {
                stage.completeExceptionally(failure);
            } else {
                stage.complete(value);
            }
        };
        if (c.behavior() == Behavior.READY) {
            complete.run();
        } else {
            COMPLETIONS.add(complete);
        }
        return stage;
    }

    /** Appends {@code "!"} to {@code sb}, then returns {@link #v}: a right operand that mutates the left. */
    public static <T> Future<T> mut(StringBuilder sb, String tag, T value) {
        sb.append('!');
        return v(tag, value);
    }

    // Logged operands: log the tag, return the value (one name per type: no overload resolution
    // against generic awaits, and the type stays exact).

    /** Logs {@code tag}, returns {@code x}. */
    public static int oi(String tag, int x) {
        log(tag);
        return x;
    }

    /** Logs {@code tag}, returns {@code x}. */
    public static long ol(String tag, long x) {
        log(tag);
        return x;
    }

    /** Logs {@code tag}, returns {@code x}. */
    public static byte ob(String tag, byte x) {
        log(tag);
        return x;
    }

    /** Logs {@code tag}, returns {@code x}. */
    public static short os(String tag, short x) {
        log(tag);
        return x;
    }

    /** Logs {@code tag}, returns {@code x}. */
    public static char oc(String tag, char x) {
        log(tag);
        return x;
    }

    /** Logs {@code tag}, returns {@code x}. */
    public static boolean oz(String tag, boolean x) {
        log(tag);
        return x;
    }

    /** Logs {@code tag}, returns {@code x}. */
    public static double od(String tag, double x) {
        log(tag);
        return x;
    }

    /** Logs {@code tag}, returns {@code x}. */
    public static float of(String tag, float x) {
        log(tag);
        return x;
    }

    /** Logs {@code tag}, returns {@code x}. */
    public static String ostr(String tag, String x) {
        log(tag);
        return x;
    }

    /** Logs {@code tag}, returns {@code x}. */
    public static <T> T oo(String tag, T x) {
        log(tag);
        return x;
    }

    /** Logs the arguments in one entry and returns their sum: a call with several argument positions. */
    public static int f3(String tag, int a, int b, int c) {
        log(tag + "(" + a + "," + b + "," + c + ")");
        return a + 2 * b + 3 * c;
    }

    /** Logs and returns the array: an array-valued operand whose evaluation shows in the log. */
    public static int[] arr(String tag, int[] a) {
        log(tag);
        return a;
    }

    private static void completeLoop() {
        while (true) {
            try {
                COMPLETIONS.take().run();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                e.printStackTrace();
            }
        }
    }

    /** The future behind {@link #v}. */
    static final class FxFuture<T> implements Future<T> {
        final String tag;
        /** Creation index in the run. */
        final int k;
        final T value;
        final Throwable failure;
        final Behavior behavior;
        private volatile boolean completed;
        private boolean started;

        FxFuture(String tag, int k, T value, Throwable failure, Behavior behavior) {
            this.tag = tag;
            this.k = k;
            this.value = value;
            this.failure = failure;
            this.behavior = behavior;
            this.completed = behavior == Behavior.READY;
        }

        @Override
        public Poll<T> poll(Context cx) {
            if (!completed) {
                if (!started) {
                    started = true;
                    Waker w = cx.waker().clone();
                    Runnable complete = () -> {
                        completed = true;
                        w.wake();
                    };
                    Runnable abort = passCancelPoint(this) ? abortAtCancelPoint() : null;
                    if (abort != null && behavior == Behavior.OTHER_THREAD && schedule.abortsFromCompleter(k)) {
                        // The abort comes from another thread, before the completion: it meets
                        // the task suspended, or still returning from this poll.
                        COMPLETIONS.add(() -> {
                            abort.run();
                            complete.run();
                        });
                    } else {
                        if (behavior == Behavior.SUSPEND_SAME_THREAD) {
                            complete.run();
                        } else {
                            COMPLETIONS.add(complete);
                        }
                        // Inside the task's poll, after the wake is on its way: the executor must
                        // cancel the task when the poll returns although a wake raced in.
                        if (abort != null) {
                            abort.run();
                        }
                    }
                }
                return Poll.pending();
            }
            return outcome();
        }

        /** Logged: the machine must cancel the awaited child before it unwinds (DESIGN.md §2). */
        @Override
        public void cancel() {
            log(CANCELLED + tag + "#" + k);
        }

        Poll<T> outcome() {
            if (failure != null) {
                throw Sneaky.<RuntimeException>sneak(failure);
            }
            return Poll.ready(value);
        }
    }
}
