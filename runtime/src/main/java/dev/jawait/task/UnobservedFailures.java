package dev.jawait.task;

import dev.jawait.Future;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One executor's book of task failures that no {@link JoinHandle} has returned yet, and the
 * {@link UnhandledFailureHandler} they go to. Executor SPI, used together with {@link JoinCell};
 * applications never need it.
 *
 * <p>A {@link JoinCell} that fails while someone may still await it is recorded here through a
 * weak reference, so that a handle the application simply dropped ({@code exec.spawn(f);} with
 * the result ignored) is still reported once it has been garbage collected. Executors call:
 * <ul>
 *   <li>{@link #reportCollected()} from time to time on a thread of theirs, typically right before
 *       parking for lack of work; it is cheap when there is nothing to report;</li>
 *   <li>{@link #reportAll()} at shutdown, which reports every failure still unobserved.</li>
 * </ul>
 *
 * <p>Recording happens only on failure, so a task that succeeds costs nothing here.
 */
public final class UnobservedFailures {
    private final UnhandledFailureHandler handler;
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    /** Guards the list of entries; failures are rare, so a monitor is simpler than lock-free. */
    private final Object lock = new Object();

    private Entry first;

    /** A book whose failures go to {@code handler}. */
    public UnobservedFailures(UnhandledFailureHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** The handler unobserved failures are reported to. */
    public UnhandledFailureHandler handler() {
        return handler;
    }

    /**
     * Reports the failures whose handles were garbage collected without returning them. Cheap
     * (one volatile read) when there are none.
     */
    public void reportCollected() {
        for (Reference<?> r; (r = collected.poll()) != null; ) {
            Entry entry = (Entry) r;
            // The cell is gone, so nothing else can claim this failure: unlinking is the claim.
            if (unlink(entry)) {
                report(entry.task, entry.failure);
            }
        }
    }

    /**
     * Reports every failure still unobserved, whether or not its handle is reachable. Executors call
     * it at shutdown; a handle awaited afterwards still yields its failure.
     */
    public void reportAll() {
        reportCollected();
        List<Entry> pending = new ArrayList<>();
        synchronized (lock) {
            for (Entry e = first; e != null; e = e.next) {
                pending.add(e);
            }
        }
        for (Entry entry : pending) {
            Object observer = entry.get();
            if (observer != null) {
                (entry.cell != null ? entry.cell : (JoinCell<?>) observer).reportIfUnobserved();
            } else if (unlink(entry)) {
                report(entry.task, entry.failure);
            }
        }
    }

    /**
     * Hands {@code failure} of {@code task} to the handler now. If the handler itself throws, both
     * are printed to {@code System.err}: a failure is never dropped silently, and a faulty handler
     * never breaks the executor that called it.
     */
    public void report(Object task, Throwable failure) {
        try {
            handler.unhandled(task, failure);
        } catch (Throwable handlerFailure) {
            System.err.println("jawait: the UnhandledFailureHandler threw while reporting a failure"
                    + " of task " + task);
            failure.printStackTrace();
            handlerFailure.printStackTrace();
        }
    }

    /**
     * Cancels {@code future}, a task's future that will not be polled again (an abort, a shutdown,
     * a refused submission), and reports what its {@link Future#cancel() cancel} throws: a
     * faulty future must not break the executor, and its failure is not dropped. A
     * {@link java.util.concurrent.CancellationException} is the cancellation's own signal, not a
     * failure: it is not reported.
     */
    public void cancelReportingFailure(Future<?> future) {
        try {
            future.cancel();
        } catch (Throwable failure) {
            if (!(failure instanceof java.util.concurrent.CancellationException)) {
                report(future, failure);
            }
        }
    }

    /**
     * Records a failed cell that may still be awaited, until {@code observer} (the cell, or the
     * view the executor handed out for it) is collected.
     */
    Entry track(Object observer, JoinCell<?> cell, Object task, Throwable failure) {
        Entry entry = new Entry(observer, cell, collected, task, failure);
        synchronized (lock) {
            entry.next = first;
            if (first != null) {
                first.prev = entry;
            }
            first = entry;
            entry.linked = true;
        }
        return entry;
    }

    /** Removes {@code entry}; returns whether this call removed it (so it may report it). */
    boolean unlink(Entry entry) {
        synchronized (lock) {
            if (!entry.linked) {
                return false;
            }
            entry.linked = false;
            if (entry.prev != null) {
                entry.prev.next = entry.next;
            } else {
                first = entry.next;
            }
            if (entry.next != null) {
                entry.next.prev = entry.prev;
            }
            entry.prev = null;
            entry.next = null;
            return true;
        }
    }

    /** Number of failures currently recorded (for tests). */
    int size() {
        synchronized (lock) {
            int n = 0;
            for (Entry e = first; e != null; e = e.next) {
                n++;
            }
            return n;
        }
    }

    /**
     * A failure recorded for a cell. Holds the task and the failure strongly (they must outlive the
     * cell to be reported) and the observer weakly; the cell strongly only when it is not the
     * observer (then it does not keep the observer alive).
     */
    static final class Entry extends WeakReference<Object> {
        final Object task;
        final Throwable failure;
        /** The cell, when the observer is another object; {@code null} when it is the cell. */
        final JoinCell<?> cell;
        Entry prev;
        Entry next;
        boolean linked;

        Entry(Object observer, JoinCell<?> cell, ReferenceQueue<Object> queue, Object task, Throwable failure) {
            super(observer, queue);
            this.cell = observer == cell ? null : cell;
            this.task = task;
            this.failure = failure;
        }
    }
}
