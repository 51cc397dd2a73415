package dev.jawait.combinator;

import dev.jawait.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Combinators#any}: the first future to succeed wins and the others are cancelled; if every
 * future fails, {@link AllFailedException}.
 */
final class AnyOf<T> extends ChildSet<T> {
    private final int size;
    private final List<Throwable> failures = new ArrayList<>();

    AnyOf(List<? extends Future<? extends T>> futures) {
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("any of no futures has no value to give");
        }
        size = futures.size();
        for (Future<? extends T> f : futures) {
            add(f, null);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    void childCompleted(Child c, Object value) {
        succeed((T) value);
    }

    @Override
    void childFailed(Child c, Throwable failure) {
        failures.add(failure);
        if (failures.size() == size) {
            fail(new AllFailedException(failures));
        }
    }

    @Override
    public String toString() {
        return describe("any");
    }
}
