package dev.jawait.executor;

import dev.jawait.Future;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A spawn made from another thread, waiting in the inbox for the executor thread to give it a
 * slot. Exactly one party claims it: the executor (to run it, or to cancel it at shutdown) or the
 * spawner itself (when it finds the executor closed right after pushing).
 */
final class LocalSpawnRequest extends LocalInbox.Node {
    private static final VarHandle CLAIMED;

    static {
        try {
            CLAIMED = MethodHandles.lookup()
                    .findVarHandle(LocalSpawnRequest.class, "claimed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Future<Object> future;
    final LocalJoinHandle<Object> handle;
    private volatile boolean claimed;

    LocalSpawnRequest(Future<Object> future, LocalJoinHandle<Object> handle) {
        this.future = future;
        this.handle = handle;
    }

    /** Whether this call is the one that took responsibility for the request. */
    boolean claim() {
        return CLAIMED.compareAndSet(this, false, true);
    }
}
