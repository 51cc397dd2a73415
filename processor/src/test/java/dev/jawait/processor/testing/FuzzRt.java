package dev.jawait.processor.testing;

import dev.jawait.Future;

/**
 * The few helpers the differential fuzzer's reproducers call (its {@code dev.jawait.fuzzer.rt}),
 * over {@link Fx}'s futures, so that its shrunk programs run here almost verbatim. They are
 * reached by a static on-demand import, as in the fuzzer's programs.
 */
public final class FuzzRt {
    private FuzzRt() {}

    /** A checked failure a program may throw or catch. */
    public static final class FxChecked extends Exception {
        private static final long serialVersionUID = 1L;

        public FxChecked(String message) {
            super(message);
        }
    }

    /** An unchecked failure a program may throw or catch. */
    public static final class FxUnchecked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public FxUnchecked(String message) {
            super(message);
        }
    }

    /** A resource that logs its opening and closing; {@code closeFailure} 1/2 makes close throw. */
    public static final class Res implements AutoCloseable {
        private final String name;
        private final int closeFailure;

        public Res(String name, int closeFailure) {
            this.name = name;
            this.closeFailure = closeFailure;
            Fx.log("open " + name);
        }

        /** Logs a use of the resource; returns {@code x + 1}. */
        public int use(int x) {
            Fx.log("use " + name + " " + x);
            return x + 1;
        }

        @Override
        public void close() throws FxChecked {
            Fx.log("close " + name);
            if (closeFailure == 1) {
                throw new FxUnchecked("close " + name);
            }
            if (closeFailure == 2) {
                throw new FxChecked("close " + name);
            }
        }
    }

    /** The awaited future of {@code value}; logs {@code tag}. */
    public static <T> Future<T> v(String tag, T value) {
        return Fx.value(tag, value);
    }

    /** Logs and returns the array: an array-valued operand whose evaluation shows in the log. */
    public static int[] arr(String tag, int[] a) {
        Fx.log(tag);
        return a;
    }

    /** A loop step; logs it. */
    public static void step() {
        Fx.log("step");
    }
}
