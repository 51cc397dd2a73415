package dev.jawait.processor.check;

/** A check over the body of one well-declared {@code @Async} method. */
interface MethodCheck {
    /** Reports what is wrong in {@code method}. */
    void check(MethodFacts method, Reporter reporter);
}
