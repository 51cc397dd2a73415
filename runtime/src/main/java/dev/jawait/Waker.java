package dev.jawait;

import java.util.Objects;

/**
 * A handle that tells an executor that a task can make progress and should be polled again.
 *
 * <p>A future that returns {@link Poll#pending()} keeps a {@link #clone() clone} of the waker it
 * was polled with and calls {@link #wake()} when its event happens. Wakers follow Rust's
 * {@code std::task::Waker} contract:
 * <ul>
 *   <li>{@link #wake()} consumes the waker, {@link #wakeByRef()} does not;</li>
 *   <li>{@link #drop()} releases a waker that will not be woken (a no-op for most strategies,
 *       a reference count decrement for pooled tasks);</li>
 *   <li>waking is idempotent until the task is polled: many wakes owe exactly one poll;</li>
 *   <li>all methods are safe from any thread.</li>
 * </ul>
 *
 * <p>Executors subclass {@code Waker} directly, or build one from a data word and a
 * {@link RawWakerVTable} with {@link #fromRaw}, or from a plain callback with {@link #of}.
 */
public abstract class Waker {
    private static final Waker NOOP = new Waker() {
        @Override
        public void wakeByRef() {}

        @Override
        public String toString() {
            return "Waker.noop()";
        }
    };

    /** For subclasses. */
    protected Waker() {}

    /** Wakes the task without consuming this waker. */
    public abstract void wakeByRef();

    /** Wakes the task and consumes this waker: it must not be used afterwards. */
    public void wake() {
        wakeByRef();
        drop();
    }

    /**
     * A waker for the same task that the caller may keep and use independently of this one.
     * Immutable wakers return {@code this}.
     */
    @Override
    public Waker clone() {
        return this;
    }

    /** Releases this waker without waking the task. */
    public void drop() {}

    /**
     * Whether waking {@code other} would wake the same task as waking this waker. Futures use it to
     * skip replacing a stored waker. A {@code false} answer is always safe.
     */
    public boolean willWake(Waker other) {
        return this == other;
    }

    /** A waker that does nothing when woken. */
    public static Waker noop() {
        return NOOP;
    }

    /** A waker that runs {@code onWake} each time it is woken. */
    public static Waker of(Runnable onWake) {
        Objects.requireNonNull(onWake, "onWake");
        return new CallbackWaker(onWake);
    }

    /**
     * A waker over a data word and the table of its four operations (Rust's {@code RawWaker}).
     * Two such wakers {@link #willWake will wake} the same task when both data and table are equal.
     */
    public static Waker fromRaw(long data, RawWakerVTable vtable) {
        return new RawWaker(data, Objects.requireNonNull(vtable, "vtable"));
    }

    private static final class CallbackWaker extends Waker {
        private final Runnable onWake;

        CallbackWaker(Runnable onWake) {
            this.onWake = onWake;
        }

        @Override
        public void wakeByRef() {
            onWake.run();
        }

        @Override
        public boolean willWake(Waker other) {
            return other instanceof CallbackWaker && ((CallbackWaker) other).onWake == onWake;
        }

        @Override
        public String toString() {
            return "Waker.of(" + onWake + ")";
        }
    }

    private static final class RawWaker extends Waker {
        private final long data;
        private final RawWakerVTable vtable;

        RawWaker(long data, RawWakerVTable vtable) {
            this.data = data;
            this.vtable = vtable;
        }

        @Override
        public void wakeByRef() {
            vtable.wakeByRef(data);
        }

        @Override
        public void wake() {
            vtable.wake(data);
        }

        @Override
        public Waker clone() {
            long copy = vtable.clone(data);
            // Wakers are immutable values: the same word needs no new object. The vtable still saw
            // the clone, so it can count the extra drop() it is now owed.
            return copy == data ? this : new RawWaker(copy, vtable);
        }

        @Override
        public void drop() {
            vtable.drop(data);
        }

        @Override
        public boolean willWake(Waker other) {
            return other instanceof RawWaker
                    && ((RawWaker) other).data == data
                    && ((RawWaker) other).vtable == vtable;
        }

        @Override
        public String toString() {
            return "Waker[data=0x" + Long.toHexString(data) + ", vtable=" + vtable + "]";
        }
    }
}
