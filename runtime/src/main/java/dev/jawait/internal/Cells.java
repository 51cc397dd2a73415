package dev.jawait.internal;

/**
 * Cells: arrays of {@value #LENGTH} elements that hold one value, at {@value #INDEX}, so that no
 * other object shares the cache line of a value one thread writes at every poll. Not part of the
 * API.
 *
 * <p>Why: the garbage collector moves objects, and after a collection two small objects that two
 * threads write all the time (say, two workers' poll budgets, 16 bytes each) can land on one
 * 64-byte line. Each write then takes the line from the other core ("false sharing"). The cost
 * came and went with each young collection: work-stealing skynet ran at 45 ms or at 80–125 ms per
 * tree for seconds at a time, depending on where the last collection had put those objects.
 * Field padding cannot prevent it, because the JVM orders an object's fields as it likes; an
 * array moves whole, so its {@value #INDEX} elements on each side of the value go with it.
 */
public final class Cells {
    /** Where the value sits: 16 elements, 64 bytes or more, from either end of the array. */
    public static final int INDEX = 16;
    /** The length of a cell. */
    public static final int LENGTH = 2 * INDEX + 1;

    private Cells() {}
}
