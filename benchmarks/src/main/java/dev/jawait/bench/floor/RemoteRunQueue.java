package dev.jawait.bench.floor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor for a wake from another thread: one owner thread resumes {@link Task}s that any thread
 * may wake. The least a correct design needs: a per-task "notified" edge (one atomic swap), an
 * intrusive lock-free stack as the inbox (one CAS, no allocation), and park/unpark of the owner
 * only when it sleeps (a Dekker handshake on two volatiles).
 */
public final class RemoteRunQueue implements AutoCloseable {
    /** A hand-written task that another thread may wake. */
    public abstract static class Task {
        private static final VarHandle NOTIFIED;

        static {
            try {
                NOTIFIED = MethodHandles.lookup().findVarHandle(Task.class, "notified", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // through NOTIFIED
        private volatile boolean notified;
        private Task next;

        /** For subclasses. */
        protected Task() {}

        /** Runs on the owner thread after a wake. */
        protected abstract void resume();
    }

    private final AtomicReference<Task> inbox = new AtomicReference<>();
    private final Thread owner;
    private volatile boolean sleeping;
    private volatile boolean stopped;

    /** Starts the owner thread, named {@code name}. */
    public RemoteRunQueue(String name) {
        owner = new Thread(this::loop, name);
        owner.setDaemon(true);
        owner.start();
    }

    /** Schedules {@code task} on the owner thread; safe from any thread, many wakes owe one resume. */
    public void wake(Task task) {
        if ((boolean) Task.NOTIFIED.getAndSet(task, true)) {
            return;
        }
        Task head;
        do {
            head = inbox.get();
            task.next = head;
        } while (!inbox.compareAndSet(head, task));
        if (sleeping) {
            LockSupport.unpark(owner);
        }
    }

    private void loop() {
        while (!stopped) {
            Task batch = inbox.getAndSet(null);
            if (batch == null) {
                sleeping = true;
                // Re-check after announcing sleep: a waker that pushed before reading `sleeping`
                // is seen here, one that pushed after will unpark us.
                if (inbox.get() == null && !stopped) {
                    LockSupport.park(this);
                }
                sleeping = false;
                continue;
            }
            while (batch != null) {
                Task task = batch;
                batch = task.next;
                task.next = null;
                Task.NOTIFIED.setVolatile(task, false); // before resume: a wake during it requeues
                task.resume();
            }
        }
    }

    /** Stops the owner thread and waits for it. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        LockSupport.unpark(owner);
        owner.join();
    }
}
