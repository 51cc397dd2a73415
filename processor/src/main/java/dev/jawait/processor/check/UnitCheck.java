package dev.jawait.processor.check;

/** A check over a whole compilation unit (awaits anywhere, {@code @Async} declarations). */
interface UnitCheck {
    /** Reports what is wrong in {@code unit}. */
    void check(UnitFacts unit, Reporter reporter);
}
