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
 * <p>A subclass implements {@link #resume(Context)}: one {@code for (;;) switch (state)} loop that
 * runs the user's code from the current state until it returns {@link Poll#pending()} or a value,
 * or throws. This class owns the lifecycle around it:
 * <ul>
 *   <li>{@code poll} after completion (value or failure) throws {@link IllegalStateException};</li>
 *   <li>a re-entrant {@code poll} (from inside the machine's own poll, e.g. a waker that polls
 *       synchronously) throws {@link IllegalStateException} instead of corrupting the state;</li>
 *   <li>on completion the subclass's {@link #clearFields()} drops every reference it holds;</li>
 *   <li>{@link #cancel()} cancels the awaited child, then resumes the machine once so that the
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
 * <p>The await protocol used by generated code: {@link #awaitOn(Future)} stores the child, the
 * machine moves to the resume state, whose first statement is {@code if (!takeReady(child().poll(cx)))
 * return Poll.pending();}; then {@link #awaited(Future)} hands out the value. The child is polled in
 * place, so a chain of already-complete awaits never returns to the executor and never grows the
 * stack. The {@code poll} call is written in the generated code rather than in a helper of this
 * class so that every await has a call site of its own: the JIT sees the one future type awaited
 * there, inlines its {@code poll} and can remove the {@link Poll} it returns (a call site shared by
 * every await of the program would be megamorphic, and each ready await would allocate).
 *
 * @param <T> the type of the machine's result
 */
public abstract class AsyncMachine<T> implements Future<T> {
    private static final byte IDLE = 0;
    private static final byte POLLING = 1;
    private static final byte DONE = 2;

    private static final Context CANCEL_CONTEXT = Context.of(Waker.noop());

    /** The state the switch in {@link #resume} dispatches on; 0 is the method's entry. */
    protected int state;

    private byte lifecycle = IDLE;
    private boolean started;
    private boolean cancelling;
    private Future<?> child;
    private Object childValue;

    /** For generated subclasses. */
    protected AsyncMachine() {}

    /**
     * Runs the user's code from {@link #state} until it suspends ({@link Poll#pending()}),
     * completes (a ready poll) or fails (throws).
     */
    protected abstract Poll<T> resume(Context cx) throws Throwable;

    /** Drops every reference field of the subclass (hoisted locals, temporaries, parameters). */
    protected abstract void clearFields();

    @Override
    public final Poll<T> poll(Context cx) {
        if (lifecycle == DONE) {
            throw new IllegalStateException(this + " polled after completion");
        }
        if (lifecycle == POLLING) {
            throw new IllegalStateException(this + " polled re-entrantly from inside its own poll");
        }
        lifecycle = POLLING;
        started = true;
        Poll<T> result;
        try {
            result = resume(cx);
        } catch (Throwable t) {
            child = null; // set only if the failure came from the child's own poll: it is not cancelled
            finish();
            throw Sneaky.<RuntimeException>sneak(t);
        }
        if (result.isReady()) {
            finish();
        } else {
            lifecycle = IDLE;
        }
        return result;
    }

    @Override
    public final void cancel() {
        if (lifecycle == DONE || cancelling) {
            return;
        }
        if (lifecycle == POLLING) {
            // Cancelled from inside its own poll (e.g. by code it awaits): the next await fails.
            cancelling = true;
            return;
        }
        cancelling = true;
        Future<?> awaited = child;
        child = null;
        if (awaited != null) {
            awaited.cancel();
        }
        if (!started) {
            finish();
            return;
        }
        lifecycle = POLLING;
        try {
            Poll<T> unused = resume(CANCEL_CONTEXT);
            if (unused.isPending()) {
                throw new IllegalStateException("a cancelled machine suspended again");
            }
        } catch (Throwable expected) {
            // The CancellationException (or whatever the unwinding threw) ends the machine.
        } finally {
            finish();
        }
    }

    /** Whether this machine has completed, failed or been cancelled. */
    public final boolean isDone() {
        return lifecycle == DONE;
    }

    /** Starts awaiting {@code future}: the resume state polls it through {@link #child()}. */
    protected final void awaitOn(Future<?> future) {
        if (future == null) {
            throw new NullPointerException("await(null)");
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
        if (cancelling) {
            Future<?> awaited = child;
            child = null;
            if (awaited != null) {
                awaited.cancel();
            }
            throw new CancellationException("the @Async method was cancelled at this await");
        }
        return child;
    }

    /**
     * Takes the outcome of the child's poll: {@code true} when it is ready (its value is then read
     * by {@link #awaited}), {@code false} when it is pending.
     */
    protected final boolean takeReady(Poll<?> p) {
        if (p.isPending()) {
            return false;
        }
        child = null;
        childValue = p.get();
        return true;
    }

    /**
     * Forgets the awaited child when a failure is routed to a {@code catch} or {@code finally}
     * state: if it came from the child's poll, the child has failed and must not be kept (or
     * cancelled later); otherwise there is no child.
     */
    protected final void dropChild() {
        child = null;
    }

    /**
     * The value of the child that {@link #takeReady} found ready. The argument is never
     * evaluated (generated code passes {@code false ? expr : null}); it only lets javac infer the
     * value's type from the awaited expression, exactly as it does for {@code await(expr)}.
     */
    @SuppressWarnings("unchecked")
    protected final <V> V awaited(Future<V> typeWitness) {
        Object v = childValue;
        childValue = null;
        return (V) v;
    }

    /** Same as {@link #awaited(Future)} for an awaited {@link java.util.concurrent.CompletionStage}. */
    @SuppressWarnings("unchecked")
    protected final <V> V awaited(java.util.concurrent.CompletionStage<V> typeWitness) {
        Object v = childValue;
        childValue = null;
        return (V) v;
    }

    /**
     * The value of the ready child, typed by the caller ({@code this.<T>awaitedValue()}); used where
     * the type is written exactly, e.g. the machine's own result type.
     */
    @SuppressWarnings("unchecked")
    protected final <V> V awaitedValue() {
        Object v = childValue;
        childValue = null;
        return (V) v;
    }

    private void finish() {
        lifecycle = DONE;
        Future<?> awaited = child;
        child = null;
        childValue = null;
        if (awaited != null && !cancelling) {
            awaited.cancel();
        }
        clearFields();
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
        String frame = where(state);
        if (lifecycle == DONE) {
            return frame + " (done)";
        }
        if (!started) {
            return frame + " (not started)";
        }
        Future<?> awaited = child;
        return awaited == null ? frame : frame + " awaiting " + awaited;
    }
}
