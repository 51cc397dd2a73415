package dev.jawait.bench;

/**
 * Runs a benchmark body outside JMH the way JMH would: the state's setup, the body, then the
 * state's teardown. The teardown runs also when the body fails, so that no executor thread outlives
 * a failed smoke test; a teardown failure after a failed body is kept as suppressed by the body's.
 */
final class WithState {
    private WithState() {}

    /** A setup, teardown or body step on a benchmark state. */
    @FunctionalInterface
    interface Step<S> {
        /** Runs the step on {@code state}. */
        void accept(S state) throws Exception;
    }

    /** Sets {@code state} up, runs {@code body} on it and tears it down. */
    static <S> void run(S state, Step<? super S> setup, Step<? super S> teardown, Step<? super S> body)
            throws Exception {
        setup.accept(state);
        try {
            body.accept(state);
        } catch (Throwable failure) {
            try {
                teardown.accept(state);
            } catch (Throwable teardownFailure) {
                failure.addSuppressed(teardownFailure);
            }
            throw failure;
        }
        teardown.accept(state);
    }

    /**
     * Runs {@code body} on a started {@link JawaitExecutors.Local}; its teardown checks that no task
     * was left behind.
     */
    static void onLocal(Step<JawaitExecutors.Local> body) throws Exception {
        run(new JawaitExecutors.Local(), JawaitExecutors.Local::start, JawaitExecutors.Local::stop, body);
    }

    /** Runs {@code body} on a started {@link JawaitExecutors.Ws}. */
    static void onWs(Step<JawaitExecutors.Ws> body) throws Exception {
        run(new JawaitExecutors.Ws(), JawaitExecutors.Ws::start, JawaitExecutors.Ws::stop, body);
    }
}
