package dev.jawait.combinator;

import dev.jawait.Future;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Structured concurrency within one task: a scope runs a body that may {@link #fork} child
 * futures, and the scope's future does not complete until every child has finished. Nothing
 * started in a scope outlives it.
 *
 * <pre>{@code
 * Future<Report> report = TaskScope.run(scope -> {
 *     ScopedTask<User> user = scope.fork(fetchUser(id));
 *     ScopedTask<List<Order>> orders = scope.fork(fetchOrders(id));
 *     return buildReport(user, orders);   // an @Async method that awaits both handles
 * });
 * }</pre>
 *
 * <p>Rules (those of Kotlin's {@code coroutineScope}):
 * <ul>
 *   <li>The scope completes with the body's value once the body <em>and every child</em> have
 *       completed; children the body did not await are still waited for.</li>
 *   <li>The first failure of the body or of any child cancels everything else still running
 *       (body included) and the scope fails with it.</li>
 *   <li>Cancelling the scope's future cancels the body and every child.</li>
 *   <li>{@link ScopedTask#abort() Aborting} a child cancels just that child; it does not fail the
 *       scope.</li>
 * </ul>
 *
 * <p>The scope's future polls the body and the children itself, each with its own waker, so only
 * woken ones are polled again (no executor or spawn is involved: all of it runs inside the task
 * that awaits the scope). {@link #fork} is safe from any thread while the scope is running.
 */
public final class TaskScope {
    private final ScopeFuture<?> owner;

    private TaskScope(ScopeFuture<?> owner) {
        this.owner = owner;
    }

    /**
     * A future that, when first polled, calls {@code body} with a new scope and then runs the
     * future it returns together with every child forked into the scope; see the class comment.
     */
    public static <R> Future<R> run(Function<? super TaskScope, ? extends Future<R>> body) {
        return new ScopeFuture<>(Objects.requireNonNull(body, "body"));
    }

    /**
     * Starts {@code child} in this scope (it is first polled at the scope's next poll) and returns
     * a handle to await its outcome.
     *
     * @throws IllegalStateException if the scope has ended
     */
    public <T> ScopedTask<T> fork(Future<T> child) {
        Objects.requireNonNull(child, "child");
        ScopedTask<T> handle = new ScopedTask<>();
        handle.child = owner.add(child, handle);
        owner.activeChildren.incrementAndGet();
        return handle;
    }

    /** The number of children (not counting the body) that have not finished yet. */
    public int activeChildren() {
        return owner.activeChildren.get();
    }

    @Override
    public String toString() {
        return "TaskScope[" + owner + "]";
    }

    /** The scope's future: the body is a child like the others, with no handle. */
    private static final class ScopeFuture<R> extends ChildSet<R> {
        private final Function<? super TaskScope, ? extends Future<R>> body;
        private Child bodyChild;
        private boolean bodyDone;
        private R bodyValue;
        /** Forked children not yet finished (the body is not counted). */
        final AtomicInteger activeChildren = new AtomicInteger();

        ScopeFuture(Function<? super TaskScope, ? extends Future<R>> body) {
            this.body = body;
        }

        @Override
        void beforePoll() {
            if (bodyChild != null) {
                return;
            }
            Future<R> f;
            try {
                f = Objects.requireNonNull(body.apply(new TaskScope(this)), "scope body returned null");
            } catch (Throwable t) {
                fail(t);
                return;
            }
            bodyChild = add(f, null);
        }

        @Override
        @SuppressWarnings("unchecked")
        void childCompleted(Child c, Object value) {
            if (c == bodyChild) {
                bodyDone = true;
                bodyValue = (R) value;
            } else {
                childFinished(c).succeeded(value);
            }
            checkDone();
        }

        @Override
        void childFailed(Child c, Throwable failure) {
            if (c != bodyChild) {
                childFinished(c).failed(failure);
            }
            fail(failure);
        }

        @Override
        void childAborted(Child c) {
            if (c != bodyChild) {
                childFinished(c).cancelled();
            }
            checkDone();
        }

        @Override
        void childCancelled(Child c) {
            if (c != bodyChild) {
                childFinished(c).cancelled();
            }
        }

        private void checkDone() {
            if (bodyDone && unfinished() == 0) {
                succeed(bodyValue);
            }
        }

        private ScopedTask<?> childFinished(Child c) {
            activeChildren.decrementAndGet();
            return (ScopedTask<?>) c.attachment;
        }

        @Override
        public String toString() {
            return describe("TaskScope.run");
        }
    }
}
