package dev.jawait.machine;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.internal.Sneaky;
import java.util.concurrent.CancellationException;

/**
 * The base class of every state machine the processor generates for an {@code @Async} method.
 *
 * <p>A subclass implements {@link #poll(Context)} as one {@code for (;;) switch (state)} loop
 * that runs the user's code from the current state until it suspends or returns, between two calls
 * of this class: {@link #enter()} first, then every exit through {@link #suspend()},
 * {@link #complete(Poll)} or, for a failure that leaves the method, {@link #failed(Throwable)}.
 * The loop is in the subclass's {@code poll} itself, not in a method that a shared {@code poll}
 * calls: an executor's call of {@code poll} then reaches the user's code in one call, and a shared
 * {@code poll} small enough to be inlined into every executor's loop does not make that loop too
 * big for the JIT to inline it in turn (issue #2's skynet, session 15). This class owns the
 * lifecycle around the loop:
 * <ul>
 *   <li>{@code poll} after completion (value or failure) throws {@link IllegalStateException};</li>
 *   <li>a re-entrant {@code poll} (from inside the machine's own poll, e.g. a waker that polls
 *       synchronously) throws {@link IllegalStateException} instead of corrupting the state;</li>
 *   <li>on completion the subclass's {@link #clearFields()} drops every reference it holds;</li>
 *   <li>{@link #cancel()} cancels the awaited child, then polls the machine once so that the
 *       suspended {@code await} throws {@link CancellationException} inside the user's try regions:
 *       {@code catch}, {@code finally} and resource closes run; every later {@code await} throws
 *       {@code CancellationException} at once. After cancel the machine is done.</li>
 * </ul>
 *
 * <p>Like any future, a machine is driven by one task at a time: {@code poll} and {@code cancel}
 * must not run concurrently (drivers such as {@link EagerDriver} hand a cancel that arrives during
 * a poll to the polling thread). A cancel from inside the machine's own poll (by code it awaits)
 * makes its next await throw {@code CancellationException}.
 *
 * <p>The await protocol used by generated code: the await polls its future at once
 * ({@code f = awaitNow(future); readyAtOnce$ = f.poll(cx)}); if it is pending, it sets
 * {@code state} to its resume state (before the poll instead when that state is in another try
 * region, where a failure of the poll is routed from) and {@link #suspendOn(Future)} stores the
 * future as the child and suspends. The resume state then takes that
 * ready poll, or, after a suspension, polls the child:
 * {@code ready$ = child().poll(cx); if (!takeReady(ready$)) return suspend();}; then
 * {@link #awaited(Poll, Future)} hands out the value from that {@link Poll}. The future is polled in
 * place, so a chain of already-complete awaits never returns to the executor and never grows the
 * stack, and it is stored only if it is pending (issue #2's skynet: an await of a ready join
 * handle then writes no field). The {@code poll} call is written in the generated code rather than in a helper of this
 * class so that every await has a call site of its own: the JIT sees the one future type awaited
 * there, inlines its {@code poll} and can remove the {@link Poll} it returns (a call site shared by
 * every await of the program would be megamorphic, and each ready await would allocate).
 *
 * <p>Two fields per machine, so that a small machine is as small as a hand-written one: the
 * lifecycle lives in {@link #state}, and a cancellation in progress is a marker in the child field.
 * For state {@code s}: while {@code poll} runs, {@code state} is {@code s} itself (all that
 * generated code sees); while idle, {@code ~s}, in {@code [-2^30, -1]}; once done,
 * {@code MIN_VALUE + s}, below that (the state is kept for {@link #toString()}).
 *
 * @param <T> the type of the machine's result
 */
public abstract class AsyncMachine<T> implements Future<T> {
    /** {@link #state} once the machine has completed, failed or been cancelled in state 0. */
    private static final int DONE = Integer.MIN_VALUE;

    /** The lowest {@link #state} of an idle machine: {@code ~s} for the highest state {@code s}. */
    private static final int IDLE_FLOOR = -(1 << 30);

    /** {@link #state} of a machine never polled: idle at the entry state 0. */
    private static final int NOT_STARTED = ~0;

    private static final Context CANCEL_CONTEXT = Context.of(Waker.noop());

    /**
     * The state the switch in {@code poll} dispatches on; 0 is the method's entry. Generated code
     * reads and writes it only between {@link #enter()} and its exit, where it is the plain state
     * number.
     */
    protected int state = NOT_STARTED;

    /** The awaited child; a {@link Cancelling} marker while the machine is being cancelled. */
    private Future<?> child;

    /** For generated subclasses. */
    protected AsyncMachine() {}

    /** Drops every reference field of the subclass (hoisted locals, temporaries, parameters). */
    protected abstract void clearFields();

    /**
     * The first call of the subclass's {@code poll}: marks the machine running.
     *
     * @throws IllegalStateException if the machine has completed, or is being polled already
     */
    protected final void enter() {
        int s = state;
        if (s >> 30 != -1) { // not idle: s is in [IDLE_FLOOR, -1] exactly when its top two bits are set
            throw new IllegalStateException(this + (s < 0 ? " polled after completion"
                    : " polled re-entrantly from inside its own poll"));
        }
        state = ~s;
    }

    /** {@code poll}'s exit when the machine waits for its child: idle in the current state. */
    protected final <V> Poll<V> suspend() {
        state = ~state;
        return Poll.pending();
    }

    /**
     * {@code poll}'s exit with the method's result from inside a {@code try} that has a
     * {@code finally} block or resources (kept as Java in one state): ends the machine and
     * returns {@code ready}, but keeps its fields, which that {@code finally} block or a
     * resource's {@code close()}, running after this call, may still read.
     */
    protected final <V> Poll<V> completeBeforeFinally(Poll<V> ready) {
        end();
        return ready;
    }

    /** {@code poll}'s exit with the method's result: ends the machine and returns {@code ready}. */
    protected final <V> Poll<V> complete(Poll<V> ready) {
        finish();
        return ready;
    }

    /**
     * {@code poll}'s exit with a failure no try region of the method handles: ends the machine
     * and throws {@code failure} as it is (checked exceptions too). Written {@code throw failed(t)}
     * so that javac sees the exit.
     */
    protected final RuntimeException failed(Throwable failure) {
        if (!isDone()) {
            dropChild(); // set only if the failure came from the child's own poll: it is not cancelled
            finish();
        }
        throw Sneaky.<RuntimeException>sneak(failure);
    }

    @Override
    public final void cancel() {
        int s = state;
        Future<?> awaited = child;
        if (s < IDLE_FLOOR || awaited instanceof Cancelling) {
            return;
        }
        if (s >= 0) {
            // Cancelled from inside its own poll (e.g. by code it awaits): the next await fails.
            child = new Cancelling(awaited);
            return;
        }
        child = Cancelling.NONE;
        if (awaited != null) {
            awaited.cancel();
        }
        if (s == NOT_STARTED) {
            state = 0;
            finish();
            return;
        }
        try {
            Poll<T> unused = poll(CANCEL_CONTEXT);
            if (unused.isPending()) {
                throw new IllegalStateException("a cancelled machine suspended again");
            }
        } catch (Throwable expected) {
            // The CancellationException (or whatever the unwinding threw) ends the machine.
        } finally {
            if (!isDone()) {
                state = ~state; // it suspended again: end it in that state
                finish();
            }
        }
    }

    /** Whether this machine has completed, failed or been cancelled. */
    public final boolean isDone() {
        return state < IDLE_FLOOR;
    }

    /**
     * The future an await polls at once: {@code future} itself, unless the machine is being
     * cancelled, when the future is cancelled and the await throws {@link CancellationException}.
     * Only a future found pending there becomes the child ({@link #suspendOn}), so an await of a
     * ready future writes no field.
     */
    protected final <F extends Future<?>> F awaitNow(F future) {
        if (future == null) {
            throw new NullPointerException("await(null)");
        }
        if (child instanceof Cancelling) {
            awaitOn(future);
            child(); // cancels it and throws
        }
        return future;
    }

    /** {@code poll}'s exit when {@code future}, polled at once by an await, is pending: awaits it. */
    protected final <V> Poll<V> suspendOn(Future<?> future) {
        awaitOn(future);
        return suspend();
    }

    /** Starts awaiting {@code future}: the resume state polls it through {@link #child()}. */
    protected final void awaitOn(Future<?> future) {
        if (future == null) {
            throw new NullPointerException("await(null)");
        }
        if (child instanceof Cancelling) {
            // Being cancelled: child() cancels it and fails this await at once.
            child = new Cancelling(future);
            return;
        }
        child = future;
    }

    /**
     * The awaited child, for the resume state to poll ({@code child().poll(cx)}). While the machine
     * is being cancelled, cancels the child instead and throws {@link CancellationException}: the
     * suspended await fails inside the user's try regions. If the child's poll throws, its failure
     * reaches the user's code unwrapped; {@link #dropChild()} (or the end of the machine) forgets it.
     */
    protected final Future<?> child() {
        Future<?> awaited = child;
        if (awaited instanceof Cancelling) {
            child = Cancelling.NONE;
            ((Cancelling) awaited).cancelAwaited();
            throw new CancellationException("the @Async method was cancelled at this await");
        }
        return awaited;
    }

    /**
     * Takes the outcome of the child's poll: {@code true} when it is ready (its value is then read
     * from {@code p} by {@link #awaited}), {@code false} when it is pending.
     */
    protected final boolean takeReady(Poll<?> p) {
        if (p.isPending()) {
            return false;
        }
        dropChild();
        return true;
    }

    /**
     * Forgets the awaited child when it is ready, or when a failure is routed to a {@code catch}
     * or {@code finally} state: if it came from the child's poll, the child has failed and must not
     * be kept (or cancelled later); otherwise there is no child. A cancellation in progress stays.
     */
    protected final void dropChild() {
        child = child instanceof Cancelling ? Cancelling.NONE : null;
    }

    /**
     * The value of the ready child, from the {@link Poll} that {@link #takeReady} found ready. The
     * second argument is never evaluated (generated code passes {@code false ? expr : null}); it
     * only lets javac infer the value's type from the awaited expression, exactly as it does for
     * {@code await(expr)}.
     */
    @SuppressWarnings("unchecked")
    protected final <V> V awaited(Poll<?> ready, Future<V> typeWitness) {
        return (V) ready.get();
    }

    /** Same as {@link #awaited(Poll, Future)} for an awaited {@link java.util.concurrent.CompletionStage}. */
    @SuppressWarnings("unchecked")
    protected final <V> V awaited(Poll<?> ready, java.util.concurrent.CompletionStage<V> typeWitness) {
        return (V) ready.get();
    }

    /**
     * The value of the ready child, typed by the caller ({@code this.<T>awaitedValue(ready$)}); used
     * where the type is written exactly, e.g. the machine's own result type.
     */
    @SuppressWarnings("unchecked")
    protected final <V> V awaitedValue(Poll<?> ready) {
        return (V) ready.get();
    }

    /** Ends the machine; called with {@link #state} the plain number of the state it ends in. */
    private void finish() {
        end();
        clearFields();
    }

    /** Marks the machine done and lets go of (cancels) an awaited child still held. */
    private void end() {
        state = DONE | state;
        Future<?> awaited = child;
        if (awaited != null) { // usually dropped already, when its await ended
            child = null;
            if (!(awaited instanceof Cancelling)) {
                awaited.cancel();
            }
        }
    }

    /** The error for a state number the switch does not know; a processor bug if ever thrown. */
    protected final IllegalStateException badState() {
        return new IllegalStateException(getClass().getName() + ": no state " + state);
    }

    /**
     * Where the machine is in the user's source when in {@code state}, as a stack frame reads:
     * {@code Prices.total(Prices.java:42)}. Generated machines override it from a table of their
     * states' source positions.
     */
    protected String where(int state) {
        return getClass().getSimpleName() + "[state=" + state + "]";
    }

    /**
     * An async stack trace: the method and source line the machine is suspended at, followed by
     * what it awaits, recursively ({@code Prices.total(Prices.java:42) awaiting
     * Prices.priceOf(Prices.java:57) awaiting sleep until +1.5s}). Meant for debuggers and task
     * dumps; it reads fields without synchronisation, so a machine being polled on another thread
     * prints a best-effort picture.
     */
    @Override
    public String toString() {
        int s = state;
        if (s < IDLE_FLOOR) {
            return where(s - DONE) + " (done)";
        }
        String frame = where(s >= 0 ? s : ~s);
        if (s == NOT_STARTED) {
            return frame + " (not started)";
        }
        Future<?> awaited = child;
        return awaited == null || awaited instanceof Cancelling ? frame : frame + " awaiting " + awaited;
    }

    /**
     * The child field while the machine is being cancelled: its next await fails, after
     * cancelling the child it was polling when cancelled from inside its own poll, if any.
     */
    private static final class Cancelling implements Future<Object> {
        static final Cancelling NONE = new Cancelling(null);

        private final Future<?> awaited;

        Cancelling(Future<?> awaited) {
            this.awaited = awaited;
        }

        void cancelAwaited() {
            if (awaited != null) {
                awaited.cancel();
            }
        }

        @Override
        public Poll<Object> poll(Context cx) {
            throw new IllegalStateException("a cancellation marker is never polled");
        }

        @Override
        public void cancel() {}
    }
}
