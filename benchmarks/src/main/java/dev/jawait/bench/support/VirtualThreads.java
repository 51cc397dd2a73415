package dev.jawait.bench.support;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads for a module compiled at release 17: found with method handles at run time, so
 * the virtual-thread rows run on JDK 21+ and are skipped, with {@link #UNAVAILABLE} as the reason,
 * on JDK 17.
 */
public final class VirtualThreads {
    private VirtualThreads() {}

    /** Why the rows are skipped on this JDK. */
    public static final String UNAVAILABLE =
            "virtual-thread rows skipped: this JVM is Java " + Runtime.version().feature()
                    + ", virtual threads need Java 21+ (the numbers in BENCHMARKS.md come from"
                    + " /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)";

    /** {@code Thread.ofVirtual()} or null on a JDK without virtual threads. */
    private static final MethodHandle OF_VIRTUAL = find();

    private static MethodHandle find() {
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            return MethodHandles.publicLookup()
                    .findStatic(Thread.class, "ofVirtual",
                            MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")))
                    .asType(MethodType.methodType(builder));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** Whether this JVM has virtual threads. */
    public static boolean available() {
        return OF_VIRTUAL != null;
    }

    /**
     * A factory of unstarted virtual threads named {@code prefix0}, {@code prefix1}, ...
     *
     * @throws UnsupportedOperationException with {@link #UNAVAILABLE} on JDK 17
     */
    public static ThreadFactory factory(String prefix) {
        if (OF_VIRTUAL == null) {
            throw new UnsupportedOperationException(UNAVAILABLE);
        }
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Object b = OF_VIRTUAL.invoke();
            MethodHandle name = MethodHandles.publicLookup().findVirtual(builder, "name",
                    MethodType.methodType(builder, String.class, long.class));
            MethodHandle factory = MethodHandles.publicLookup().findVirtual(builder, "factory",
                    MethodType.methodType(ThreadFactory.class));
            return (ThreadFactory) factory.invoke(name.invoke(b, prefix, 0L));
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create a virtual thread factory", e);
        }
    }
}
