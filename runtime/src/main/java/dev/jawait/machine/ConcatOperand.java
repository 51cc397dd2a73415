package dev.jawait.machine;

/**
 * The left operand of a {@code +} that is spilled before an await on its right, when the processor
 * cannot tell its static type: javac picks the overload from that type in the generated code.
 *
 * <p>A string concatenation converts its left operand to a string before the right one is
 * evaluated (JLS 15.18.1, JDK-8273914), so a mutable object must be converted now. A reference
 * that is neither a {@code String} nor a box can only be the left operand of a concatenation, so
 * it is converted; primitives, boxes and strings keep their value (their conversion cannot change
 * later) and stay usable in a numeric {@code +}. Not for hand-written code.
 */
public final class ConcatOperand {
    private ConcatOperand() {}

    /** Any other reference: converted to its string now. */
    public static String spill(Object value) {
        return String.valueOf(value);
    }

    /** A string keeps its value. */
    public static String spill(String value) {
        return value;
    }

    /** A primitive keeps its value (it may be a numeric operand). */
    public static int spill(int value) {
        return value;
    }

    /** See {@link #spill(int)}. */
    public static long spill(long value) {
        return value;
    }

    /** See {@link #spill(int)}. */
    public static double spill(double value) {
        return value;
    }

    /** See {@link #spill(int)}. */
    public static float spill(float value) {
        return value;
    }

    /** See {@link #spill(int)}. */
    public static short spill(short value) {
        return value;
    }

    /** See {@link #spill(int)}. */
    public static byte spill(byte value) {
        return value;
    }

    /** See {@link #spill(int)}. */
    public static char spill(char value) {
        return value;
    }

    /** See {@link #spill(int)}. */
    public static boolean spill(boolean value) {
        return value;
    }

    /** A box keeps its value: immutable, and it may be a numeric operand. */
    public static Integer spill(Integer value) {
        return value;
    }

    /** See {@link #spill(Integer)}. */
    public static Long spill(Long value) {
        return value;
    }

    /** See {@link #spill(Integer)}. */
    public static Double spill(Double value) {
        return value;
    }

    /** See {@link #spill(Integer)}. */
    public static Float spill(Float value) {
        return value;
    }

    /** See {@link #spill(Integer)}. */
    public static Short spill(Short value) {
        return value;
    }

    /** See {@link #spill(Integer)}. */
    public static Byte spill(Byte value) {
        return value;
    }

    /** See {@link #spill(Integer)}. */
    public static Character spill(Character value) {
        return value;
    }

    /** See {@link #spill(Integer)}. */
    public static Boolean spill(Boolean value) {
        return value;
    }
}
