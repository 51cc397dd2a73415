package dev.jawait.machine;

/**
 * The left operand of a {@code +} that is spilled before an await on its right, when the processor
 * cannot tell the types: javac picks the overloads in the generated code from the type of the
 * whole {@code +} (passed as a never-evaluated witness, {@code false ? left + right : null}).
 *
 * <p>A string concatenation converts its left operand to a string before the right one is
 * evaluated (JLS 15.18.1, JDK-8273914), so a mutable object must be converted when it is
 * spilled. A numeric addition keeps the value. The witness of the whole {@code +} is a binary
 * expression, never a poly expression, so exactly one overload applies: {@code String} for a
 * concatenation, else the box of the promoted numeric type. Not for hand-written code.
 */
public final class ConcatOperand {
    private ConcatOperand() {}

    /** The left operand of a string concatenation: its string, now. */
    public static Object spill(Object left, String whole) {
        return String.valueOf(left);
    }

    /** The left operand of an {@code int} addition: its value. */
    public static Object spill(Object left, Integer whole) {
        return left;
    }

    /** The left operand of a {@code long} addition: its value. */
    public static Object spill(Object left, Long whole) {
        return left;
    }

    /** The left operand of a {@code float} addition: its value. */
    public static Object spill(Object left, Float whole) {
        return left;
    }

    /** The left operand of a {@code double} addition: its value. */
    public static Object spill(Object left, Double whole) {
        return left;
    }

    /** Reads back a spilled concatenation operand: the string it was converted to. */
    public static String readBack(Object raw, Object leftWitness, String whole) {
        return (String) raw;
    }

    /** Reads back a spilled numeric operand with the left operand's own type. */
    @SuppressWarnings("unchecked")
    public static <V> V readBack(Object raw, V leftWitness, Integer whole) {
        return (V) raw;
    }

    /** See {@link #readBack(Object, Object, Integer)}. */
    @SuppressWarnings("unchecked")
    public static <V> V readBack(Object raw, V leftWitness, Long whole) {
        return (V) raw;
    }

    /** See {@link #readBack(Object, Object, Integer)}. */
    @SuppressWarnings("unchecked")
    public static <V> V readBack(Object raw, V leftWitness, Float whole) {
        return (V) raw;
    }

    /** See {@link #readBack(Object, Object, Integer)}. */
    @SuppressWarnings("unchecked")
    public static <V> V readBack(Object raw, V leftWitness, Double whole) {
        return (V) raw;
    }
}
