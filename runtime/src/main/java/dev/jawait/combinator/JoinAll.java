package dev.jawait.combinator;

import dev.jawait.Future;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** {@link Combinators#joinAll}: every value in input order; the first failure cancels the rest. */
final class JoinAll<T> extends ChildSet<List<T>> {
    private final Object[] values;
    private int remaining;

    JoinAll(List<? extends Future<? extends T>> futures) {
        values = new Object[futures.size()];
        remaining = futures.size();
        for (Future<? extends T> f : futures) {
            add(f, null);
        }
        if (remaining == 0) {
            succeed(List.of());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    void childCompleted(Child c, Object value) {
        values[c.index] = value;
        if (--remaining == 0) {
            succeed((List<T>) Collections.unmodifiableList(Arrays.asList(values)));
        }
    }

    @Override
    void childFailed(Child c, Throwable failure) {
        fail(failure);
    }

    @Override
    public String toString() {
        return describe("joinAll");
    }
}
