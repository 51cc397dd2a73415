package dev.jawait.fuzzer.rt;

/**
 * Thrown by {@link Fx#step()} when a program has run too many loop iterations or calls. It is an
 * {@link Error} so that no generated {@code catch} swallows it; it is deterministic, so the
 * machine and its twin throw it at the same step.
 */
public final class FxBudgetError extends Error {
    private static final long serialVersionUID = 1L;

    FxBudgetError() {
        super("step budget exhausted");
    }
}
