package dev.jawait.fuzzer.run;

import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.WorkStealingExecutor;
import dev.jawait.fuzzer.rt.Fx;
import dev.jawait.fuzzer.rt.Schedule;
import dev.jawait.task.UnhandledFailureHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a compiled program's {@code entry()} under one {@link Schedule} and {@link Drive}, on a
 * runner thread with a timeout (a lost wake-up in a machine must show as a divergence, not hang
 * the campaign). Runs are sequential: {@link Fx} holds the per-run state.
 */
public final class Runner implements AutoCloseable {
    private final long timeoutMillis;
    private ExecutorService thread = newThread();
    private WorkStealingExecutor workStealing;

    /** A runner whose runs time out after {@code timeoutMillis}. */
    public Runner(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    private static ExecutorService newThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-runner");
            t.setDaemon(true);
            return t;
        });
    }

    private WorkStealingExecutor workStealing() {
        if (workStealing == null) {
            workStealing = WorkStealingExecutor.builder().workers(2).daemon(true)
                    .threadNamePrefix("fuzz-ws").unhandledFailureHandler((task, failure) -> { }).build();
        }
        return workStealing;
    }

    /** Runs {@code cls.entry()} and drives the returned future. */
    public synchronized Outcome run(Class<?> cls, Schedule schedule, Drive drive) {
        WorkStealingExecutor ws = drive == Drive.WORK_STEALING ? workStealing() : null;
        java.util.concurrent.Future<Outcome> f = thread.submit(() -> {
            try {
                return runHere(cls, schedule, drive, ws);
            } finally {
                clearStatics(cls);
            }
        });
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            thread.shutdownNow();
            thread = newThread(); // the stuck thread is abandoned (daemon)
            if (workStealing != null) {
                workStealing.shutdown();
                workStealing = null;
            }
            return Outcome.timeout(Fx.log());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("harness failure", e.getCause());
        }
    }

    private static Outcome runHere(Class<?> cls, Schedule schedule, Drive drive, WorkStealingExecutor ws)
            throws ReflectiveOperationException {
        Fx.begin(schedule);
        Method entry = cls.getMethod("entry");
        Object r;
        try {
            r = entry.invoke(null);
        } catch (InvocationTargetException e) {
            return new Outcome("threw " + Fx.describe(e.getCause()), Fx.log(), Fx.cancelled());
        }
        String result;
        try {
            result = "returned " + drive((Future<?>) r, schedule.cancels(), drive, ws);
        } catch (Throwable t) {
            result = "threw " + Fx.describe(t);
        }
        return new Outcome(result, Fx.log(), Fx.cancelled());
    }

    /**
     * Drives {@code future} to its value on {@code drive}. With a cancel point ({@code abortable}),
     * it is spawned and its handle awaited, so that the cancel point can abort it: on
     * {@link Drive#BLOCK_ON}, which has no task to abort, a machine reaching it fails (the plan
     * never asks for that; twins, which run there, never poll the future).
     */
    private static Object drive(Future<?> future, boolean abortable, Drive drive, WorkStealingExecutor ws) {
        switch (drive) {
            case BLOCK_ON:
                return Await.blockOn(future);
            case LOCAL:
                try (LocalExecutor local = LocalExecutor.create((task, failure) -> { })) {
                    return abortable ? local.blockOn(AbortAtCancelPoint.spawn(local, future)) : local.blockOn(future);
                }
            default:
                return abortable ? Await.blockOn(AbortAtCancelPoint.spawn(ws, future)) : ws.blockOn(future);
        }
    }

    /**
     * Drops what the program's static fields refer to (its {@code entry()} sets them again at the
     * start of every run): a twin's statics must not hold, say, a huge {@code String} while the
     * machine runs, which would leave the machine less memory than the twin had.
     */
    private static void clearStatics(Class<?> cls) throws IllegalAccessException {
        for (java.lang.reflect.Field f : cls.getDeclaredFields()) {
            int mods = f.getModifiers();
            if (java.lang.reflect.Modifier.isStatic(mods) && !java.lang.reflect.Modifier.isFinal(mods)
                    && !f.getType().isPrimitive()) {
                f.setAccessible(true);
                f.set(null, null);
            }
        }
    }

    @Override
    public synchronized void close() {
        thread.shutdownNow();
        if (workStealing != null) {
            workStealing.close();
        }
    }
}
