package dev.jawait.fuzzer.rt;

/** A mutable object for field stores, compound assignment on fields and object creation. */
public final class Box {
    /** A mutable int field. */
    public int f;
    /** A mutable String field. */
    public String s;

    /** A box (logged, so that the place of the creation in the evaluation order shows). */
    public Box(int f, String s) {
        this.f = f;
        this.s = s;
        Fx.log("new Box " + f + " " + s);
    }

    /** Returns {@code this} after logging: a receiver whose evaluation shows in the log. */
    public Box self(String tag) {
        Fx.log(tag);
        return this;
    }

    @Override
    public String toString() {
        return "Box(" + f + "," + s + ")";
    }
}
