package dev.jawait.channel;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.sync.Notify;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A value that changes over time and the tasks that watch it (tokio's {@code watch}): a
 * configuration that is reloaded, a connection's state, a shutdown flag, a progress figure.
 * Unlike a {@link Channel}, it keeps only the newest value: a receiver that is slow skips the
 * values it missed and sees the latest, never an older one after a newer.
 *
 * <pre>{@code
 * Watch<Config> config = Watch.of(load());
 * Watch.Receiver<Config> updates = config.subscribe();     // in each task that reacts
 * for (;;) {
 *     apply(await(updates.changed()));                    // the newest value, once per change
 * }
 * // elsewhere: config.send(load());
 * }</pre>
 *
 * <p>Sending never waits, from any thread. {@link #close()} ends it: a receiver first gets a
 * value sent before the close that it has not seen, then {@link ChannelClosedException}. Values
 * are never {@code null}. Thread-safe; each {@link Receiver} belongs to one task at a time.
 *
 * @param <T> the type of the value
 */
public final class Watch<T> {
    /** The value and its version, replaced as a whole so that readers need no lock. */
    private record Versioned<T>(T value, long version) {}

    private final Object sendLock = new Object();
    private final Notify changes = new Notify();
    private volatile Versioned<T> current;
    private volatile boolean closed;

    private Watch(T initial) {
        this.current = new Versioned<>(Objects.requireNonNull(initial, "initial"), 0);
    }

    /** A watch holding {@code initial}. */
    public static <T> Watch<T> of(T initial) {
        return new Watch<>(initial);
    }

    /** The newest value. */
    public T get() {
        return current.value();
    }

    /**
     * Replaces the value and wakes every receiver waiting in {@link Receiver#changed()}.
     *
     * @throws ChannelClosedException if the watch is closed
     */
    public void send(T value) {
        Objects.requireNonNull(value, "value");
        update(old -> value);
    }

    /**
     * Replaces the value with {@code change} applied to it, atomically with respect to other sends
     * (for a counter or a state machine kept in the watch), and wakes the waiting receivers.
     * {@code change} runs once, on the calling thread, and must not send to this watch.
     *
     * @throws ChannelClosedException if the watch is closed
     */
    public void update(UnaryOperator<T> change) {
        Objects.requireNonNull(change, "change");
        synchronized (sendLock) { // never held across an await: it guards two plain steps
            if (closed) {
                throw new ChannelClosedException("send on a closed watch");
            }
            Versioned<T> old = current;
            current = new Versioned<>(Objects.requireNonNull(change.apply(old.value()), "new value"), old.version() + 1);
        }
        changes.notifyWaiters();
    }

    /** A receiver that has seen the current value: its {@code changed()} waits for the next one. */
    public Receiver<T> subscribe() {
        return new Receiver<>(this, current.version());
    }

    /** Closes the watch and wakes every waiting receiver. Idempotent. */
    public void close() {
        synchronized (sendLock) {
            closed = true;
        }
        changes.notifyWaiters();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        Versioned<T> v = current;
        return "Watch[version=" + v.version() + (closed ? ", closed" : "") + ", value=" + v.value() + "]";
    }

    /**
     * One task's view of a {@link Watch}: it remembers which version it has seen.
     *
     * @param <T> the type of the value
     */
    public static final class Receiver<T> {
        private final Watch<T> watch;
        private long seen;

        private Receiver(Watch<T> watch, long seen) {
            this.watch = watch;
            this.seen = seen;
        }

        /** The newest value, without marking it seen. */
        public T borrow() {
            return watch.get();
        }

        /** Whether a value newer than the last one this receiver saw has been sent. */
        public boolean hasChanged() {
            return watch.current.version() > seen;
        }

        /**
         * A future of the newest value, once one newer than the last this receiver saw has been
         * sent (at once if it already has); the value is then marked seen. Fails with
         * {@link ChannelClosedException} once the watch is closed and this receiver has seen its
         * last value. One such future at a time per receiver.
         */
        public Future<T> changed() {
            return new Changed();
        }

        /** A second receiver at the same point as this one. */
        public Receiver<T> copy() {
            return new Receiver<>(watch, seen);
        }

        @Override
        public String toString() {
            return "Watch.Receiver[seen=" + seen + "] of " + watch;
        }

        /** Waits on the watch's notify, created before each check so that no send is missed. */
        private final class Changed implements Future<T> {
            private Future<Void> notified;
            private boolean done;

            @Override
            public Poll<T> poll(Context cx) {
                if (done) {
                    throw new IllegalStateException("Watch.changed() polled after it completed");
                }
                for (;;) {
                    if (notified == null) {
                        // Created before the version is read: a send after this line completes it.
                        notified = watch.changes.notified();
                    }
                    Versioned<T> v = watch.current;
                    if (v.version() > seen) {
                        seen = v.version();
                        finish();
                        return Poll.ready(v.value());
                    }
                    if (watch.closed) {
                        finish();
                        throw new ChannelClosedException("watch closed");
                    }
                    if (notified.poll(cx).isPending()) {
                        return Poll.pending();
                    }
                    notified = null; // a send or the close: look again
                }
            }

            private void finish() {
                done = true;
                if (notified != null) {
                    notified.cancel();
                    notified = null;
                }
            }

            @Override
            public void cancel() {
                if (!done) {
                    finish();
                }
            }

            @Override
            public String toString() {
                return "Watch.changed() of " + Receiver.this;
            }
        }
    }
}
