package dev.jawait.machine;

import dev.jawait.Future;
import dev.jawait.Futures;
import dev.jawait.internal.Sneaky;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionStage;

/** Static helpers that generated machines call. Not for hand-written code. */
public final class Machines {
    private Machines() {}


    /** The future to await for an {@code await(Future)}. */
    public static <V> Future<V> awaitable(Future<V> future) {
        return future;
    }

    /** The future to await for an {@code await(CompletionStage)}: failures arrive unwrapped. */
    public static <V> Future<V> awaitable(CompletionStage<V> stage) {
        if (stage == null) {
            throw new NullPointerException("await(null)");
        }
        return Futures.fromStage(stage);
    }

    /**
     * {@link #awaitable(Future)} for an await whose value initializes a variable of type {@code V}
     * ({@code Supplier<String> s = await(make(() -> "x"))}). Called as
     * {@code Machines.<V>awaitableAs(...)}, it gives the future's expression the target that the
     * await gave it in the source, which a lambda or method reference in it may need for its type
     * (JLS 15.27.3): the machine evaluates the future apart from where its value goes.
     */
    public static <V> Future<? extends V> awaitableAs(Future<? extends V> future) {
        return future;
    }

    /** {@link #awaitableAs(Future)} for an {@code await(CompletionStage)}. */
    public static <V> Future<? extends V> awaitableAs(CompletionStage<? extends V> stage) {
        return awaitable(stage);
    }

    /**
     * Reads back a temporary stored in an {@code Object} field with the exact static type of the
     * expression it was computed from. {@code typeWitness} is never evaluated (generated code passes
     * {@code false ? expr : null}); it lets javac infer the type so the generated code never writes
     * one it is not sure about.
     */
    @SuppressWarnings("unchecked")
    public static <V> V typed(Object raw, V typeWitness) {
        return (V) raw;
    }

    /**
     * A full-privilege lookup on {@code target} for a machine: the generated class lives in the
     * same package (so the same module) as the user's class, where
     * {@link MethodHandles#privateLookupIn} grants private access. {@code caller} is the machine's
     * own {@code MethodHandles.lookup()}.
     */
    public static MethodHandles.Lookup privateLookup(Class<?> target, MethodHandles.Lookup caller) {
        try {
            return MethodHandles.privateLookupIn(target, caller);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("jawait: no private access to " + target, e);
        }
    }

    /** A {@link VarHandle} for field {@code name} of {@code owner}, through {@code lookup}. */
    public static VarHandle field(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> type,
            boolean isStatic) {
        try {
            return isStatic ? lookup.findStaticVarHandle(owner, name, type) : lookup.findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jawait: cannot reach field " + owner.getName() + "." + name, e);
        }
    }

    /**
     * A {@link MethodHandle} for method {@code name} of {@code owner}: static, virtual, or, when
     * {@code specialCaller} is not null, the {@code super.name(...)} call made from that class.
     */
    public static MethodHandle method(MethodHandles.Lookup lookup, Class<?> owner, String name, MethodType type,
            boolean isStatic, Class<?> specialCaller) {
        try {
            if (isStatic) {
                return lookup.findStatic(owner, name, type);
            }
            if (specialCaller != null) {
                return lookup.findSpecial(owner, name, type, specialCaller);
            }
            return lookup.findVirtual(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jawait: cannot reach method " + owner.getName() + "." + name, e);
        }
    }

    /** A {@link MethodHandle} for the constructor of {@code owner} of parameter types {@code type}, through {@code lookup}. */
    public static MethodHandle constructor(MethodHandles.Lookup lookup, Class<?> owner, MethodType type) {
        try {
            return lookup.findConstructor(owner, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jawait: cannot reach a constructor of " + owner.getName(), e);
        }
    }

    /**
     * Throws {@code failure} as it is, checked or not, for a generated caller of a private member
     * that declares exactly what the member declares: what the member's handle throws is one of
     * those or unchecked. Declared to return, so that the caller can write {@code throw rethrow(t)}.
     */
    public static RuntimeException rethrow(Throwable failure) {
        throw Sneaky.<RuntimeException>sneak(failure);
    }

    /** The iterator of an enhanced {@code for} over an {@link Iterable}. */
    public static Iterator<?> iterate(Iterable<?> iterable) {
        return iterable.iterator();
    }

    /**
     * The "iterator" of an enhanced {@code for} over an array: reads the array's elements live, as
     * the JLS expansion {@code for (int i = 0; i < a.length; i++) T x = a[i];} does.
     */
    public static Iterator<?> iterate(Object[] array) {
        return new ArrayCursor(array);
    }

    /** See {@link #iterate(Object[])}. */
    public static Iterator<?> iterate(int[] array) {
        return new ArrayCursor(array);
    }

    /** See {@link #iterate(Object[])}. */
    public static Iterator<?> iterate(long[] array) {
        return new ArrayCursor(array);
    }

    /** See {@link #iterate(Object[])}. */
    public static Iterator<?> iterate(double[] array) {
        return new ArrayCursor(array);
    }

    /** See {@link #iterate(Object[])}. */
    public static Iterator<?> iterate(float[] array) {
        return new ArrayCursor(array);
    }

    /** See {@link #iterate(Object[])}. */
    public static Iterator<?> iterate(short[] array) {
        return new ArrayCursor(array);
    }

    /** See {@link #iterate(Object[])}. */
    public static Iterator<?> iterate(byte[] array) {
        return new ArrayCursor(array);
    }

    /** See {@link #iterate(Object[])}. */
    public static Iterator<?> iterate(char[] array) {
        return new ArrayCursor(array);
    }

    /** See {@link #iterate(Object[])}. */
    public static Iterator<?> iterate(boolean[] array) {
        return new ArrayCursor(array);
    }

    /** The next element of an enhanced {@code for}, typed like the iterated expression's elements. */
    @SuppressWarnings("unchecked")
    public static <V> V next(Iterator<?> it, Iterable<V> typeWitness) {
        return (V) it.next();
    }

    /** See {@link #next(Iterator, Iterable)}. */
    @SuppressWarnings("unchecked")
    public static <V> V next(Iterator<?> it, V[] typeWitness) {
        return (V) it.next();
    }

    /** See {@link #next(Iterator, Iterable)}. */
    public static int next(Iterator<?> it, int[] typeWitness) {
        return (Integer) it.next();
    }

    /** See {@link #next(Iterator, Iterable)}. */
    public static long next(Iterator<?> it, long[] typeWitness) {
        return (Long) it.next();
    }

    /** See {@link #next(Iterator, Iterable)}. */
    public static double next(Iterator<?> it, double[] typeWitness) {
        return (Double) it.next();
    }

    /** See {@link #next(Iterator, Iterable)}. */
    public static float next(Iterator<?> it, float[] typeWitness) {
        return (Float) it.next();
    }

    /** See {@link #next(Iterator, Iterable)}. */
    public static short next(Iterator<?> it, short[] typeWitness) {
        return (Short) it.next();
    }

    /** See {@link #next(Iterator, Iterable)}. */
    public static byte next(Iterator<?> it, byte[] typeWitness) {
        return (Byte) it.next();
    }

    /** See {@link #next(Iterator, Iterable)}. */
    public static char next(Iterator<?> it, char[] typeWitness) {
        return (Character) it.next();
    }

    /** See {@link #next(Iterator, Iterable)}. */
    public static boolean next(Iterator<?> it, boolean[] typeWitness) {
        return (Boolean) it.next();
    }

    /** Closes a try-with-resources resource as JLS 14.20.3.1 does, adding suppressed failures. */
    public static Throwable closeResource(AutoCloseable resource, Throwable primary) {
        if (resource == null) {
            return primary;
        }
        try {
            resource.close();
        } catch (Throwable t) {
            if (primary == null) {
                return t;
            }
            if (primary != t) {
                primary.addSuppressed(t);
            }
        }
        return primary;
    }

    /** Live cursor over any array (reflection-free: one branch per primitive kind). */
    private static final class ArrayCursor implements Iterator<Object> {
        private final Object array;
        private final int length;
        private int index;

        ArrayCursor(Object array) {
            this.array = array;
            this.length = java.lang.reflect.Array.getLength(array);
        }

        @Override
        public boolean hasNext() {
            return index < length;
        }

        @Override
        public Object next() {
            if (index >= length) {
                throw new NoSuchElementException();
            }
            // Reference arrays (the common case) are read directly; reflection only boxes primitives.
            return array instanceof Object[] ? ((Object[]) array)[index++] : java.lang.reflect.Array.get(array, index++);
        }

        @Override
        public String toString() {
            return "ArrayCursor" + Arrays.asList(index, length);
        }
    }
}
